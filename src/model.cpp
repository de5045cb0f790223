#include "model.hpp"

#include <algorithm>
#include <limits>

#include "model_reader.hpp"
#include "sort.hpp"
#include "text.hpp"

namespace mqlite {

namespace {

using model_detail::childPointer;
using model_detail::Reader;

std::string numberText(double n) { return text::shortestNumber(n); }

// Reports ids used more than once in one list.
void checkUniqueIds(Reader& r, const std::vector<std::pair<std::string, std::string>>& idsWithPointers,
                    const char* what) {
  const size_t n = idsWithPointers.size();
  std::vector<std::string_view> ids(n);
  for (size_t i = 0; i < n; ++i) ids[i] = idsWithPointers[i].first;
  // Equal ids sort together in list order: each one's first use leads its run.
  const std::vector<size_t> order = stableOrder(ids);
  std::vector<size_t> first(n);
  for (size_t k = 0; k < n; ++k)
    first[order[k]] = k > 0 && ids[order[k - 1]] == ids[order[k]] ? first[order[k - 1]] : order[k];
  for (size_t i = 0; i < n; ++i)
    if (first[i] != i)
      r.report(idsWithPointers[i].second, std::string("duplicate ") + what + " \"" + idsWithPointers[i].first +
                                              "\" (first at " + idsWithPointers[first[i]].second + ")");
}

void checkMinMax(Reader& r, const std::string& pointer, std::optional<double> min, std::optional<double> max) {
  if (min && max && *min > *max)
    r.report(childPointer(pointer, "min"), "must be ≤ max (" + numberText(*max) + ")");
}

void readEngagementRule(Reader& r, const json& j, const std::string& at, Model& m,
                        std::vector<std::pair<std::string, std::string>>& ids) {
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, {"id", "event", "match", "points", "limit", "halfLifeDays"});
  EngagementRule rule;
  bool ok = true;
  const auto id = r.nonEmptyString(j, "id", at, true);
  if (id) ids.emplace_back(*id, childPointer(at, "id"));
  const auto event = r.nonEmptyString(j, "event", at, true);
  if (event && *event == "stage") {
    r.report(childPointer(at, "event"), "\"stage\" events are never scored; score a visitor event (page_view, click, form_submit, …)");
    ok = false;
  }
  const auto points = r.number(j, "points", at, true);
  if (const json* match = r.member(j, "match", at, false)) {
    auto parsed = r.match(*match, childPointer(at, "match"));
    if (parsed) rule.match = std::move(*parsed);
    else ok = false;
  }
  if (const json* limit = r.member(j, "limit", at, false)) {
    const std::string limitAt = childPointer(at, "limit");
    if (r.expectObject(*limit, limitAt)) {
      r.checkKeys(*limit, limitAt, {"count", "per"});
      const auto count = r.positiveInteger(*limit, "count", limitAt, true);
      const json* per = r.member(*limit, "per", limitAt, true);
      std::optional<LimitPer> unit;
      if (per && per->is_string()) {
        const std::string& s = per->get_ref<const std::string&>();
        if (s == "session") unit = LimitPer::Session;
        else if (s == "day") unit = LimitPer::Day;
        else if (s == "lifetime") unit = LimitPer::Lifetime;
      }
      if (per && !unit) r.report(childPointer(limitAt, "per"), "must be one of session, day, lifetime");
      if (count && unit) rule.limit = Limit{*count, *unit};
      else ok = false;
    } else {
      ok = false;
    }
  }
  const bool hasHalfLife = j.contains("halfLifeDays");
  rule.halfLifeDays = r.positiveNumber(j, "halfLifeDays", at, false);
  if (!id || !event || !points || !ok || (hasHalfLife && !rule.halfLifeDays)) return;
  rule.id = *id;
  rule.event = *event;
  rule.points = *points;
  m.engagementRules.push_back(std::move(rule));
}

void readEngagement(Reader& r, const json& j, Model& m) {
  const std::string at = "/engagement";
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, {"rules", "decay", "min", "max"});
  if (const json* rules = r.member(j, "rules", at, false); rules && r.expectArray(*rules, at + "/rules")) {
    std::vector<std::pair<std::string, std::string>> ids;
    for (size_t i = 0; i < rules->size(); ++i)
      readEngagementRule(r, (*rules)[i], childPointer(at + "/rules", i), m, ids);
    checkUniqueIds(r, ids, "rule id");
  }
  if (const json* decay = r.member(j, "decay", at, false); decay && r.expectObject(*decay, at + "/decay")) {
    r.checkKeys(*decay, at + "/decay", {"halfLifeDays"});
    m.decayHalfLifeDays = r.positiveNumber(*decay, "halfLifeDays", at + "/decay", true);
  }
  const auto min = r.number(j, "min", at, false);
  if (min) m.engagementMin = *min;
  m.engagementMax = r.number(j, "max", at, false);
  checkMinMax(r, at, m.engagementMin, m.engagementMax);
}

void readFitRule(Reader& r, const json& j, const std::string& at, Model& m,
                 std::vector<std::pair<std::string, std::string>>& ids) {
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, {"id", "field", "match", "points"});
  const auto id = r.nonEmptyString(j, "id", at, true);
  if (id) ids.emplace_back(*id, childPointer(at, "id"));
  const auto field = r.nonEmptyString(j, "field", at, true);
  std::optional<Condition> condition;
  if (const json* match = r.member(j, "match", at, true)) condition = r.condition(*match, childPointer(at, "match"));
  const auto points = r.number(j, "points", at, true);
  if (id && field && condition && points) m.fitRules.push_back({*id, *field, std::move(*condition), *points});
}

void readFit(Reader& r, const json& j, Model& m) {
  const std::string at = "/fit";
  if (!r.expectObject(j, at)) return;
  r.checkKeys(j, at, {"rules", "min", "max"});
  if (const json* rules = r.member(j, "rules", at, false); rules && r.expectArray(*rules, at + "/rules")) {
    std::vector<std::pair<std::string, std::string>> ids;
    for (size_t i = 0; i < rules->size(); ++i) readFitRule(r, (*rules)[i], childPointer(at + "/rules", i), m, ids);
    checkUniqueIds(r, ids, "rule id");
  }
  m.fitMin = r.number(j, "min", at, false);
  m.fitMax = r.number(j, "max", at, false);
  checkMinMax(r, at, m.fitMin, m.fitMax);
}

// Grades are tried in order: an entry is dead when an earlier one already takes every fit it would.
void readGrades(Reader& r, const json& j, Model& m) {
  if (!r.expectArray(j, "/grades")) return;
  std::optional<std::string> catchAll;                 // pointer of an earlier entry without minFit
  std::optional<std::pair<double, std::string>> lowest;  // lowest earlier minFit and its pointer
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string at = childPointer("/grades", i);
    if (!r.expectObject(j[i], at)) continue;
    r.checkKeys(j[i], at, {"grade", "minFit"});
    const auto grade = r.nonEmptyString(j[i], "grade", at, true);
    const bool hasMinFit = j[i].contains("minFit");
    const auto minFit = r.number(j[i], "minFit", at, false);
    if (catchAll) {
      r.report(at, "unreachable: " + *catchAll + " has no minFit and always matches first");
    } else if (minFit && lowest && *minFit >= lowest->first) {
      r.report(childPointer(at, "minFit"), "unreachable: minFit " + numberText(*minFit) +
                                               " is not below the earlier minFit " + numberText(lowest->first) +
                                               " (" + lowest->second + "), which matches first");
    }
    if (!hasMinFit && !catchAll) catchAll = at;
    if (minFit && (!lowest || *minFit < lowest->first)) lowest = {{*minFit, at}};
    if (grade && (minFit || !hasMinFit)) m.grades.push_back({*grade, minFit});
  }
}

void readPhases(Reader& r, const json& j, Model& m) {
  if (!r.expectArray(j, "/phases")) return;
  std::vector<std::pair<std::string, std::string>> names;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string at = childPointer("/phases", i);
    if (!r.expectObject(j[i], at)) continue;
    r.checkKeys(j[i], at, {"name", "match"});
    const auto name = r.nonEmptyString(j[i], "name", at, true);
    if (name) names.emplace_back(*name, childPointer(at, "name"));
    std::optional<Match> match;
    if (const json* value = r.member(j[i], "match", at, true)) match = r.match(*value, childPointer(at, "match"));
    if (name && match) m.phases.push_back({*name, std::move(*match)});
  }
  checkUniqueIds(r, names, "phase name");
}

std::optional<double> readThreshold(Reader& r, const json& parent, const char* key, const std::string& at,
                                    bool required) {
  const json* section = r.member(parent, key, at, false);
  if (!section) return std::nullopt;
  const std::string sectionAt = childPointer(at, key);
  if (!r.expectObject(*section, sectionAt)) return std::nullopt;
  const bool isMql = std::string(key) == "mql";
  if (isMql) r.checkKeys(*section, sectionAt, {"engagement", "fit"});
  else r.checkKeys(*section, sectionAt, {"engagement"});
  return r.number(*section, "engagement", sectionAt, required);
}

void readLifecycle(Reader& r, const json& j, Model& m) {
  if (!r.expectObject(j, "/lifecycle")) return;
  r.checkKeys(j, "/lifecycle", {"engaged", "mql"});
  m.engagedEngagement = readThreshold(r, j, "engaged", "/lifecycle", true);
  m.mqlEngagement = readThreshold(r, j, "mql", "/lifecycle", true);
  if (const auto mql = j.find("mql"); mql != j.end() && mql->is_object())
    m.mqlFit = r.number(*mql, "fit", "/lifecycle/mql", false);
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
  if (!document.is_object()) {
    r.report("", "a model must be a JSON object");
    return {nullptr, r.problems};
  }
  r.checkKeys(document, "",
              {"version", "id", "sessionTimeoutMinutes", "engagement", "fit", "grades", "lifecycle", "phases"});
  if (const json* version = r.member(document, "version", "", true);
      version && !(version->is_number() && version->get<double>() == 1))
    r.report("/version", "must be 1");
  if (const auto id = r.nonEmptyString(document, "id", "", true)) m.id = *id;
  if (const auto timeout = r.positiveNumber(document, "sessionTimeoutMinutes", "", false))
    m.sessionTimeoutMinutes = *timeout;

  size_t before = r.problems.size();
  if (const json* j = r.member(document, "engagement", "", false)) readEngagement(r, *j, m);
  const bool engagementComplete = r.problems.size() == before;
  before = r.problems.size();
  if (const json* j = r.member(document, "fit", "", false)) readFit(r, *j, m);
  const bool fitComplete = r.problems.size() == before;
  if (const json* j = r.member(document, "grades", "", false)) readGrades(r, *j, m);
  if (const json* j = r.member(document, "lifecycle", "", false)) readLifecycle(r, *j, m);
  if (const json* j = r.member(document, "phases", "", false)) readPhases(r, *j, m);
  model_detail::checkReachable(r, m, engagementComplete, fitComplete);

  if (!r.problems.empty()) return {nullptr, std::move(r.problems)};
  return {ModelPtr::make(std::move(m)), {}};
}

ModelResult loadModel(std::string_view text) {
  if (text.size() > kMaxModelBytes)
    return {nullptr, {{"/", "model is " + std::to_string(text.size()) + " bytes; the limit is " +
                                std::to_string(kMaxModelBytes)}}};
  std::string error;
  const json document = parseJson(text, &error);
  if (document.is_discarded())
    return {nullptr, {{"/", error.rfind("not valid JSON", 0) == 0 ? error : "not valid JSON: " + error}}};
  return loadModel(document);
}

}  // namespace mqlite
