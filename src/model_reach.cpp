// Lifecycle thresholds that no journey can ever meet: a model with one is a mistake (a lead that
// can never become MQL), so validation refuses it.
#include <algorithm>

#include "model_reader.hpp"

namespace mqlite::model_detail {

namespace {

// Why a ceiling holds, spelled out only when a threshold is over it: the message, its '%' the number.
struct Ceiling {
  std::optional<double> value;  // nullopt: unbounded
  const char* message = "";
  double shown = 0;
};

// The highest engagement any journey can reach: engagement = clamp(Σ awards, min, max).
Ceiling engagementCeiling(const Model& m, bool rulesComplete) {
  const bool anyPositive = std::any_of(m.engagementRules.begin(), m.engagementRules.end(),
                                       [](const EngagementRule& rule) { return rule.points > 0; });
  if (anyPositive || !rulesComplete) {
    if (m.engagementMax) return {m.engagementMax, "can never be met: engagement is at most /engagement/max = %", *m.engagementMax};
    return {};
  }
  const double top = std::max(m.engagementMin, 0.0);
  return {m.engagementMax ? std::min(top, *m.engagementMax) : top,
          "can never be met: no engagement rule awards positive points, so engagement stays at most %", top};
}

// The highest fit any set of traits can reach: fit = clamp(Σ matching points, min, max).
Ceiling fitCeiling(const Model& m, bool rulesComplete) {
  double positive = 0;
  for (const FitRule& rule : m.fitRules) positive += std::max(rule.points, 0.0);
  const double fromRules = m.fitMin ? std::max(positive, *m.fitMin) : positive;
  if (m.fitMax && (*m.fitMax < fromRules || !rulesComplete))
    return {m.fitMax, "can never be met: fit is at most /fit/max = %", *m.fitMax};
  if (!rulesComplete) return {};
  return {fromRules, "can never be met: fit is at most % (the sum of positive fit points)", fromRules};
}

void checkThreshold(Reader& r, const std::optional<double>& threshold, const Ceiling& ceiling,
                    const char* pointer) {
  if (threshold && ceiling.value && *threshold > *ceiling.value)
    r.report(Ptr(pointer), ceiling.message, {ceiling.shown});
}

}  // namespace

void checkReachable(Reader& r, const Model& m, bool engagementRulesComplete, bool fitRulesComplete) {
  const Ceiling engagement = engagementCeiling(m, engagementRulesComplete);
  checkThreshold(r, m.engagedEngagement, engagement, "/lifecycle/engaged/engagement");
  checkThreshold(r, m.mqlEngagement, engagement, "/lifecycle/mql/engagement");
  checkThreshold(r, m.mqlFit, fitCeiling(m, fitRulesComplete), "/lifecycle/mql/fit");
}

}  // namespace mqlite::model_detail
