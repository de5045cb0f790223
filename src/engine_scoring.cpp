// Engagement and fit (SPEC §2), kept as per-rule aggregates.
#include <cfloat>
#include <cmath>

#include "engine_internal.hpp"
#include "exp2.hpp"

namespace mqlite {

namespace {

// Not inlined: engagementAt and fitOf share one copy.
__attribute__((noinline)) double clampTo(double value, const std::optional<double>& lo, const std::optional<double>& hi) {
  if (std::isnan(value)) value = 0;
  // Rules each capped at ±DBL_MAX (valued long before their awards) can still sum to ±inf.
  if (std::isinf(value)) value = value > 0 ? DBL_MAX : -DBL_MAX;
  if (lo && value < *lo) value = *lo;
  if (hi && value > *hi) value = *hi;
  return value;
}

// 0.5^(elapsed / halfLife); elapsed may be negative (valuing before the reference time).
double decayFactor(double elapsed, std::optional<double> halfLife) {
  if (!halfLife) return 1;
  return exp2Compact(-elapsed / *halfLife);
}

int64_t utcDay(double ts) { return static_cast<int64_t>(std::floor(ts / kMsPerDay)); }

bool limitAllows(const EngagementRule& rule, RuleState& state, int64_t session, int64_t day) {
  if (!rule.limit) return true;
  switch (rule.limit->per) {
    case LimitPer::Lifetime:
      return state.awards < rule.limit->count;
    case LimitPer::Session:
      if (state.session != session) state.session = session, state.sessionAwards = 0;
      return state.sessionAwards < rule.limit->count;
    case LimitPer::Day:
      if (state.day != day) state.day = day, state.dayAwards = 0;
      return state.dayAwards < rule.limit->count;
  }
  return true;
}

void award(RuleState& state, double points, double ts, std::optional<double> halfLife,
           int64_t session, int64_t day) {
  if (state.awards == 0) {
    state.sum = points;
    state.ref = ts;
  } else if (ts >= state.ref) {
    state.sum = state.sum * decayFactor(ts - state.ref, halfLife) + points;
    state.ref = ts;
  } else {  // an older event: value it at the reference time (it has decayed more)
    state.sum += points * decayFactor(state.ref - ts, halfLife);
  }
  ++state.awards;
  if (state.session == session) ++state.sessionAwards;
  else state.session = session, state.sessionAwards = 1;
  if (state.day == day) ++state.dayAwards;
  else state.day = day, state.dayAwards = 1;
}

}  // namespace

std::optional<double> halfLifeMs(const Model& model, const EngagementRule& rule) {
  if (rule.halfLifeDays) return *rule.halfLifeDays * kMsPerDay;
  if (model.decayHalfLifeDays) return *model.decayHalfLifeDays * kMsPerDay;
  return std::nullopt;
}

double rulePoints(const RuleState& rule, std::optional<double> halfLife, double now) {
  if (rule.awards == 0) return 0;
  double value = rule.sum * decayFactor(now - rule.ref, halfLife);
  // Valuing long before the awards can overflow: keep the score a finite number.
  if (std::isinf(value)) value = value > 0 ? DBL_MAX : -DBL_MAX;
  return std::isnan(value) ? 0 : value;
}

double engagementAt(const Model& model, const std::vector<RuleState>& rules, double now) {
  double sum = 0;
  for (size_t i = 0; i < rules.size() && i < model.engagementRules.size(); ++i)
    sum += rulePoints(rules[i], halfLifeMs(model, model.engagementRules[i]), now);
  return clampTo(sum, model.engagementMin, model.engagementMax);
}

double fitOf(const Model& model, const FitFlags& matched) {
  double sum = 0;
  for (size_t i = 0; i < matched.size() && i < model.fitRules.size(); ++i)
    if (matched[i]) sum += model.fitRules[i].points;
  return clampTo(sum, model.fitMin, model.fitMax);
}

const std::string* gradeOf(const Model& model, double fit) {
  for (const Grade& grade : model.grades)
    if (!grade.minFit || *grade.minFit <= fit) return &grade.grade;
  return nullptr;
}

void scoreEvent(const Model& model, std::vector<RuleState>& rules, const EventView& view,
                int64_t session, double windowTs) {
  const Event& event = view.event;
  if (event.type == "stage") return;
  int64_t day = utcDay(windowTs);
  for (size_t i = 0; i < model.engagementRules.size() && i < rules.size(); ++i) {
    const EngagementRule& rule = model.engagementRules[i];
    if (rule.event != event.type || !matches(rule.match, view)) continue;
    if (!limitAllows(rule, rules[i], session, day)) continue;
    award(rules[i], rule.points, event.ts, halfLifeMs(model, rule), session, day);
  }
}

void applyTraits(const Model& model, FitFlags& matched, const json& traits) {
  if (!traits.is_object()) return;
  const json* const email = traits.member("email");
  const bool derivesDomain = email != nullptr;  // the derived email_domain then wins
  // The e-mail's domain in lowercase; missing when there is none.
  std::string domain;
  std::string_view domainView;
  const std::string_view* derived = nullptr;
  if (derivesDomain && email->is_string()) {
    const std::string& text = email->get_ref<const std::string&>();
    const size_t at = text.rfind('@');
    if (at != std::string::npos && at + 1 < text.size()) {
      domain.assign(text.data() + at + 1, text.size() - at - 1);
      for (char& c : domain)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      domainView = domain;
      derived = &domainView;
    }
  }
  // Rule by rule (each reads one trait, so the order of the traits does not matter); the trait's
  // value is tested where it is, never copied.
  for (size_t i = 0; i < model.fitRules.size(); ++i) {
    const FitRule& rule = model.fitRules[i];
    if (derivesDomain && rule.field == "email_domain") {
      matched[i] = holdsText(rule.match, derived);
    } else if (const json* const trait = traits.member(rule.field)) {
      matched[i] = holdsJson(rule.match, *trait);
    }
  }
}

void setInitialFit(const Model& model, FitFlags& matched) {
  for (size_t i = 0; i < model.fitRules.size(); ++i) matched[i] = holdsText(model.fitRules[i].match, nullptr);
}

}  // namespace mqlite
