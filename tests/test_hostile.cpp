// Hostile input (issue 6): oversize, deeply nested, markup, invalid UTF-8, non-finite numbers,
// out-of-range and backward timestamps, floods of events. Each gets a clear error or a sane
// result: no crash, no hang, bounded state, and a report that always dumps as strict JSON.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>

#include "engine.hpp"
#include "event.hpp"
#include "json.hpp"
#include "model.hpp"

using namespace mqlite;

namespace {

const char* const kModel = R"({"version": 1, "id": "hostile", "sessionTimeoutMinutes": 30,
  "engagement": {"rules": [
    {"id": "pricing", "event": "page_view", "match": {"path": "/pricing*"}, "points": 10},
    {"id": "any-view", "event": "page_view", "match": {}, "points": 1, "limit": {"count": 5, "per": "day"}},
    {"id": "deep-read", "event": "scroll", "match": {"props.depth": {"gte": 75}}, "points": 3}],
    "decay": {"halfLifeDays": 30}, "min": 0, "max": 100},
  "fit": {"rules": [{"id": "exec", "field": "title", "match": {"in": ["*vp*", "*chief*"]}, "points": 25}]},
  "grades": [{"grade": "A", "minFit": 20}, {"grade": "B"}],
  "lifecycle": {"engaged": {"engagement": 5}, "mql": {"engagement": 10}},
  "phases": [{"name": "Consideration", "match": {"path": "/pricing*"}}]})";

constexpr double kT0 = 1700000000000.0;  // 2023-11-14
constexpr double kMinute = 60000.0;

ModelPtr model() {
  static const auto loaded = [] {
    ModelResult result = loadModel(std::string_view(kModel));
    REQUIRE(result.problems.empty());
    return result.model;
  }();
  return loaded;
}

std::string pageView(double ts, const std::string& path, const std::string& title = "T") {
  json e = {{"type", "page_view"}, {"ts", ts}, {"url", "https://acme.example" + path}, {"title", title}};
  return e.dump();
}

bool allFinite(const json& value) {
  if (value.is_number_float()) return std::isfinite(value.get<double>());
  if (value.is_structured()) {
    for (const auto& item : value)
      if (!allFinite(item)) return false;
  }
  return true;
}

// report() is read back from its text, where a non-finite number would be written null: every
// field that holds a number in the report must still be one.
bool numbersWhereExpected(const json& report) {
  const auto numbers = [](const json& object, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
      if (!object.at(key).is_number()) return false;
    return true;
  };
  const auto touch = [&](const json& t) { return t.is_null() || numbers(t, {"ts"}); };
  bool ok = numbers(report.at("score"), {"engagement", "fit", "total"}) &&
            numbers(report.at("journey"), {"pageViews", "sessions"}) &&
            touch(report.at("journey").at("firstTouch")) && touch(report.at("journey").at("lastTouch"));
  for (const json& item : report.at("explain").at("engagement")) ok = ok && numbers(item, {"awards", "points"});
  for (const json& item : report.at("explain").at("fit")) ok = ok && numbers(item, {"points"});
  for (const json& item : report.at("journey").at("phases")) ok = ok && numbers(item, {"at"});
  for (const json& item : report.at("transitions")) ok = ok && numbers(item, {"at"});
  if (report.at("journey").contains("events"))
    for (const json& item : report.at("journey").at("events")) ok = ok && numbers(item, {"ts"});
  return ok;
}

// The report with recent events dumps strictly (throws on invalid UTF-8), round-trips and holds
// finite numbers only; the saved state restores to the same report.
json checkedReport(const Engine& engine) {
  json report = engine.report(std::nullopt, true);
  std::string text;
  REQUIRE_NOTHROW(text = report.dump());
  REQUIRE(json::parse(text) == report);
  REQUIRE(allFinite(report));
  REQUIRE(numbersWhereExpected(report));
  REQUIRE(engine.reportText(std::nullopt, true) == text);
  std::string error;
  auto restored = Engine::restore(model(), engine.save(), &error);
  INFO(error);
  REQUIRE(restored);
  REQUIRE(restored->report(std::nullopt, true) == report);
  return report;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string nested(size_t depth, char open, char close, const std::string& inner = "1") {
  return std::string(depth, open) + inner + std::string(depth, close);
}

}  // namespace

TEST_CASE("hostile: an event with megabytes of title is kept, cut, and the state stays small") {
  Engine engine(model());
  const std::string title(4 << 20, 'x');
  IngestResult r = engine.ingestJson(pageView(kT0, "/pricing", title));
  REQUIRE(r.ok);
  json report = checkedReport(engine);
  const std::string& kept = report["journey"]["events"][0]["title"].get_ref<const std::string&>();
  CHECK(kept.size() < 10000);
  CHECK(kept.substr(0, 100) == title.substr(0, 100));
  CHECK(engine.save().size() < 50000);
}

TEST_CASE("hostile: megabyte URLs, referrers and props do not grow the state") {
  Engine engine(model());
  const std::string big(2 << 20, 'a');
  json e = {{"type", "page_view"}, {"ts", kT0}, {"url", "https://acme.example/pricing/" + big + "?utm_campaign=" + big},
            {"referrer", "https://ref.example/" + big}, {"props", {{"blob", big}}}};
  REQUIRE(engine.ingestJson(e.dump()).ok);
  checkedReport(engine);
  CHECK(engine.save().size() < 50000);
}

TEST_CASE("hostile: oversize traits are scored but never kept") {
  Engine engine(model());
  json traits = json::object();
  for (int i = 0; i < 10000; ++i) traits["trait" + std::to_string(i)] = std::string(100, 'v');
  traits["email"] = "ann@corp.example";
  traits["title"] = "Chief " + std::string(1 << 20, 'c');
  json e = {{"type", "identify"}, {"ts", kT0}, {"traits", traits}};
  REQUIRE(engine.ingestJson(e.dump()).ok);
  CHECK(engine.stage() != Stage::Anonymous);
  CHECK(engine.score(kT0).fit == 25);
  const std::string saved = engine.save();
  CHECK(saved.size() < 10000);
  CHECK(saved.find("ann@corp.example") == std::string::npos);
  CHECK(saved.find("cccccccc") == std::string::npos);
  checkedReport(engine);
}

TEST_CASE("hostile: a model over kMaxModelBytes is refused with a clear problem") {
  std::string text = R"({"version": 1, "id": "big", "pad": ")" + std::string(kMaxModelBytes, ' ') + "\"}";
  ModelResult result = loadModel(std::string_view(text));
  REQUIRE_FALSE(result.model);
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].pointer == "/");
  CHECK_THAT(result.problems[0].message, Catch::Contains(std::to_string(kMaxModelBytes)) ||
                                             Catch::Contains("bytes") || Catch::Contains("large"));
}

TEST_CASE("hostile: 10^5 nested brackets in a model are refused, not recursed into") {
  const std::string texts[] = {nested(100000, '[', ']'), std::string(64, '[') + std::string(100000, '{'),
                               R"({"version":1,"id":"n","x":)" + nested(100000, '[', ']') + "}"};
  for (const std::string& text : texts) {
    auto start = std::chrono::steady_clock::now();
    ModelResult result = loadModel(std::string_view(text));
    CHECK(secondsSince(start) < 5);
    REQUIRE_FALSE(result.model);
    REQUIRE_FALSE(result.problems.empty());
    CHECK_THAT(result.problems[0].message, Catch::Contains("nested"));
  }
}

TEST_CASE("hostile: 10^5 nested brackets in an event are refused with a clear error") {
  Engine engine(model());
  const std::string lines[] = {
      nested(100000, '[', ']'),
      R"({"type":"page_view","ts":1,"props":{"a":)" + nested(100000, '[', ']') + "}}",
      R"({"type":"identify","ts":1,"traits":)" + std::string(100000, '{') + "}",
      std::string(100000, '{'),
  };
  for (const std::string& line : lines) {
    IngestResult r = engine.ingestJson(line);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("nested") || Catch::Contains("JSON"));
  }
  CHECK_FALSE(engine.lastEventTs());
}

TEST_CASE("hostile: markup and script in titles, URLs and traits stay data, escaped in JSON") {
  Engine engine(model());
  const std::string script = "</script><script>alert(\"x\")</script>";
  const std::string img = "\"><img src=x onerror=alert(1)>\\";
  json e = {{"type", "page_view"}, {"ts", kT0}, {"url", "https://acme.example/pricing/" + img + "?utm_source=" + script},
            {"title", script + img}, {"referrer", "javascript:alert(1)//" + script}};
  REQUIRE(engine.ingestJson(e.dump()).ok);
  json identify = {{"type", "identify"}, {"ts", kT0 + 1}, {"traits", {{"email", "a@b.example"}, {"title", script}}}};
  REQUIRE(engine.ingestJson(identify.dump()).ok);
  json report = checkedReport(engine);
  CHECK(report["journey"]["events"][0]["title"] == script + img);
  CHECK(report["journey"]["firstTouch"]["source"] == script);
  const std::string text = report.dump();
  CHECK(text.find("\\\"x\\\"") != std::string::npos);  // quotes escaped, not closing the string
  CHECK(text.find(script) == std::string::npos);        // the raw script never appears unescaped
}

TEST_CASE("hostile: invalid UTF-8 in JSON text is refused with a clear error") {
  Engine engine(model());
  for (std::string bad : {"\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf", "\\ud800"}) {
    std::string line = R"({"type":"page_view","ts":1,"title":")" + bad + "\"}";
    IngestResult r = engine.ingestJson(line);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("JSON"));
  }
  ModelResult m = loadModel(std::string_view("{\"version\":1,\"id\":\"\xff\"}"));
  CHECK_FALSE(m.model);
  CHECK_FALSE(m.problems.empty());
}

TEST_CASE("hostile: invalid UTF-8 in every string field of an Event still dumps") {
  const std::string bad = "a\xff\xfe\xc3(\xed\xa0\x80z";
  Engine engine(model());
  Event view;
  view.type = "page_view";
  view.ts = kT0;
  view.url = "https://acme.example/pricing/" + bad + "?utm_source=" + bad + "&utm_campaign=" + bad;
  view.title = bad;
  view.referrer = "https://" + bad + ".example/" + bad;
  view.props = {{"depth", 80}};
  engine.ingest(view);
  Event custom = view;
  custom.type = bad;
  engine.ingest(custom);
  Event identify;
  identify.type = "identify";
  identify.ts = kT0 + 1;
  identify.traits = {{"email", bad + "@x.example"}, {"title", bad}};
  engine.ingest(identify);
  Event stage;
  stage.type = "stage";
  stage.ts = kT0 + 2;
  stage.to = bad;
  CHECK_FALSE(engine.ingest(stage).ok);
  checkedReport(engine);
}

TEST_CASE("hostile: percent-encoded invalid UTF-8 in a URL still dumps") {
  Engine engine(model());
  REQUIRE(engine.ingestJson(pageView(kT0, "/pricing/%FF%C3%ED%A0%80?utm_source=%FE&utm_campaign=%C0%AF")).ok);
  json report = checkedReport(engine);
  CHECK(report["score"]["engagement"] == 11);
}

TEST_CASE("hostile: NaN and Infinity (1e999) are refused or kept finite") {
  Engine engine(model());
  for (const char* line : {R"({"type":"page_view","ts":1e999})", R"({"type":"page_view","ts":-1e999})",
                           R"({"type":"page_view","ts":NaN})", R"({"type":"page_view","ts":Infinity})"}) {
    IngestResult r = engine.ingestJson(line);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.error.empty());
  }
  // A number beyond double range is refused wherever it is, saying so (it was a bare "not valid JSON").
  for (const char* line : {R"({"type":"scroll","ts":1700000000000,"props":{"depth":1e999}})",
                           R"({"type":"identify","ts":1700000000001,"traits":{"email":"a@b.example","n":-1e999}})"}) {
    IngestResult r = engine.ingestJson(line);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("number overflow") && Catch::Contains("1e999"));
  }
  REQUIRE(engine.ingestJson(R"({"type":"scroll","ts":1700000000000,"props":{"depth":1.7e308}})").ok);
  REQUIRE(engine.ingestJson(R"({"type":"identify","ts":1700000000001,"traits":{"email":"a@b.example","title":-1.7e308}})").ok);
  checkedReport(engine);

  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    Event e;
    e.type = "page_view";
    e.ts = bad;
    IngestResult r = engine.ingest(e);
    CHECK_FALSE(r.ok);
  }
  checkedReport(engine);

  for (const char* points : {"1e999", "-1e999"}) {
    std::string text = std::string(R"({"version":1,"id":"x","engagement":{"rules":[{"id":"r","event":"e","points":)") +
                       points + "}]}}";
    ModelResult result = loadModel(std::string_view(text));
    CHECK_FALSE(result.model);
    REQUIRE(result.problems.size() == 1);
    CHECK_THAT(result.problems[0].message, Catch::Contains("number overflow"));
  }
}

TEST_CASE("hostile: negative and far-future timestamps are refused, the last valid one works") {
  Engine engine(model());
  for (double ts : {-1.0, -1e15, kMaxTimestamp + 1, 1e300}) {
    IngestResult r = engine.ingestJson(pageView(ts, "/pricing"));
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::Contains("ts"));
  }
  CHECK_FALSE(engine.lastEventTs());
  REQUIRE(engine.ingestJson(pageView(0, "/pricing")).ok);
  REQUIRE(engine.ingestJson(pageView(kMaxTimestamp, "/pricing")).ok);
  json report = checkedReport(engine);
  CHECK(report["score"]["engagement"].get<double>() >= 10);
  CHECK(std::isfinite(engine.score(0).engagement));
}

TEST_CASE("hostile: a clock that jumps backward keeps scores finite and sessions sane") {
  Engine engine(model());
  const double times[] = {kT0, kT0 + 5 * kMinute, kT0 - 86400000.0, kT0 + 10 * kMinute, kT0 - 1e12,
                          kT0 + 3 * 86400000.0, kT0 + 2 * 86400000.0, kT0 + 3 * 86400000.0 + kMinute};
  int accepted = 0;
  for (double ts : times) accepted += engine.ingestJson(pageView(ts, "/pricing")).ok ? 1 : 0;
  REQUIRE(accepted == 8);
  json report = checkedReport(engine);
  const auto sessions = report["journey"]["sessions"].get<int64_t>();
  CHECK(sessions >= 1);
  CHECK(sessions <= accepted);
  CHECK(report["journey"]["pageViews"] == accepted);
  for (double now : {kT0 - 1e12, kT0, kT0 + 1e12}) {
    Score s = engine.score(now);
    CHECK(std::isfinite(s.engagement));
    CHECK(s.engagement >= 0);
    CHECK(s.engagement <= 100);
  }
  CHECK(engine.lastEventTs() == kT0 + 3 * 86400000.0 + kMinute);
}

TEST_CASE("hostile: 100000 events and 2000 manual moves keep the state bounded") {
  Engine engine(model());
  REQUIRE(engine.ingestJson(R"({"type":"identify","ts":1700000000000,"traits":{"email":"a@b.example"}})").ok);
  auto start = std::chrono::steady_clock::now();
  double ts = kT0;
  for (int i = 0; i < 100000; ++i) {
    ts += 7 * kMinute;
    engine.ingestJson(pageView(ts, i % 3 ? "/pricing/" + std::to_string(i) : "/blog", std::string(300, 't')));
  }
  CHECK(secondsSince(start) < 60);
  for (int i = 0; i < 1000; ++i) {
    for (const char* to : {"Recycled", "MQL"}) {
      ts += 1;
      json e = {{"type", "stage"}, {"ts", ts}, {"to", to}};
      engine.ingestJson(e.dump());
    }
    ts += 1;
    engine.ingestJson(pageView(ts, "/pricing"));
  }
  CHECK(engine.transitions().size() <= kMaxTransitions);
  CHECK(engine.transitions().size() > 100);
  json report = checkedReport(engine);
  CHECK(report["journey"]["events"].size() == kRecentEvents);
  CHECK(report["journey"]["pageViews"].get<int64_t>() >= 100000);
  CHECK(engine.save().size() < 200000);
}

TEST_CASE("hostile: a pathological glob against a megabyte title does not hang") {
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "*b";
  json m = json::parse(R"({"version":1,"id":"glob","engagement":{"rules":[{"id":"g","event":"page_view","points":1}]}})");
  m["engagement"]["rules"][0]["match"] = {{"title", pattern}};
  ModelResult loaded = loadModel(m);
  REQUIRE(loaded.model);
  Engine engine(loaded.model);
  auto start = std::chrono::steady_clock::now();
  REQUIRE(engine.ingestJson(pageView(kT0, "/", std::string(1 << 20, 'a'))).ok);
  CHECK(secondsSince(start) < 10);
  CHECK(engine.score(kT0).engagement == 0);
}

TEST_CASE("hostile: points beyond the model's bound are refused, the largest stay finite") {
  ModelResult refused = loadModel(std::string_view(
      R"({"version":1,"id":"x","engagement":{"rules":[{"id":"a","event":"page_view","points":1.7e308}]}})"));
  REQUIRE_FALSE(refused.model);
  CHECK(refused.problems.at(0).pointer == "/engagement/rules/0/points");

  const char* text = R"({"version":1,"id":"huge","engagement":{"rules":[
    {"id":"a","event":"page_view","points":1e9},{"id":"b","event":"page_view","points":1e9},
    {"id":"c","event":"click","points":-1e9}], "decay":{"halfLifeDays":1}},
    "fit":{"rules":[{"id":"f","field":"x","match":{"exists":true},"points":1e9},
                    {"id":"g","field":"y","match":{"exists":true},"points":1e9}]}})";
  ModelResult loaded = loadModel(std::string_view(text));
  REQUIRE(loaded.model);
  Engine engine(loaded.model);
  engine.ingestJson(pageView(kT0, "/"));
  engine.ingestJson(R"({"type":"click","ts":1700000000001})");
  engine.ingestJson(R"({"type":"identify","ts":1700000000002,"traits":{"x":1,"y":2}})");
  engine.ingestJson(pageView(kT0 - 1e11, "/"));  // a backward clock values awards before their time
  for (double now : {kT0 - 1e12, kT0, kT0 + 1e12}) {
    Score s = engine.score(now);
    CHECK(std::isfinite(s.engagement));
    CHECK(std::isfinite(s.fit));
    CHECK(std::isfinite(s.total));
    CHECK(allFinite(engine.report(now, true)));
    CHECK(numbersWhereExpected(engine.report(now, true)));
  }
}
