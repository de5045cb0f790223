// A device clock that jumps backward: the lifecycle runs on the latest time seen, never earlier.
#include "engine_test_util.hpp"

using namespace enginetest;
using mqlite::Engine;
using mqlite::Stage;

namespace {

const char* kClockModel = R"({
  "version": 1, "id": "clock",
  "engagement": {"rules": [
    {"id": "pricing", "event": "page_view", "match": {"path": "/pricing*"}, "points": 10}
  ], "decay": {"halfLifeDays": 30}, "max": 100},
  "lifecycle": {"engaged": {"engagement": 20}, "mql": {"engagement": 50}}
})";

std::string withoutDecay(std::string text) {
  const std::string decay = R"(, "decay": {"halfLifeDays": 30})";
  return text.replace(text.find(decay), decay.size(), "");
}

}  // namespace

TEST_CASE("an event from a clock that jumped backward cannot promote a lead", "[engine][clock]") {
  Engine engine(modelFrom(kClockModel));
  accept(engine, identify(kT0, {{"email", "ann@example.com"}}));
  accept(engine, pageView(kT0 + kMinute, "https://acme.com/pricing"));
  // A year earlier: checked at that time, the later award would count 10 × 2^(365/30) > 50 (MQL).
  mqlite::IngestResult late = accept(engine, pageView(kT0 - 365 * kDay, "https://acme.com/"));
  CHECK(late.entered.empty());
  CHECK(engine.stage() == Stage::Known);
  CHECK(engine.lastEventTs() == kT0 + kMinute);
  CHECK(engine.report()["score"]["engagement"] == 10);
}

TEST_CASE("a transition caused by a late event is dated at the latest time seen", "[engine][clock]") {
  Engine engine(modelFrom(withoutDecay(kClockModel)));
  accept(engine, identify(kT0, {{"email", "ann@example.com"}}));
  accept(engine, pageView(kT0 + kMinute, "https://acme.com/pricing"));
  mqlite::IngestResult late = accept(engine, pageView(kT0 - kMinute, "https://acme.com/pricing"));
  REQUIRE(late.entered.size() == 1);
  CHECK(late.entered[0].to == Stage::Engaged);
  CHECK(late.entered[0].at == kT0 + kMinute);
}
