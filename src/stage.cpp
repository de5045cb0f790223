#include "stage.hpp"

namespace mqlite {

namespace {

constexpr Stage kAllStages[] = {Stage::Anonymous, Stage::Known,    Stage::Engaged,     Stage::MQL,
                                Stage::SAL,       Stage::SQL,      Stage::Opportunity, Stage::Customer,
                                Stage::Lost,      Stage::Recycled, Stage::Disqualified};

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  return true;
}

std::string joinNames(const std::vector<Stage>& stages) {
  std::string out;
  for (Stage s : stages) out += (out.empty() ? "" : ", ") + std::string(stageName(s));
  return out;
}

bool isAutomatic(Stage s) {
  return s == Stage::Anonymous || s == Stage::Known || s == Stage::Engaged || s == Stage::Recycled;
}

}  // namespace

const char* stageName(Stage stage) {
  switch (stage) {
    case Stage::Anonymous: return "Anonymous";
    case Stage::Known: return "Known";
    case Stage::Engaged: return "Engaged";
    case Stage::MQL: return "MQL";
    case Stage::SAL: return "SAL";
    case Stage::SQL: return "SQL";
    case Stage::Opportunity: return "Opportunity";
    case Stage::Customer: return "Customer";
    case Stage::Lost: return "Lost";
    case Stage::Recycled: return "Recycled";
    case Stage::Disqualified: return "Disqualified";
  }
  return "?";
}

std::optional<Stage> parseStage(std::string_view name) {
  for (Stage s : kAllStages)
    if (equalsIgnoringAsciiCase(name, stageName(s))) return s;
  return std::nullopt;
}

const std::vector<Stage>& manualMoves(Stage from) {
  static const std::vector<Stage> kNone;
  static const std::vector<Stage> kFromMql{Stage::SAL, Stage::Recycled, Stage::Disqualified};
  static const std::vector<Stage> kFromSal{Stage::SQL, Stage::Recycled, Stage::Disqualified};
  static const std::vector<Stage> kFromSql{Stage::Opportunity, Stage::Recycled, Stage::Disqualified};
  static const std::vector<Stage> kFromOpportunity{Stage::Customer, Stage::Lost};
  static const std::vector<Stage> kFromLost{Stage::Recycled};
  switch (from) {
    case Stage::MQL: return kFromMql;
    case Stage::SAL: return kFromSal;
    case Stage::SQL: return kFromSql;
    case Stage::Opportunity: return kFromOpportunity;
    case Stage::Lost: return kFromLost;
    default: return kNone;
  }
}

std::string refuseManualMove(Stage from, Stage to) {
  const std::vector<Stage>& allowed = manualMoves(from);
  for (Stage s : allowed)
    if (s == to) return "";
  std::string message = "cannot move from " + std::string(stageName(from)) + " to " + stageName(to) + ": ";
  if (from == Stage::Customer || from == Stage::Disqualified)
    return message + stageName(from) + " is final";
  if (isAutomatic(from))
    return message + "there are no manual moves from " + stageName(from) +
           " (it changes automatically; manual moves start at MQL)";
  return message + "allowed moves from " + stageName(from) + " are " + joinNames(allowed);
}

}  // namespace mqlite
