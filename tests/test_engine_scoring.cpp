// Engagement, limits, decay, clamping, fit, grade and explain (SPEC §2).
#include <cfloat>
#include <cmath>
#include <random>

#include "engine_test_util.hpp"
#include "exp2.hpp"

using namespace enginetest;
using mqlite::Engine;

namespace {

const char* kLimitsModel = R"({
  "version": 1, "id": "limits",
  "engagement": {"rules": [
    {"id": "pricing", "event": "page_view", "match": {"path": "/pricing*"}, "points": 10,
     "limit": {"count": 3, "per": "lifetime"}},
    {"id": "from-email", "event": "page_view", "match": {"query.utm_medium": "email"}, "points": 5,
     "limit": {"count": 1, "per": "session"}},
    {"id": "deep-read", "event": "scroll", "match": {"props.depth": {"gte": 75}}, "points": 3,
     "limit": {"count": 2, "per": "day"}},
    {"id": "webinar", "event": "webinar", "match": {}, "points": 7}
  ]}
})";

mqlite::Event scroll(double ts, int depth) {
  return event({{"type", "scroll"}, {"ts", ts}, {"props", {{"depth", depth}}}});
}

}  // namespace

TEST_CASE("a lifetime limit stops awards at its count", "[engine][scoring]") {
  Engine engine(modelFrom(kLimitsModel));
  for (int i = 0; i < 3; ++i) accept(engine, pageView(kT0 + i * kMinute, "https://acme.com/pricing"));
  CHECK(engagementAt(engine, kT0 + 3 * kMinute) == 30);  // the third uses the limit up
  accept(engine, pageView(kT0 + 3 * kMinute, "https://acme.com/pricing"));
  CHECK(engagementAt(engine, kT0 + 3 * kMinute) == 30);  // the fourth is not awarded
  accept(engine, pageView(kT0 + 90 * kDay, "https://acme.com/pricing/team"));
  CHECK(engagementAt(engine, kT0 + 90 * kDay) == 30);    // not even in a later session
  json explain = engine.report()["explain"]["engagement"];
  REQUIRE(explain.size() == 1);
  CHECK(explain[0] == json({{"rule", "pricing"}, {"points", 30}, {"awards", 3}}));
}

TEST_CASE("a session limit starts afresh in a new session", "[engine][scoring]") {
  Engine engine(modelFrom(kLimitsModel));
  const std::string url = "https://acme.com/?utm_medium=email";
  accept(engine, pageView(kT0, url));
  accept(engine, pageView(kT0 + 10 * kMinute, url));  // same session: limit used up
  CHECK(engagementAt(engine, kT0 + 10 * kMinute) == 5);
  accept(engine, pageView(kT0 + 41 * kMinute, url));  // 31 minutes idle: a new session
  CHECK(engagementAt(engine, kT0 + 41 * kMinute) == 10);
  accept(engine, pageView(kT0 + 42 * kMinute, url + "&utm_campaign=spring"));  // new campaign: new session
  CHECK(engagementAt(engine, kT0 + 42 * kMinute) == 15);
  CHECK(engine.report()["journey"]["sessions"] == 3);
}

TEST_CASE("a day limit counts per UTC calendar day", "[engine][scoring]") {
  Engine engine(modelFrom(kLimitsModel));
  const double midnight = kT0 + kDay;
  accept(engine, scroll(midnight - 3 * kMinute, 80));
  accept(engine, scroll(midnight - 2 * kMinute, 90));  // the second uses the day's limit up
  accept(engine, scroll(midnight - 1, 100));          // 23:59:59.999: still that day, refused
  CHECK(engagementAt(engine, midnight) == 6);
  accept(engine, scroll(midnight, 75));               // 00:00:00.000: a new day, same session
  CHECK(engagementAt(engine, midnight) == 9);
  accept(engine, scroll(midnight + 1, 50));           // does not match (depth < 75)
  CHECK(engagementAt(engine, midnight) == 9);
  CHECK(engine.report()["journey"]["sessions"] == 1);
}

TEST_CASE("any event type named by a rule is scored", "[engine][scoring]") {
  Engine engine(modelFrom(kLimitsModel));
  accept(engine, event({{"type", "webinar"}, {"ts", kT0}}));
  accept(engine, event({{"type", "click"}, {"ts", kT0 + 1}}));
  CHECK(engagementAt(engine, kT0) == 7);
}

TEST_CASE("stage events are never scored", "[engine][scoring]") {
  // Built by hand: model validation would refuse a rule on "stage".
  mqlite::Model model;
  mqlite::EngagementRule rule;
  rule.id = "on-stage";
  rule.event = "stage";
  rule.points = 10;
  model.engagementRules.push_back(rule);
  model.mqlEngagement = 0;
  Engine engine(mqlite::ModelPtr::make(std::move(model)));
  accept(engine, identify(kT0, {{"email", "ann@acme.com"}}));
  REQUIRE(engine.stage() == mqlite::Stage::MQL);
  accept(engine, stageEvent(kT0 + 1, "SAL"));
  CHECK(engagementAt(engine, kT0 + 1) == 0);
}

TEST_CASE("decay halves points at each half-life, a rule's half-life overrides the model's",
          "[engine][scoring]") {
  auto model = modelFrom(R"({"version": 1, "id": "decay",
    "engagement": {"rules": [
      {"id": "slow", "event": "page_view", "match": {"path": "/slow"}, "points": 10},
      {"id": "fast", "event": "page_view", "match": {"path": "/fast"}, "points": 10, "halfLifeDays": 7}
    ], "decay": {"halfLifeDays": 30}}})");
  Engine engine(model);
  accept(engine, pageView(kT0, "https://acme.com/slow"));
  CHECK(engagementAt(engine, kT0) == 10);
  CHECK(engagementAt(engine, kT0 + 30 * kDay) == 5);
  CHECK(engagementAt(engine, kT0 + 60 * kDay) == 2.5);

  Engine fast(model);
  accept(fast, pageView(kT0, "https://acme.com/fast"));
  CHECK(engagementAt(fast, kT0 + 7 * kDay) == 5);
  CHECK(engagementAt(fast, kT0 + 14 * kDay) == 2.5);

  // Awards at different times: each decays from its own ts.
  accept(engine, pageView(kT0 + 30 * kDay, "https://acme.com/slow"));
  CHECK(engagementAt(engine, kT0 + 30 * kDay) == 15);
  CHECK(engagementAt(engine, kT0 + 60 * kDay) == 7.5);
  json explain = engine.report(kT0 + 60 * kDay)["explain"]["engagement"];
  CHECK(explain == json::array({{{"rule", "slow"}, {"points", 7.5}, {"awards", 2}}}));
}

TEST_CASE("no decay without a half-life", "[engine][scoring]") {
  Engine engine(modelFrom(kLimitsModel));
  accept(engine, event({{"type", "webinar"}, {"ts", kT0}}));
  CHECK(engagementAt(engine, kT0 + 3650 * kDay) == 7);
}

TEST_CASE("the sum is clamped once, so the order of awards does not matter", "[engine][scoring]") {
  auto model = modelFrom(R"({"version": 1, "id": "clamp",
    "engagement": {"rules": [
      {"id": "demo", "event": "page_view", "match": {"path": "/demo"}, "points": 60},
      {"id": "careers", "event": "page_view", "match": {"path": "/careers"}, "points": -50}
    ], "min": 0, "max": 100}})");
  const char* orders[][3] = {{"/demo", "/demo", "/careers"},
                             {"/careers", "/demo", "/demo"},
                             {"/demo", "/careers", "/demo"}};
  for (auto& order : orders) {
    Engine engine(model);
    for (int i = 0; i < 3; ++i) accept(engine, pageView(kT0 + i, std::string("https://acme.com") + order[i]));
    INFO(order[0] << " " << order[1] << " " << order[2]);
    CHECK(engagementAt(engine, kT0 + 3) == 70);  // 60 + 60 − 50; step-wise clamping gives 50 or 100
  }
  Engine negative(model);
  accept(negative, pageView(kT0, "https://acme.com/careers"));
  CHECK(engagementAt(negative, kT0) == 0);  // min
  Engine high(model);
  for (int i = 0; i < 3; ++i) accept(high, pageView(kT0 + i, "https://acme.com/demo"));
  CHECK(engagementAt(high, kT0 + 3) == 100);  // max
}

namespace {

const char* kFitModel = R"({
  "version": 1, "id": "fit",
  "engagement": {"rules": [
    {"id": "pricing", "event": "page_view", "match": {"path": "/pricing"}, "points": 10}]},
  "fit": {"rules": [
    {"id": "exec", "field": "title", "match": {"in": ["*vp*", "*chief*", "*head of*"]}, "points": 25},
    {"id": "freemail", "field": "email_domain", "match": {"in": ["gmail.com", "yahoo.com"]}, "points": -15},
    {"id": "no-company", "field": "company", "match": {"exists": false}, "points": -5},
    {"id": "big", "field": "employees", "match": {"gte": 500}, "points": 30}
  ], "min": -100, "max": 100},
  "grades": [{"grade": "A", "minFit": 40}, {"grade": "B", "minFit": 20}, {"grade": "C", "minFit": 0},
             {"grade": "D"}]
})";

}  // namespace

TEST_CASE("fit sums the rules matching the current traits", "[engine][scoring][fit]") {
  Engine engine(modelFrom(kFitModel));
  // No traits yet: exists:false already holds.
  CHECK(engine.score(kT0).fit == -5);
  CHECK(engine.score(kT0).grade == "D");

  accept(engine, identify(kT0, {{"email", "Ann@Sub.GMAIL.com"}, {"title", "VP Sales"}}));
  CHECK(engine.score(kT0).fit == 20);  // sub.gmail.com is not gmail.com: 25 − 5
  CHECK(engine.score(kT0).grade == "B");

  accept(engine, identify(kT0 + 1, {{"email", "x@y@GMAIL.COM"}, {"company", "Acme"}}));
  CHECK(engine.score(kT0).fit == 10);  // title kept (25), domain after the last @ (−15), company set
  CHECK(engine.score(kT0).grade == "C");

  accept(engine, identify(kT0 + 2, {{"title", "Intern"}, {"employees", 1200}}));
  CHECK(engine.score(kT0).fit == 15);  // later title replaces the earlier one: −15 + 30

  accept(engine, identify(kT0 + 3, {{"company", nullptr}, {"email", nullptr}}));
  CHECK(engine.score(kT0).fit == 25);  // null removes: company missing again (−5), no domain
  json explain = engine.report()["explain"]["fit"];
  CHECK(explain == json::array({{{"rule", "no-company"}, {"points", -5}}, {{"rule", "big"}, {"points", 30}}}));
}

TEST_CASE("fit is clamped and total adds engagement", "[engine][scoring][fit]") {
  auto model = modelFrom(R"({"version": 1, "id": "fitclamp",
    "engagement": {"rules": [{"id": "p", "event": "page_view", "match": {}, "points": 4}]},
    "fit": {"rules": [{"id": "exec", "field": "title", "match": "*vp*", "points": 25},
                      {"id": "cto", "field": "title", "match": "*cto*", "points": 25}], "max": 30}})");
  Engine engine(model);
  accept(engine, pageView(kT0, "https://acme.com/"));
  accept(engine, identify(kT0 + 1, {{"title", "VP and CTO"}}));
  mqlite::Score score = engine.score(kT0 + 1);
  CHECK(score.fit == 30);
  CHECK(score.engagement == 4);
  CHECK(score.total == 34);
  CHECK_FALSE(score.grade);  // no grades
  json report = engine.report();
  CHECK(report["grade"].is_null());
  CHECK(report["score"] == json({{"engagement", 4}, {"fit", 30}, {"total", 34}}));
}

TEST_CASE("grade is the first entry whose minFit the fit reaches", "[engine][scoring][fit]") {
  auto model = modelFrom(R"({"version": 1, "id": "grades", "engagement": {"rules": []},
    "fit": {"rules": [{"id": "a", "field": "a", "match": {"exists": true}, "points": 40},
                      {"id": "b", "field": "b", "match": {"exists": true}, "points": -60}]},
    "grades": [{"grade": "A", "minFit": 40}, {"grade": "B", "minFit": 0}]})");
  Engine engine(model);
  CHECK(engine.score(0).grade == "B");  // 0 ≥ 0
  accept(engine, identify(kT0, {{"a", 1}}));
  CHECK(engine.score(0).grade == "A");  // 40 ≥ 40
  accept(engine, identify(kT0, {{"b", 1}}));
  CHECK_FALSE(engine.score(0).grade);   // −20: no entry without minFit
}

TEST_CASE("explain lists rules with standing awards in model order", "[engine][scoring]") {
  Engine engine(modelFrom(kLimitsModel));
  accept(engine, event({{"type", "webinar"}, {"ts", kT0}}));
  accept(engine, pageView(kT0 + 1, "https://acme.com/pricing?utm_medium=email"));
  json explain = engine.report()["explain"]["engagement"];
  REQUIRE(explain.size() == 3);
  CHECK(explain[0]["rule"] == "pricing");
  CHECK(explain[1]["rule"] == "from-email");
  CHECK(explain[2]["rule"] == "webinar");
}

TEST_CASE("exp2Compact: within 2 ulp of libm's exp2, exact at whole powers", "[engine][scoring]") {
  auto ulps = [](double a, double b) {
    if (a == b) return 0.0;
    return std::fabs(a - b) / (std::nextafter(std::fabs(b), HUGE_VAL) - std::fabs(b));
  };
  std::mt19937_64 random(20261123);
  std::uniform_real_distribution<double> wide(-1074, 1023), decay(-60, 0.001), tiny(-1e-6, 1e-6);
  double worst = 0;
  for (int i = 0; i < 300000; ++i) {
    for (double x : {wide(random), decay(random), tiny(random)}) {
      const double expected = std::exp2(x);
      if (expected < DBL_MIN) continue;  // subnormal results: checked below
      worst = std::max(worst, ulps(mqlite::exp2Compact(x), expected));
    }
  }
  INFO("worst error: " << worst << " ulp");
  CHECK(worst <= 2);
  for (int k = -1074; k <= 1023; ++k) CHECK(mqlite::exp2Compact(k) == std::ldexp(1.0, k));
  CHECK(mqlite::exp2Compact(-1) == 0.5);
  CHECK(mqlite::exp2Compact(-1075.5) == 0);
  CHECK(std::fabs(mqlite::exp2Compact(-1060.25) - std::exp2(-1060.25)) <= std::ldexp(1.0, -1074));
  CHECK(std::isinf(mqlite::exp2Compact(1024)));
  CHECK(std::isnan(mqlite::exp2Compact(NAN)));
  CHECK(mqlite::exp2Compact(-HUGE_VAL) == 0);
}
