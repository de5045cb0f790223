#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "json_test_util.hpp"
#include "model.hpp"

using namespace mqlite;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kSpecExample = readFile(std::string(MQLITE_TEST_DATA) + "/models/spec-example.json");

// The spec example with `patch` merged in (RFC 7386: null removes a key).
json specWith(const char* patch) {
  json model = json::parse(kSpecExample);
  testing::mergePatch(model, json::parse(patch));
  return model;
}

std::vector<std::string> problemsOf(const ModelResult& result) {
  std::vector<std::string> lines;
  for (const auto& p : result.problems) lines.push_back(p.str());
  return lines;
}

// Loads `model` and expects exactly one problem.
std::string onlyProblem(const json& model) {
  const ModelResult r = loadModel(model);
  CHECK_FALSE(r.model);
  const auto lines = problemsOf(r);
  INFO(Catch::Detail::stringify(lines));
  REQUIRE(lines.size() == 1);
  return lines[0];
}

json minimal(const char* extra = "{}") {
  json model = {{"version", 1}, {"id", "m"}};
  testing::mergePatch(model, json::parse(extra));
  return model;
}

}  // namespace

TEST_CASE("model: the SPEC example loads with zero problems", "[model]") {
  const ModelResult r = loadModel(kSpecExample);
  INFO(Catch::Detail::stringify(problemsOf(r)));
  REQUIRE(r.problems.empty());
  REQUIRE(r.model);
  const Model& m = *r.model;
  CHECK(m.id == "acme-2026-q4");
  CHECK(m.sessionTimeoutMinutes == 30);
  REQUIRE(m.engagementRules.size() == 5);
  CHECK(m.engagementRules[0].id == "pricing");
  CHECK(m.engagementRules[0].limit->count == 3);
  CHECK(m.engagementRules[0].limit->per == LimitPer::Lifetime);
  CHECK(m.engagementRules[2].points == -20);
  CHECK(m.engagementRules[3].limit->per == LimitPer::Session);
  CHECK(m.engagementRules[4].limit->per == LimitPer::Day);
  CHECK(*m.engagementRules[4].halfLifeDays == 7);
  CHECK_FALSE(m.engagementRules[1].limit);
  CHECK(*m.decayHalfLifeDays == 30);
  CHECK(m.engagementMin == 0);
  CHECK(*m.engagementMax == 100);
  REQUIRE(m.fitRules.size() == 2);
  CHECK(m.fitRules[1].field == "email_domain");
  CHECK(holds(m.fitRules[0].match, Value::of("Head of Marketing")));
  CHECK(*m.fitMin == -100);
  REQUIRE(m.grades.size() == 4);
  CHECK(*m.grades[0].minFit == 40);
  CHECK_FALSE(m.grades[3].minFit);
  CHECK(*m.engagedEngagement == 20);
  CHECK(*m.mqlEngagement == 50);
  CHECK(*m.mqlFit == 20);
  REQUIRE(m.phases.size() == 3);
  CHECK(m.phases[2].name == "Conversion");
}

TEST_CASE("model: the smallest model and its defaults", "[model]") {
  const ModelResult r = loadModel(R"({"version": 1, "id": "m"})");
  REQUIRE(r.model);
  CHECK(r.model->sessionTimeoutMinutes == 30);
  CHECK(r.model->engagementMin == 0);
  CHECK_FALSE(r.model->engagementMax);
  CHECK_FALSE(r.model->fitMin);
  CHECK_FALSE(r.model->mqlEngagement);
  CHECK(r.model->grades.empty());
}

TEST_CASE("model: text problems", "[model]") {
  CHECK(problemsOf(loadModel("{")).at(0).find("/: not valid JSON: parse error") == 0);
  CHECK(problemsOf(loadModel("[]")) == std::vector<std::string>{"/: a model must be a JSON object"});
  const std::string big(kMaxModelBytes + 1, ' ');
  CHECK(problemsOf(loadModel(big)) ==
        std::vector<std::string>{"/: model is 1048577 bytes; the limit is 1048576"});
  CHECK(problemsOf(loadModel(std::string(70, '[') + std::string(70, ']'))).at(0).find("/: ") == 0);
}

TEST_CASE("model: the SPEC's limit.per message", "[model]") {
  json m = json::parse(kSpecExample);
  m["engagement"]["rules"][2]["limit"] = {{"count", 1}, {"per", "week"}};
  CHECK(onlyProblem(m) == "/engagement/rules/2/limit/per: must be one of session, day, lifetime");
  m["engagement"]["rules"][2]["limit"]["per"] = 3;
  CHECK(onlyProblem(m) == "/engagement/rules/2/limit/per: must be one of session, day, lifetime");
}

TEST_CASE("model: version and id", "[model]") {
  CHECK(onlyProblem(minimal(R"({"version": 2})")) == "/version: must be 1");
  CHECK(onlyProblem(minimal(R"({"version": "1"})")) == "/version: must be 1");
  CHECK(onlyProblem(minimal(R"({"version": null})")) == "/version: required");
  CHECK(onlyProblem(minimal(R"({"id": null})")) == "/id: required");
  CHECK(onlyProblem(minimal(R"({"id": ""})")) == "/id: must be a non-empty string");
  CHECK(onlyProblem(minimal(R"({"id": 7})")) == "/id: must be a non-empty string");
}

TEST_CASE("model: unknown keys, with a suggestion when one is close", "[model]") {
  CHECK(onlyProblem(minimal(R"({"phase": []})")) ==
        "/phase: unknown key; expected one of version, id, sessionTimeoutMinutes, engagement, fit, grades, "
        "lifecycle, phases; did you mean \"phases\"?");
  CHECK(onlyProblem(minimal(R"({"colour": 1})")) ==
        "/colour: unknown key; expected one of version, id, sessionTimeoutMinutes, engagement, fit, grades, "
        "lifecycle, phases");
  json m = json::parse(kSpecExample);
  m["engagement"]["rules"][1]["pionts"] = 3;
  CHECK(onlyProblem(m) ==
        "/engagement/rules/1/pionts: unknown key; expected one of id, event, match, points, limit, "
        "halfLifeDays; did you mean \"points\"?");
  m = json::parse(kSpecExample);
  m["engagement"]["rules"][0]["limit"]["Count"] = 3;
  CHECK(onlyProblem(m) == "/engagement/rules/0/limit/Count: unknown key; expected one of count, per; "
                          "did you mean \"count\"?");
  m = json::parse(kSpecExample);
  m["grades"][0]["a/b~"] = 1;  // pointer escaping
  CHECK(onlyProblem(m) == "/grades/0/a~1b~0: unknown key; expected one of grade, minFit");
}

TEST_CASE("model: required rule keys", "[model]") {
  const auto r = loadModel(minimal(R"({"engagement": {"rules": [{}]}, "fit": {"rules": [{}]},
                                        "grades": [{}], "phases": [{}]})"));
  CHECK(problemsOf(r) == std::vector<std::string>{
                             "/engagement/rules/0/id: required", "/engagement/rules/0/event: required",
                             "/engagement/rules/0/points: required", "/fit/rules/0/id: required",
                             "/fit/rules/0/field: required", "/fit/rules/0/match: required",
                             "/fit/rules/0/points: required", "/grades/0/grade: required",
                             "/phases/0/name: required", "/phases/0/match: required"});
}

TEST_CASE("model: wrong types", "[model]") {
  CHECK(onlyProblem(minimal(R"({"engagement": []})")) == "/engagement: must be an object");
  CHECK(onlyProblem(minimal(R"({"engagement": {"rules": {}}})")) == "/engagement/rules: must be an array");
  CHECK(onlyProblem(minimal(R"({"engagement": {"rules": [5]}})")) == "/engagement/rules/0: must be an object");
  CHECK(onlyProblem(minimal(R"({"fit": {"max": "100"}})")) == "/fit/max: must be a number");
  CHECK(onlyProblem(minimal(R"({"grades": {}})")) == "/grades: must be an array");
  CHECK(onlyProblem(minimal(R"({"phases": "x"})")) == "/phases: must be an array");
  CHECK(onlyProblem(minimal(R"({"lifecycle": 1})")) == "/lifecycle: must be an object");
  CHECK(onlyProblem(minimal(R"({"sessionTimeoutMinutes": "30"})")) == "/sessionTimeoutMinutes: must be a number");
  json m = json::parse(kSpecExample);
  m["engagement"]["rules"][0]["points"] = "10";
  CHECK(onlyProblem(m) == "/engagement/rules/0/points: must be a number");
}

TEST_CASE("model: numbers must be finite and in range", "[model]") {
  json m = minimal();
  m["sessionTimeoutMinutes"] = std::numeric_limits<double>::infinity();
  CHECK(onlyProblem(m) == "/sessionTimeoutMinutes: must be a finite number");
  m = json::parse(kSpecExample);
  m["engagement"]["rules"][0]["points"] = std::nan("");
  CHECK(onlyProblem(m) == "/engagement/rules/0/points: must be a finite number");
  m = json::parse(kSpecExample);
  m["engagement"]["rules"][0]["points"] = 1e300;
  CHECK(onlyProblem(m) == "/engagement/rules/0/points: must be between -1000000000 and 1000000000");
}

TEST_CASE("model: positive quantities", "[model]") {
  CHECK(onlyProblem(minimal(R"({"sessionTimeoutMinutes": 0})")) == "/sessionTimeoutMinutes: must be a number > 0");
  CHECK(onlyProblem(specWith(R"({"engagement": {"decay": {"halfLifeDays": -1}}})")) ==
        "/engagement/decay/halfLifeDays: must be a number > 0");
  json m = json::parse(kSpecExample);
  m["engagement"]["decay"] = json::object();
  CHECK(onlyProblem(m) == "/engagement/decay/halfLifeDays: required");
  m = json::parse(kSpecExample);
  m["engagement"]["rules"][4]["halfLifeDays"] = 0;
  CHECK(onlyProblem(m) == "/engagement/rules/4/halfLifeDays: must be a number > 0");
  for (const json& count : {json(0), json(1.5), json(-3), json("2"), json(1e12)}) {
    m = json::parse(kSpecExample);
    m["engagement"]["rules"][0]["limit"]["count"] = count;
    CHECK(onlyProblem(m) == "/engagement/rules/0/limit/count: must be a positive integer (1 … 1000000000)");
  }
  m = json::parse(kSpecExample);
  m["engagement"]["rules"][0]["limit"] = json::object();
  CHECK(problemsOf(loadModel(m)) == std::vector<std::string>{"/engagement/rules/0/limit/count: required",
                                                             "/engagement/rules/0/limit/per: required"});
}

TEST_CASE("model: min must not exceed max", "[model]") {
  CHECK(onlyProblem(specWith(R"({"engagement": {"min": 200}})")) == "/engagement/min: must be ≤ max (100)");
  CHECK(onlyProblem(specWith(R"({"fit": {"min": 101}})")) == "/fit/min: must be ≤ max (100)");
}

TEST_CASE("model: duplicate rule ids within their list", "[model]") {
  json m = json::parse(kSpecExample);
  m["engagement"]["rules"][3]["id"] = "pricing";
  CHECK(onlyProblem(m) == "/engagement/rules/3/id: duplicate rule id \"pricing\" (first at /engagement/rules/0/id)");
  m = json::parse(kSpecExample);
  m["fit"]["rules"][1]["id"] = "exec";
  CHECK(onlyProblem(m) == "/fit/rules/1/id: duplicate rule id \"exec\" (first at /fit/rules/0/id)");
  m = json::parse(kSpecExample);
  m["fit"]["rules"][1]["id"] = "pricing";  // another list: fine
  CHECK(loadModel(m).model);
  m = json::parse(kSpecExample);
  m["phases"][1]["name"] = "Awareness";
  CHECK(onlyProblem(m) == "/phases/1/name: duplicate phase name \"Awareness\" (first at /phases/0/name)");
}

TEST_CASE("model: every repeat of an id is reported in list order, each naming the first use", "[model]") {
  json m = json::parse(kSpecExample);
  m["engagement"]["rules"][1]["id"] = "deep-read";
  m["engagement"]["rules"][2]["id"] = "pricing";
  m["engagement"]["rules"][3]["id"] = "deep-read";
  CHECK(problemsOf(loadModel(m)) ==
        std::vector<std::string>{"/engagement/rules/2/id: duplicate rule id \"pricing\" (first at /engagement/rules/0/id)",
                                 "/engagement/rules/3/id: duplicate rule id \"deep-read\" (first at /engagement/rules/1/id)",
                                 "/engagement/rules/4/id: duplicate rule id \"deep-read\" (first at /engagement/rules/1/id)"});
}

TEST_CASE("model: handles share one model, and the last one frees it", "[model]") {
  mqlite::ModelPtr none;
  CHECK_FALSE(none);
  CHECK(none.get() == nullptr);
  mqlite::Model built;
  built.id = "shared";
  mqlite::ModelPtr a = mqlite::ModelPtr::make(std::move(built));
  REQUIRE(a);
  mqlite::ModelPtr b = a;  // copy: the same model
  CHECK(b == a);
  CHECK(b.get() == &*a);
  CHECK(b->id == "shared");
  mqlite::ModelPtr c = std::move(b);  // move: b lets go
  CHECK_FALSE(b);
  CHECK(c == a);
  a = a;  // self-assignment keeps it
  CHECK(a->id == "shared");
  a = nullptr;  // c still holds the model (ASan builds check that nothing leaks or is freed twice)
  CHECK(c->id == "shared");
  CHECK(a != c);
  const mqlite::ModelPtr loaded = loadModel(kSpecExample).model;
  REQUIRE(loaded);
  CHECK(loaded != c);
}

TEST_CASE("model: stage events are never scored", "[model]") {
  json m = json::parse(kSpecExample);
  m["engagement"]["rules"][1]["event"] = "stage";
  CHECK(onlyProblem(m) == "/engagement/rules/1/event: \"stage\" events are never scored; score a visitor "
                          "event (page_view, click, form_submit, …)");
}

TEST_CASE("model: match fields and conditions", "[model]") {
  const auto withMatch = [](const char* match) {
    json m = json::parse(kSpecExample);
    m["engagement"]["rules"][0]["match"] = json::parse(match);
    return onlyProblem(m);
  };
  CHECK(withMatch(R"({"pathh": "/x"})") ==
        "/engagement/rules/0/match/pathh: unknown event field; expected type, url, host, path, title, referrer, "
        "query.NAME or props.NAME; did you mean \"path\"?");
  CHECK(withMatch(R"({"query.": "x"})").find("/engagement/rules/0/match/query.: unknown event field") == 0);
  CHECK(withMatch(R"({"path": {}})") ==
        "/engagement/rules/0/match/path: empty condition: give at least one operator (eq, ne, in, contains, "
        "prefix, suffix, gte, gt, lte, lt, exists)");
  CHECK(withMatch(R"({"path": {"startsWith": "/x"}})") ==
        "/engagement/rules/0/match/path/startsWith: unknown operator; expected one of eq, ne, in, contains, "
        "prefix, suffix, gte, gt, lte, lt, exists");
  CHECK(withMatch(R"({"props.depth": {"gtee": 5}})").find("; did you mean \"gte\"?") != std::string::npos);
  CHECK(withMatch(R"({"path": {"in": "/x"}})") ==
        "/engagement/rules/0/match/path/in: must be an array of strings (globs), numbers or booleans");
  CHECK(withMatch(R"({"path": {"in": []}})") ==
        "/engagement/rules/0/match/path/in: must not be empty: an empty list never matches");
  CHECK(withMatch(R"({"path": {"in": ["/a", {}]}})") ==
        "/engagement/rules/0/match/path/in/1: must be a string (glob), a number or a boolean");
  CHECK(withMatch(R"({"path": ["/a"]})") ==
        "/engagement/rules/0/match/path: a condition cannot be an array; to accept several values use "
        "{\"in\": [...]}");
  CHECK(withMatch(R"({"path": null})") ==
        "/engagement/rules/0/match/path: a condition must be a string (glob), a number, a boolean or an object "
        "of operators");
  CHECK(withMatch(R"({"props.depth": {"gte": "75"}})") == "/engagement/rules/0/match/props.depth/gte: must be a number");
  CHECK(withMatch(R"({"path": {"exists": 1}})") == "/engagement/rules/0/match/path/exists: must be true or false");
  CHECK(withMatch(R"({"path": {"prefix": 1}})") == "/engagement/rules/0/match/path/prefix: must be a string");
  CHECK(withMatch(R"({"path": {"eq": [1]}})") ==
        "/engagement/rules/0/match/path/eq: must be a string, a number or a boolean");
  CHECK(withMatch("[]") == "/engagement/rules/0/match: must be an object");
}

TEST_CASE("model: conditions are compiled as the SPEC says", "[model]") {
  json m = json::parse(kSpecExample);
  m["engagement"]["rules"][0]["match"] = json::parse(
      R"({"path": "/pricing*", "props.n": 3, "props.b": true, "props.depth": {"gte": 25, "lt": 75, "ne": 50}})");
  const ModelResult r = loadModel(m);
  REQUIRE(r.model);
  const Match& match = r.model->engagementRules[0].match;
  REQUIRE(match.clauses.size() == 4);
  // nlohmann keeps object keys sorted: path, props.b, props.depth, props.n.
  CHECK(match.clauses[0].second.terms.at(0).op == Op::Glob);
  CHECK(match.clauses[1].second.terms.at(0).op == Op::Eq);
  CHECK(match.clauses[1].second.terms.at(0).arg.kind == Value::Kind::Bool);
  CHECK(match.clauses[2].second.terms.size() == 3);
  CHECK(holds(match.clauses[2].second, Value::of(30.0)));
  CHECK_FALSE(holds(match.clauses[2].second, Value::of(50.0)));
  CHECK(match.clauses[3].second.terms.at(0).arg.num == 3);
  CHECK(r.model->engagementRules[1].match.clauses.size() == 1);
}

TEST_CASE("model: unreachable grades", "[model]") {
  CHECK(onlyProblem(specWith(R"({"grades": [{"grade": "A", "minFit": 40}, {"grade": "Z"}, {"grade": "B", "minFit": 0}]})")) ==
        "/grades/2: unreachable: /grades/1 has no minFit and always matches first");
  CHECK(onlyProblem(specWith(R"({"grades": [{"grade": "A", "minFit": 10}, {"grade": "B", "minFit": 20}]})")) ==
        "/grades/1/minFit: unreachable: minFit 20 is not below the earlier minFit 10 (/grades/0), which matches "
        "first");
  CHECK(onlyProblem(specWith(R"({"grades": [{"grade": "A", "minFit": 10}, {"grade": "B", "minFit": 10}]})")) ==
        "/grades/1/minFit: unreachable: minFit 10 is not below the earlier minFit 10 (/grades/0), which matches "
        "first");
  CHECK(loadModel(specWith(R"({"grades": [{"grade": "A", "minFit": 10.5}, {"grade": "B", "minFit": -2.5}]})")).model);
}

TEST_CASE("model: lifecycle thresholds that can never be met", "[model]") {
  CHECK(onlyProblem(specWith(R"({"lifecycle": {"mql": {"engagement": 150}}})")) ==
        "/lifecycle/mql/engagement: can never be met: engagement is at most /engagement/max = 100");
  CHECK(onlyProblem(specWith(R"({"lifecycle": {"engaged": {"engagement": 101}}})")) ==
        "/lifecycle/engaged/engagement: can never be met: engagement is at most /engagement/max = 100");
  CHECK(onlyProblem(specWith(R"({"lifecycle": {"mql": {"fit": 30}}})")) ==
        "/lifecycle/mql/fit: can never be met: fit is at most 25 (the sum of positive fit points)");
  CHECK(onlyProblem(specWith(R"({"fit": {"max": 10}})")) ==
        "/lifecycle/mql/fit: can never be met: fit is at most /fit/max = 10");
  CHECK(onlyProblem(minimal(R"({"engagement": {"rules": [{"id": "c", "event": "page_view", "points": -5}]},
                                "lifecycle": {"mql": {"engagement": 10}}})")) ==
        "/lifecycle/mql/engagement: can never be met: no engagement rule awards positive points, so engagement "
        "stays at most 0");
  // Thresholds of 0, or below a raised minimum, can always be met.
  CHECK(loadModel(minimal(R"({"lifecycle": {"mql": {"engagement": 0}}})")).model);
  CHECK(loadModel(minimal(R"({"engagement": {"min": 20}, "lifecycle": {"mql": {"engagement": 10}}})")).model);
  CHECK(loadModel(minimal(R"({"fit": {"min": 5}, "lifecycle": {"mql": {"engagement": 0, "fit": 5}}})")).model);
  CHECK(onlyProblem(minimal(R"({"lifecycle": {"mql": {"fit": 0}}})")) == "/lifecycle/mql/engagement: required");
  CHECK(onlyProblem(minimal(R"({"lifecycle": {"mql": {"engagement": 0, "fit": 5}}})")) ==
        "/lifecycle/mql/fit: can never be met: fit is at most 0 (the sum of positive fit points)");
  CHECK(onlyProblem(minimal(R"({"lifecycle": {"engaged": {}}})")) == "/lifecycle/engaged/engagement: required");
}

TEST_CASE("model: several problems are all reported, in document order", "[model]") {
  const ModelResult r = loadModel(R"({
    "version": 2, "idd": "x", "sessionTimeoutMinutes": -5,
    "engagement": {"rules": [
      {"id": "a", "event": "page_view", "pionts": 3},
      {"id": "a", "event": "stage", "points": 1, "match": {"pathh": "/x"}},
      {"id": "b", "event": "page_view", "points": 1, "limit": {"count": 0, "per": "week"}}
    ]},
    "grades": [{"grade": "C"}, {"grade": "D", "minFit": -5}]
  })");
  CHECK_FALSE(r.model);
  const auto lines = problemsOf(r);
  CHECK(lines.size() == 12);
  const auto has = [&](const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  CHECK(has("/version: must be 1"));
  CHECK(has("/id: required"));
  CHECK(has("/sessionTimeoutMinutes: must be a number > 0"));
  CHECK(has("/engagement/rules/0/points: required"));
  CHECK(has("/engagement/rules/1/id: duplicate rule id \"a\" (first at /engagement/rules/0/id)"));
  CHECK(has("/engagement/rules/2/limit/per: must be one of session, day, lifetime"));
  CHECK(has("/engagement/rules/2/limit/count: must be a positive integer (1 … 1000000000)"));
  CHECK(has("/grades/1: unreachable: /grades/0 has no minFit and always matches first"));
  CHECK(lines[0].find("/idd: unknown key") == 0);
}
