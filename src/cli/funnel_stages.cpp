#include "funnel_stages.hpp"

#include <algorithm>

namespace mqlite::cli {

const std::vector<std::string>& allStages() {
  static const std::vector<std::string> stages = {
      "Anonymous", "Known", "Engaged", "MQL", "SAL", "SQL", "Opportunity", "Customer",
      "Lost", "Recycled", "Disqualified"};
  return stages;
}

int stageOrder(const std::string& stage) {
  const auto& stages = allStages();
  auto it = std::find(stages.begin(), stages.end(), stage);
  return it == stages.end() ? -1 : static_cast<int>(it - stages.begin());
}

bool onMainPath(const std::string& stage) {
  int order = stageOrder(stage);
  return order >= stageOrder("Known") && order <= stageOrder("Customer");
}

std::optional<std::string> canonicalStage(std::string_view name) {
  for (const std::string& stage : allStages()) {
    if (stage.size() != name.size()) continue;
    bool same = std::equal(stage.begin(), stage.end(), name.begin(), [](char a, char b) {
      auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
      return lower(a) == lower(b);
    });
    if (same) return stage;
  }
  return std::nullopt;
}

}  // namespace mqlite::cli
