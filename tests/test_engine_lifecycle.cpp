// Lifecycle (SPEC §3): automatic steps, manual moves, Recycled, final stages, the log.
#include "engine_test_util.hpp"

using namespace enginetest;
using mqlite::Engine;
using mqlite::Stage;

namespace {

const char* kLifecycleModel = R"({
  "version": 1, "id": "lifecycle",
  "engagement": {"rules": [
    {"id": "pricing", "event": "page_view", "match": {"path": "/pricing*"}, "points": 10,
     "limit": {"count": 3, "per": "lifetime"}},
    {"id": "blog", "event": "page_view", "match": {"path": "/blog*"}, "points": 5}
  ]},
  "fit": {"rules": [{"id": "exec", "field": "title", "match": "*vp*", "points": 25}]},
  "lifecycle": {"engaged": {"engagement": 20}, "mql": {"engagement": 30, "fit": 20}}
})";

std::vector<std::pair<Stage, Stage>> moves(const std::vector<mqlite::Transition>& log) {
  std::vector<std::pair<Stage, Stage>> out;
  for (const auto& t : log) out.emplace_back(t.from, t.to);
  return out;
}

void pricingViews(Engine& engine, double from, int count) {
  for (int i = 0; i < count; ++i) accept(engine, pageView(from + i * kMinute, "https://acme.com/pricing"));
}

// A lead at MQL (three pricing views, then identified as a VP) at kT0 + 10 minutes.
Engine mqlLead() {
  Engine engine(modelFrom(kLifecycleModel));
  pricingViews(engine, kT0, 3);
  accept(engine, identify(kT0 + 10 * kMinute, {{"email", "ann@acme.com"}, {"title", "VP Sales"}}));
  REQUIRE(engine.stage() == Stage::MQL);
  return engine;
}

}  // namespace

TEST_CASE("an anonymous visitor stays anonymous however engaged", "[engine][lifecycle]") {
  Engine engine(modelFrom(kLifecycleModel));
  pricingViews(engine, kT0, 3);
  CHECK(engine.stage() == Stage::Anonymous);
  CHECK(engine.transitions().empty());
}

TEST_CASE("identify makes a visitor Known only with a valid e-mail or a userId", "[engine][lifecycle]") {
  auto model = modelFrom(kLifecycleModel);
  for (json traits : {json{{"email", "not-an-email"}}, json{{"email", "a b@acme.com"}},
                      json{{"email", "ann@localhost"}}, json{{"userId", ""}}, json{{"userId", 42}},
                      json{{"name", "Ann"}}}) {
    Engine engine(model);
    accept(engine, identify(kT0, traits));
    INFO(traits.dump());
    CHECK(engine.stage() == Stage::Anonymous);
  }
  for (json traits : {json{{"email", "ann@acme.co.uk"}}, json{{"userId", "u-1"}}}) {
    Engine engine(model);
    auto result = accept(engine, identify(kT0, traits));
    INFO(traits.dump());
    CHECK(engine.stage() == Stage::Known);
    REQUIRE(result.entered.size() == 1);
    CHECK(result.entered[0].at == kT0);
  }
  // Only an identify event identifies.
  Engine engine(model);
  accept(engine, event({{"type", "form_submit"}, {"ts", kT0}, {"traits", {{"email", "ann@acme.com"}}}}));
  CHECK(engine.stage() == Stage::Anonymous);
}

TEST_CASE("one event can enter three stages, logged in order with the same at", "[engine][lifecycle]") {
  Engine engine(modelFrom(kLifecycleModel));
  pricingViews(engine, kT0, 3);
  const double at = kT0 + 10 * kMinute;
  auto result = accept(engine, identify(at, {{"email", "ann@acme.com"}, {"title", "VP Sales"}}));
  using P = std::pair<Stage, Stage>;
  std::vector<P> expected{P{Stage::Anonymous, Stage::Known}, P{Stage::Known, Stage::Engaged},
                          P{Stage::Engaged, Stage::MQL}};
  CHECK(moves(result.entered) == expected);
  CHECK(moves(engine.transitions()) == expected);
  for (const auto& t : engine.transitions()) CHECK(t.at == at);
  json transitions = engine.report()["transitions"];
  CHECK(transitions[1] == json({{"from", "Known"}, {"to", "Engaged"}, {"at", at}}));
}

TEST_CASE("Known becomes Engaged, and MQL once fit arrives", "[engine][lifecycle]") {
  Engine engine(modelFrom(kLifecycleModel));
  accept(engine, identify(kT0, {{"email", "ann@acme.com"}}));
  pricingViews(engine, kT0 + kMinute, 2);
  CHECK(engine.stage() == Stage::Engaged);  // 20 ≥ 20
  pricingViews(engine, kT0 + 5 * kMinute, 1);
  CHECK(engine.stage() == Stage::Engaged);  // 30 but fit 0 < 20
  auto result = accept(engine, identify(kT0 + 6 * kMinute, {{"title", "VP"}}));
  REQUIRE(result.entered.size() == 1);
  CHECK(result.entered[0].to == Stage::MQL);
}

TEST_CASE("the MQL threshold may be below the Engaged one: Known goes straight to MQL",
          "[engine][lifecycle]") {
  Engine engine(modelFrom(R"({"version": 1, "id": "low-mql",
    "engagement": {"rules": [{"id": "p", "event": "page_view", "match": {}, "points": 10}]},
    "lifecycle": {"engaged": {"engagement": 50}, "mql": {"engagement": 10}}})"));
  accept(engine, identify(kT0, {{"userId", "u"}}));
  auto result = accept(engine, pageView(kT0 + 1, "https://acme.com/"));
  REQUIRE(result.entered.size() == 1);
  CHECK(result.entered[0].from == Stage::Known);
  CHECK(result.entered[0].to == Stage::MQL);
}

TEST_CASE("a decayed score does not demote", "[engine][lifecycle]") {
  Engine engine(modelFrom(R"({"version": 1, "id": "decaying",
    "engagement": {"rules": [{"id": "demo", "event": "page_view", "match": {"path": "/demo"}, "points": 40}],
                   "decay": {"halfLifeDays": 30}},
    "lifecycle": {"engaged": {"engagement": 20}, "mql": {"engagement": 30}}})"));
  accept(engine, identify(kT0, {{"email", "ann@acme.com"}}));
  accept(engine, pageView(kT0 + kMinute, "https://acme.com/demo"));
  REQUIRE(engine.stage() == Stage::MQL);
  accept(engine, pageView(kT0 + 365 * kDay, "https://acme.com/"));
  CHECK(engagementAt(engine, kT0 + 365 * kDay) < 1);
  CHECK(engine.stage() == Stage::MQL);
  CHECK(engine.transitions().size() == 3);
}

TEST_CASE("a refused manual move names the stage and the allowed moves and changes nothing",
          "[engine][lifecycle]") {
  Engine engine = mqlLead();
  const std::string before = engine.report(std::nullopt, true).dump();
  const std::string saved = engine.save();
  auto result = engine.ingest(stageEvent(kT0 + kDay, "Customer"));
  CHECK_FALSE(result.ok);
  CHECK(result.entered.empty());
  CHECK_THAT(result.error, Catch::Contains("MQL") && Catch::Contains("Customer") &&
                               Catch::Contains("SAL") && Catch::Contains("Recycled") &&
                               Catch::Contains("Disqualified"));
  CHECK(engine.report(std::nullopt, true).dump() == before);
  CHECK(engine.save() == saved);
  CHECK(engine.lastEventTs() == kT0 + 10 * kMinute);

  Engine anonymous(modelFrom(kLifecycleModel));
  auto refused = anonymous.ingest(stageEvent(kT0, "SAL"));
  CHECK_FALSE(refused.ok);
  CHECK_THAT(refused.error, Catch::Contains("Anonymous"));
  CHECK_FALSE(anonymous.lastEventTs());
}

TEST_CASE("manual moves follow the table", "[engine][lifecycle]") {
  Engine engine = mqlLead();
  double t = kT0 + kDay;
  for (const char* to : {"SAL", "SQL", "Opportunity", "Lost", "Recycled"}) {
    auto result = accept(engine, stageEvent(t, to));
    REQUIRE(result.entered.size() == 1);
    CHECK(std::string(mqlite::stageName(result.entered[0].to)) == to);
    CHECK(result.entered[0].at == t);
    t += kDay;
  }
  CHECK(engine.stage() == Stage::Recycled);
  CHECK(engine.lastEventTs() == t - kDay);
}

TEST_CASE("Recycled drops every award and resets limits, the lead requalifies on new engagement",
          "[engine][lifecycle]") {
  Engine engine = mqlLead();
  accept(engine, pageView(kT0 + 11 * kMinute, "https://acme.com/pricing"));  // lifetime limit used up
  CHECK(engine.report()["explain"]["engagement"][0]["awards"] == 3);
  accept(engine, stageEvent(kT0 + 20 * kMinute, "Recycled"));
  CHECK(engine.stage() == Stage::Recycled);
  CHECK(engagementAt(engine, kT0 + 20 * kMinute) == 0);
  CHECK(engine.report()["explain"]["engagement"].empty());
  CHECK(engine.score(kT0).fit == 25);  // fit is not engagement: it stays

  pricingViews(engine, kT0 + 21 * kMinute, 2);
  CHECK(engine.stage() == Stage::Recycled);  // Recycled does not pass through Engaged
  auto result = accept(engine, pageView(kT0 + 30 * kMinute, "https://acme.com/pricing"));
  REQUIRE(result.entered.size() == 1);  // the limit started afresh: a third award
  CHECK(result.entered[0].from == Stage::Recycled);
  CHECK(result.entered[0].to == Stage::MQL);
  CHECK(engine.report()["explain"]["engagement"][0]["awards"] == 3);
}

TEST_CASE("after a manual move the automatic steps are checked", "[engine][lifecycle]") {
  Engine engine(modelFrom(R"({"version": 1, "id": "zero",
    "engagement": {"rules": [{"id": "p", "event": "page_view", "match": {}, "points": 1}]},
    "lifecycle": {"mql": {"engagement": 0}}})"));
  accept(engine, identify(kT0, {{"email", "ann@acme.com"}}));
  CHECK(engine.stage() == Stage::MQL);
  auto result = accept(engine, stageEvent(kT0 + 1, "Recycled"));
  REQUIRE(result.entered.size() == 2);
  CHECK(result.entered[0].to == Stage::Recycled);
  CHECK(result.entered[1].from == Stage::Recycled);
  CHECK(result.entered[1].to == Stage::MQL);
  CHECK(result.entered[1].at == kT0 + 1);
}

TEST_CASE("Customer and Disqualified are final", "[engine][lifecycle]") {
  Engine customer = mqlLead();
  for (const char* to : {"SAL", "SQL", "Opportunity", "Customer"}) accept(customer, stageEvent(kT0 + kDay, to));
  for (const char* to : {"Recycled", "Lost", "MQL", "Disqualified", "Anonymous"}) {
    auto result = customer.ingest(stageEvent(kT0 + 2 * kDay, to));
    CHECK_FALSE(result.ok);
    CHECK_THAT(result.error, Catch::Contains("Customer") && Catch::Contains("final"));
  }
  pricingViews(customer, kT0 + 3 * kDay, 3);
  CHECK(customer.stage() == Stage::Customer);

  Engine disqualified = mqlLead();
  accept(disqualified, stageEvent(kT0 + kDay, "Disqualified"));
  CHECK_FALSE(disqualified.ingest(stageEvent(kT0 + 2 * kDay, "Recycled")).ok);
  CHECK(disqualified.stage() == Stage::Disqualified);
}

TEST_CASE("the transition log is bounded", "[engine][lifecycle]") {
  Engine engine(modelFrom(R"({"version": 1, "id": "loop",
    "engagement": {"rules": [{"id": "p", "event": "page_view", "match": {}, "points": 1}]},
    "lifecycle": {"mql": {"engagement": 0}}})"));
  accept(engine, identify(kT0, {{"userId", "u"}}));
  for (int i = 1; i <= 400; ++i) accept(engine, stageEvent(kT0 + i, "Recycled"));  // 2 transitions each
  REQUIRE(engine.transitions().size() == mqlite::kMaxTransitions);
  CHECK(engine.transitions().back().at == kT0 + 400);
  CHECK(engine.transitions().back().to == Stage::MQL);
  CHECK(engine.transitions().front().at == kT0 + 151);  // 802 made, the oldest 302 dropped
}

TEST_CASE("bad events are refused without a crash", "[engine][lifecycle]") {
  Engine engine(modelFrom(kLifecycleModel));
  CHECK_FALSE(engine.ingestJson("{not json").ok);
  CHECK_FALSE(engine.ingestJson(R"({"type": "stage", "ts": 1, "to": "Nowhere"})").ok);
  mqlite::Event hand;
  hand.type = "page_view";
  hand.ts = std::nan("");
  auto result = engine.ingest(hand);
  CHECK_FALSE(result.ok);
  CHECK_THAT(result.error, Catch::Contains("ts"));
  hand.ts = 1;
  hand.type = "stage";  // no `to`
  CHECK_FALSE(engine.ingest(hand).ok);
  CHECK_FALSE(engine.lastEventTs());
  CHECK(engine.ingestJson(R"({"type": "page_view", "ts": 5, "url": "https://acme.com/pricing"})").ok);
  CHECK(engine.lastEventTs() == 5);
}
