// Lifecycle thresholds that no journey can ever meet: a model with one is a mistake (a lead that
// can never become MQL), so validation refuses it.
#include <algorithm>

#include "model_reader.hpp"
#include "text.hpp"

namespace mqlite::model_detail {

namespace {

struct Ceiling {
  std::optional<double> value;  // nullopt: unbounded
  std::string why;
};

// The highest engagement any journey can reach: engagement = clamp(Σ awards, min, max).
Ceiling engagementCeiling(const Model& m, bool rulesComplete) {
  const bool anyPositive = std::any_of(m.engagementRules.begin(), m.engagementRules.end(),
                                       [](const EngagementRule& rule) { return rule.points > 0; });
  if (anyPositive || !rulesComplete) {
    if (m.engagementMax) return {m.engagementMax, "engagement is at most /engagement/max = " +
                                                      text::shortestNumber(*m.engagementMax)};
    return {std::nullopt, ""};
  }
  const double top = std::max(m.engagementMin, 0.0);
  return {m.engagementMax ? std::min(top, *m.engagementMax) : top,
          "no engagement rule awards positive points, so engagement stays at most " + text::shortestNumber(top)};
}

// The highest fit any set of traits can reach: fit = clamp(Σ matching points, min, max).
Ceiling fitCeiling(const Model& m, bool rulesComplete) {
  double positive = 0;
  for (const FitRule& rule : m.fitRules) positive += std::max(rule.points, 0.0);
  const double fromRules = m.fitMin ? std::max(positive, *m.fitMin) : positive;
  if (m.fitMax && (*m.fitMax < fromRules || !rulesComplete))
    return {m.fitMax, "fit is at most /fit/max = " + text::shortestNumber(*m.fitMax)};
  if (!rulesComplete) return {std::nullopt, ""};
  return {fromRules, "fit is at most " + text::shortestNumber(fromRules) + " (the sum of positive fit points)"};
}

void checkThreshold(Reader& r, const std::optional<double>& threshold, const Ceiling& ceiling,
                    const char* pointer) {
  if (threshold && ceiling.value && *threshold > *ceiling.value)
    r.report(pointer, "can never be met: " + ceiling.why);
}

}  // namespace

void checkReachable(Reader& r, const Model& m, bool engagementRulesComplete, bool fitRulesComplete) {
  const Ceiling engagement = engagementCeiling(m, engagementRulesComplete);
  checkThreshold(r, m.engagedEngagement, engagement, "/lifecycle/engaged/engagement");
  checkThreshold(r, m.mqlEngagement, engagement, "/lifecycle/mql/engagement");
  checkThreshold(r, m.mqlFit, fitCeiling(m, fitRulesComplete), "/lifecycle/mql/fit");
}

}  // namespace mqlite::model_detail
