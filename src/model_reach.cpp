// Lifecycle thresholds that no journey can ever meet: a model with one is a mistake (a lead that
// can never become MQL), so validation refuses it.
#include <algorithm>
#include <limits>

#include "model_reader.hpp"

namespace mqlite::model_detail {

namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();  // over every (finite) threshold

// Why a ceiling holds, spelled out only when a threshold is over it: the message, its '%' the number.
struct Ceiling {
  double value;
  const char* message;
  double shown;
};

// The highest engagement any journey can reach: engagement = clamp(Σ awards, min, max).
Ceiling engagementCeiling(const Model& m, bool rulesComplete) {
  const bool anyPositive = std::any_of(m.engagementRules.begin(), m.engagementRules.end(),
                                       [](const EngagementRule& rule) { return rule.points > 0; });
  const double max = m.engagementMax.value_or(kUnbounded);
  if (anyPositive || !rulesComplete) return {max, "can never be met: engagement is at most /engagement/max = %", max};
  const double top = std::max(m.engagementMin, 0.0);
  return {std::min(top, max),
          "can never be met: no engagement rule awards positive points, so engagement stays at most %", top};
}

// The highest fit any set of traits can reach: fit = clamp(Σ matching points, min, max).
Ceiling fitCeiling(const Model& m, bool rulesComplete) {
  double positive = 0;
  for (const FitRule& rule : m.fitRules) positive += std::max(rule.points, 0.0);
  const double fromRules = m.fitMin ? std::max(positive, *m.fitMin) : positive;
  const double max = m.fitMax.value_or(kUnbounded);
  if (max < fromRules || !rulesComplete) return {max, "can never be met: fit is at most /fit/max = %", max};
  return {fromRules, "can never be met: fit is at most % (the sum of positive fit points)", fromRules};
}

void checkThreshold(Reader& r, const std::optional<double>& threshold, const Ceiling& ceiling,
                    const char* pointer) {
  if (threshold && *threshold > ceiling.value) r.report(Ptr(pointer), ceiling.message, {ceiling.shown});
}

}  // namespace

void checkReachable(Reader& r, const Model& m, bool engagementRulesComplete, bool fitRulesComplete) {
  const Ceiling engagement = engagementCeiling(m, engagementRulesComplete);
  checkThreshold(r, m.engagedEngagement, engagement, "/lifecycle/engaged/engagement");
  checkThreshold(r, m.mqlEngagement, engagement, "/lifecycle/mql/engagement");
  checkThreshold(r, m.mqlFit, fitCeiling(m, fitRulesComplete), "/lifecycle/mql/fit");
}

}  // namespace mqlite::model_detail
