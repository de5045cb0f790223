#include "model.hpp"

#include <limits>

#include "model_reader.hpp"
#include "sort.hpp"

namespace mqlite {

namespace {

using model_detail::NumberKind;
using model_detail::Ptr;
using model_detail::Reader;
using model_detail::Words;

constexpr std::string_view kModelKeys[] = {"version",    "id",        "sessionTimeoutMinutes", "engagement", "fit",
                                           "grades",     "lifecycle", "phases"};
constexpr std::string_view kEngagementKeys[] = {"rules", "decay", "min", "max"};
constexpr std::string_view kEngagementRuleKeys[] = {"id", "event", "match", "points", "limit", "halfLifeDays"};
constexpr std::string_view kLimitKeys[] = {"count", "per"};
constexpr std::string_view kLimitUnits[] = {"session", "day", "lifetime"};  // in LimitPer order
constexpr std::string_view kDecayKeys[] = {"halfLifeDays"};
constexpr std::string_view kFitKeys[] = {"rules", "min", "max"};
constexpr std::string_view kFitRuleKeys[] = {"id", "field", "match", "points"};
constexpr std::string_view kGradeKeys[] = {"grade", "minFit"};
constexpr std::string_view kLifecycleKeys[] = {"engaged", "mql"};
constexpr std::string_view kPhaseKeys[] = {"name", "match"};
constexpr std::string_view kThresholdKeys[] = {"engagement", "fit"};  // "engaged" takes the first only

constexpr size_t kNone = static_cast<size_t>(-1);  // no entry

// The ids of a list's entries, by index: empty for an entry without one (an id is never empty).
using Ids = std::vector<std::string_view>;

// Reports ids used more than once in one list (`list`/INDEX/`key`).
void checkUniqueIds(Reader& r, const Ids& ids, const Ptr& list, const char* key, const char* what) {
  const size_t n = ids.size();
  // Equal ids sort together in list order: each one's first use leads its run.
  const std::vector<size_t> order = stableOrder(ids);
  std::vector<size_t> first(n);
  for (size_t k = 0; k < n; ++k)
    first[order[k]] = k > 0 && ids[order[k - 1]] == ids[order[k]] ? first[order[k - 1]] : order[k];
  for (size_t i = 0; i < n; ++i) {
    if (first[i] == i || ids[i].empty()) continue;
    const Ptr item(list, i), firstItem(list, first[i]);
    r.report(Ptr(item, key), {"duplicate ", what, " \"", ids[i], "\" (first at ", Ptr(firstItem, key), ")"});
  }
}

void checkMinMax(Reader& r, const Ptr& at, std::optional<double> min, std::optional<double> max) {
  if (min && max && *min > *max) r.report(Ptr(at, "min"), {"must be ≤ max (", *max, ")"});
}

// Each list entry is read into its own slot, made up front. An entry with a problem may leave its
// slot incomplete: that is harmless, since a model with any problem is discarded whole (and
// checkReachable only sums the points of fit rules, which are set for complete rules only).

void readEngagementRule(Reader& r, const json& j, const Ptr& at, EngagementRule& rule, std::string_view& id) {
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, kEngagementRuleKeys);
  if (const std::string* s = r.nonEmptyString(j, "id", at, true)) rule.id = id = *s;
  if (const std::string* event = r.nonEmptyString(j, "event", at, true)) {
    rule.event = *event;
    if (*event == "stage")
      r.report(Ptr(at, "event"),
               {"\"stage\" events are never scored; score a visitor event (page_view, click, form_submit, …)"});
  }
  if (const auto points = r.number(j, "points", at, true)) rule.points = *points;
  if (const json* match = r.member(j, "match", at, false)) r.match(*match, Ptr(at, "match"), rule.match);
  if (const json* limit = r.member(j, "limit", at, false)) {
    const Ptr limitAt(at, "limit");
    if (r.expectObject(*limit, limitAt)) {
      r.checkKeys(*limit, limitAt, kLimitKeys);
      const auto count = r.number(*limit, "count", limitAt, true, NumberKind::PositiveInteger);
      const json* per = r.member(*limit, "per", limitAt, true);
      // get_ref gives "" for a non-string, which is no unit either.
      const size_t unit = per ? Words(kLimitUnits).find(per->get_ref<const std::string&>()) : 0;
      if (unit == std::size(kLimitUnits)) r.report(Ptr(limitAt, "per"), {"must be one of session, day, lifetime"});
      if (count && per && unit < std::size(kLimitUnits))
        rule.limit = Limit{static_cast<int64_t>(*count), static_cast<LimitPer>(unit)};
    }
  }
  rule.halfLifeDays = r.number(j, "halfLifeDays", at, false, NumberKind::Positive);
}

// The optional "rules" array of a section into `out`, each entry read by readRule (which gives its
// id, if any); rule ids unique.
template <class Rule>
void readRules(Reader& r, const json& section, const Ptr& at, std::vector<Rule>& out,
               void (*readRule)(Reader&, const json&, const Ptr&, Rule&, std::string_view& id)) {
  const Ptr rulesAt(at, "rules");
  const json* rules = r.member(section, "rules", at, false);
  if (!rules || !r.expectArray(*rules, rulesAt)) return;
  out = std::vector<Rule>(rules->size());
  Ids ids(rules->size());
  for (size_t i = 0; i < rules->size(); ++i) readRule(r, (*rules)[i], Ptr(rulesAt, i), out[i], ids[i]);
  checkUniqueIds(r, ids, rulesAt, "id", "rule id");
}

void readEngagement(Reader& r, const json& j, const Ptr& at, Model& m) {
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, kEngagementKeys);
  readRules(r, j, at, m.engagementRules, readEngagementRule);
  const Ptr decayAt(at, "decay");
  if (const json* decay = r.member(j, "decay", at, false); decay && r.expectObject(*decay, decayAt)) {
    r.checkKeys(*decay, decayAt, kDecayKeys);
    m.decayHalfLifeDays = r.number(*decay, "halfLifeDays", decayAt, true, NumberKind::Positive);
  }
  const auto min = r.number(j, "min", at, false);
  if (min) m.engagementMin = *min;
  m.engagementMax = r.number(j, "max", at, false);
  checkMinMax(r, at, m.engagementMin, m.engagementMax);
}

void readFitRule(Reader& r, const json& j, const Ptr& at, FitRule& rule, std::string_view& id) {
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, kFitRuleKeys);
  const std::string* idText = r.nonEmptyString(j, "id", at, true);
  if (idText) rule.id = id = *idText;
  const std::string* field = r.nonEmptyString(j, "field", at, true);
  if (field) rule.field = *field;
  bool hasCondition = false;
  if (const json* match = r.member(j, "match", at, true)) hasCondition = r.condition(*match, Ptr(at, "match"), rule.match);
  const auto points = r.number(j, "points", at, true);
  if (idText && field && hasCondition && points) rule.points = *points;
}

void readFit(Reader& r, const json& j, const Ptr& at, Model& m) {
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, kFitKeys);
  readRules(r, j, at, m.fitRules, readFitRule);
  m.fitMin = r.number(j, "min", at, false);
  m.fitMax = r.number(j, "max", at, false);
  checkMinMax(r, at, m.fitMin, m.fitMax);
}

// Grades are tried in order: an entry is dead when an earlier one already takes every fit it would.
void readGrades(Reader& r, const json& j, const Ptr& gradesAt, Model& m) {
  if (!r.expectArray(j, gradesAt)) return;
  m.grades = std::vector<Grade>(j.size());
  size_t catchAll = kNone;                          // an earlier entry without minFit
  double lowest = std::numeric_limits<double>::infinity();  // lowest earlier minFit (they are finite)
  size_t lowestAt = kNone;                          // and its entry
  for (size_t i = 0; i < j.size(); ++i) {
    const Ptr at(gradesAt, i);
    if (!r.expectObject(j[i], at)) continue;
    r.checkKeys(j[i], at, kGradeKeys);
    if (const std::string* grade = r.nonEmptyString(j[i], "grade", at, true)) m.grades[i].grade = *grade;
    const bool hasMinFit = j[i].contains("minFit");
    const auto minFit = m.grades[i].minFit = r.number(j[i], "minFit", at, false);
    if (catchAll != kNone) {
      r.report(at, {"unreachable: ", Ptr(gradesAt, catchAll), " has no minFit and always matches first"});
    } else if (minFit && *minFit >= lowest) {
      r.report(Ptr(at, "minFit"), {"unreachable: minFit ", *minFit, " is not below the earlier minFit ", lowest, " (",
                                   Ptr(gradesAt, lowestAt), "), which matches first"});
    }
    if (!hasMinFit && catchAll == kNone) catchAll = i;
    if (minFit && *minFit < lowest) {
      lowest = *minFit;
      lowestAt = i;
    }
  }
}

void readPhases(Reader& r, const json& j, const Ptr& phasesAt, Model& m) {
  if (!r.expectArray(j, phasesAt)) return;
  Ids names(j.size());
  m.phases = std::vector<Phase>(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    const Ptr at(phasesAt, i);
    if (!r.expectObject(j[i], at)) continue;
    r.checkKeys(j[i], at, kPhaseKeys);
    Phase& phase = m.phases[i];
    if (const std::string* name = r.nonEmptyString(j[i], "name", at, true)) phase.name = names[i] = *name;
    if (const json* value = r.member(j[i], "match", at, true)) r.match(*value, Ptr(at, "match"), phase.match);
  }
  checkUniqueIds(r, names, phasesAt, "name", "phase name");
}

std::optional<double> readThreshold(Reader& r, const json& parent, const char* key, const Ptr& at, bool isMql) {
  const json* section = r.member(parent, key, at, false);
  if (!section) return std::nullopt;
  const Ptr sectionAt(at, key);
  if (!r.expectObject(*section, sectionAt)) return std::nullopt;
  r.checkKeys(*section, sectionAt, Words(kThresholdKeys, isMql ? 2 : 1));
  return r.number(*section, "engagement", sectionAt, true);
}

void readLifecycle(Reader& r, const json& j, const Ptr& at, Model& m) {
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, kLifecycleKeys);
  m.engagedEngagement = readThreshold(r, j, "engaged", at, false);
  m.mqlEngagement = readThreshold(r, j, "mql", at, true);
  if (const auto mql = j.find("mql"); mql != j.end() && mql->is_object())
    m.mqlFit = r.number(*mql, "fit", Ptr(at, "mql"), false);
}

}  // namespace

ModelPtr ModelPtr::make(Model model) {
  ModelPtr ptr;
  ptr.shared_ = new Shared{std::move(model)};
  return ptr;
}

void ModelPtr::release() { delete shared_; }

ModelResult loadModel(const json& document) {
  Reader r;
  Model m;
  const Ptr root;
  if (!document.is_object()) {
    r.report(root, {"a model must be a JSON object"});
    return {nullptr, std::move(r.problems)};
  }
  r.checkKeys(document, root, kModelKeys);
  if (const json* version = r.member(document, "version", root, true);
      version && !(version->is_number() && version->get<double>() == 1))
    r.report(Ptr(root, "version"), {"must be 1"});
  if (const std::string* id = r.nonEmptyString(document, "id", root, true)) m.id = *id;
  if (const auto timeout = r.number(document, "sessionTimeoutMinutes", root, false, NumberKind::Positive))
    m.sessionTimeoutMinutes = *timeout;

  // Each section is read at its pointer ("/engagement", …) when present.
  const auto section = [&](const char* key, void (*read)(Reader&, const json&, const Ptr&, Model&)) {
    const size_t before = r.problems.size();
    if (const json* j = r.member(document, key, root, false)) read(r, *j, Ptr(root, key), m);
    return r.problems.size() == before;
  };
  const bool engagementComplete = section("engagement", readEngagement);
  const bool fitComplete = section("fit", readFit);
  section("grades", readGrades);
  section("lifecycle", readLifecycle);
  section("phases", readPhases);
  model_detail::checkReachable(r, m, engagementComplete, fitComplete);

  if (!r.problems.empty()) return {nullptr, std::move(r.problems)};
  return {ModelPtr::make(std::move(m)), {}};
}

ModelResult loadModel(std::string_view text) {
  Reader r;
  if (text.size() > kMaxModelBytes) {
    static_assert(kMaxModelBytes == 1048576, "the message below spells the limit");
    r.report(Ptr(), {"model is ", static_cast<double>(text.size()), " bytes; the limit is 1048576"});
  } else {
    std::string error;
    const json document = parseJson(text, &error);
    if (!document.is_discarded()) return loadModel(document);
    const std::string_view prefix = "not valid JSON";
    r.report(Ptr(), {error.compare(0, prefix.size(), prefix) == 0 ? "" : "not valid JSON: ", error});
  }
  return {nullptr, std::move(r.problems)};
}

}  // namespace mqlite
