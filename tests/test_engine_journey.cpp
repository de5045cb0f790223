// Journey (SPEC §4): sessions, touches, phases, page views and the recent events.
#include "engine_test_util.hpp"

#include "url.hpp"

using namespace enginetest;
using mqlite::Engine;

namespace {

const char* kJourneyModel = R"({
  "version": 1, "id": "journey", "sessionTimeoutMinutes": 30,
  "engagement": {"rules": [{"id": "pv", "event": "page_view", "match": {}, "points": 1}]},
  "lifecycle": {"mql": {"engagement": 0}},
  "phases": [{"name": "Awareness", "match": {"path": "/blog*"}},
             {"name": "Consideration", "match": {"path": "/pricing*"}},
             {"name": "Conversion", "match": {"path": "/demo*"}},
             {"name": "Elsewhere", "match": {"path": "/*"}}]
})";

json journeyOf(const Engine& engine) { return engine.report(std::nullopt, true)["journey"]; }

json touchOf(const Engine& engine) { return journeyOf(engine)["firstTouch"]; }

json firstTouchFor(const std::string& url, const std::string& referrer) {
  Engine engine(modelFrom(kJourneyModel));
  accept(engine, pageView(kT0, url, referrer));
  return touchOf(engine);
}

}  // namespace

TEST_CASE("a session ends after the timeout without an event", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  accept(engine, pageView(kT0, "https://acme.com/"));
  accept(engine, event({{"type", "scroll"}, {"ts", kT0 + 30 * kMinute}, {"props", {{"depth", 50}}}}));
  CHECK(journeyOf(engine)["sessions"] == 1);  // exactly 30 minutes: still the same session
  accept(engine, pageView(kT0 + 60 * kMinute + 1, "https://acme.com/pricing"));
  json journey = journeyOf(engine);
  CHECK(journey["sessions"] == 2);
  CHECK(journey["pageViews"] == 2);
  CHECK(journey["lastTouch"]["ts"] == kT0 + 60 * kMinute + 1);
  CHECK(journey["firstTouch"]["ts"] == kT0);
}

TEST_CASE("a page view with another utm_campaign starts a session", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  accept(engine, pageView(kT0, "https://acme.com/"));
  accept(engine, pageView(kT0 + 1, "https://acme.com/?utm_campaign=spring&utm_source=news"));
  CHECK(journeyOf(engine)["sessions"] == 2);  // a session begun without a campaign has none
  accept(engine, pageView(kT0 + 2, "https://acme.com/a?utm_campaign=spring"));
  accept(engine, pageView(kT0 + 3, "https://acme.com/b"));
  accept(engine, event({{"type", "click"}, {"ts", kT0 + 4}, {"url", "https://acme.com/?utm_campaign=x"}}));
  CHECK(journeyOf(engine)["sessions"] == 2);  // same campaign, none, or not a page view
  accept(engine, pageView(kT0 + 5, "https://acme.com/?utm_campaign=fall"));
  json journey = journeyOf(engine);
  CHECK(journey["sessions"] == 3);
  CHECK(journey["firstTouch"]["campaign"].is_null());
  CHECK(journey["lastTouch"]["campaign"] == "fall");
}

TEST_CASE("stage events neither start nor extend a session", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  accept(engine, pageView(kT0, "https://acme.com/"));
  accept(engine, identify(kT0 + kMinute, {{"email", "ann@acme.com"}}));
  REQUIRE(engine.stage() == mqlite::Stage::MQL);
  accept(engine, stageEvent(kT0 + 20 * kMinute, "SAL"));
  accept(engine, pageView(kT0 + 40 * kMinute, "https://acme.com/pricing"));
  json journey = journeyOf(engine);
  CHECK(journey["sessions"] == 2);  // 39 minutes after the identify, despite the stage event
  CHECK(journey["events"].size() == 3);
  for (const json& e : journey["events"]) CHECK(e["type"] != "stage");

  Engine first(modelFrom(kJourneyModel));
  accept(first, pageView(kT0, "https://acme.com/"));
  accept(first, identify(kT0, {{"email", "ann@acme.com"}}));
  accept(first, stageEvent(kT0 + 31 * kMinute, "SAL"));
  CHECK(journeyOf(first)["sessions"] == 1);
}

TEST_CASE("touch from utm parameters, kept sanitized", "[engine][journey]") {
  const std::string url =
      "https://acme.com/landing?utm_source=newsletter&utm_medium=email&utm_campaign=q4&email=bob%40x.com#top";
  json touch = firstTouchFor(url, "https://mail.example.net/inbox?user=bob");
  CHECK(touch["source"] == "newsletter");
  CHECK(touch["medium"] == "email");
  CHECK(touch["campaign"] == "q4");
  CHECK(touch["landingPage"] == mqlite::sanitizeUrl(url));
  CHECK(touch["referrer"] == mqlite::sanitizeUrl("https://mail.example.net/inbox?user=bob"));
  CHECK(touch["ts"] == kT0);
  CHECK(touch.dump().find("bob") == std::string::npos);
  CHECK(touch.dump().find("#top") == std::string::npos);

  json sourceOnly = firstTouchFor("https://acme.com/?utm_source=partner", "");
  CHECK(sourceOnly["source"] == "partner");
  CHECK(sourceOnly["medium"] == "(not set)");
}

TEST_CASE("touch from the referrer: search engines, referrals, direct, self-referral",
          "[engine][journey]") {
  struct Case {
    const char* referrer;
    const char* source;
    const char* medium;
  };
  const Case cases[] = {
      {"https://www.google.com/search?q=lead+scoring", "google", "organic"},
      {"https://www.google.co.uk/", "google", "organic"},
      {"https://www.bing.com/search?q=x", "bing", "organic"},
      {"https://duckduckgo.com/", "duckduckgo", "organic"},
      {"https://search.yahoo.com/search?p=x", "yahoo", "organic"},
      {"https://yandex.ru/search/", "yandex", "organic"},
      {"https://search.brave.com/search?q=x", "brave", "organic"},
      {"https://news.ycombinator.com/item?id=1", "news.ycombinator.com", "referral"},
      {"https://www.partner.org/blog/post", "partner.org", "referral"},
      {"https://google.example.com/", "google.example.com", "referral"},
      {"https://acme.com/blog", "(direct)", "(none)"},
      {"https://www.acme.com/blog", "(direct)", "(none)"},
      {"", "(direct)", "(none)"},
  };
  for (const Case& c : cases) {
    json touch = firstTouchFor("https://acme.com/pricing", c.referrer);
    INFO(c.referrer);
    CHECK(touch["source"] == c.source);
    CHECK(touch["medium"] == c.medium);
    CHECK(touch["campaign"].is_null());
  }
  CHECK(firstTouchFor("https://acme.com/", "")["referrer"].is_null());
}

TEST_CASE("no touch before the first page view", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  json journey = journeyOf(engine);
  CHECK(journey["firstTouch"].is_null());
  CHECK(journey["lastTouch"].is_null());
  CHECK(journey["sessions"] == 0);
  accept(engine, event({{"type", "click"}, {"ts", kT0}, {"props", {{"href", "https://x.org"}}}}));
  CHECK(journeyOf(engine)["firstTouch"].is_null());
  accept(engine, pageView(kT0 + kMinute, "https://acme.com/", "https://www.bing.com/"));
  journey = journeyOf(engine);
  CHECK(journey["sessions"] == 1);  // the click began the session; its first page view is the touch
  CHECK(journey["firstTouch"]["source"] == "bing");
  CHECK(journey["firstTouch"] == journey["lastTouch"]);
}

TEST_CASE("phases: the first matching phase, each recorded when first reached", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  accept(engine, pageView(kT0 + 1, "https://acme.com/pricing"));
  accept(engine, pageView(kT0 + 2, "https://acme.com/blog/post"));  // matches Awareness before Elsewhere
  accept(engine, pageView(kT0 + 3, "https://acme.com/pricing/team"));
  accept(engine, event({{"type", "click"}, {"ts", kT0 + 4}, {"url", "https://acme.com/demo"}}));
  accept(engine, pageView(kT0 + 5, "https://acme.com/about"));
  accept(engine, pageView(kT0 + 6, "https://acme.com/demo"));
  json expected = json::array({{{"name", "Consideration"}, {"at", kT0 + 1}},
                               {{"name", "Awareness"}, {"at", kT0 + 2}},
                               {{"name", "Elsewhere"}, {"at", kT0 + 5}},
                               {{"name", "Conversion"}, {"at", kT0 + 6}}});
  CHECK(journeyOf(engine)["phases"] == expected);
}

TEST_CASE("relative URLs are matched, scored and kept", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  accept(engine, pageView(kT0, "/pricing?plan=pro&utm_source=ads#faq", "https://www.google.de/"));
  json journey = journeyOf(engine);
  CHECK(journey["phases"][0]["name"] == "Consideration");
  CHECK(journey["firstTouch"]["landingPage"] == mqlite::sanitizeUrl("/pricing?plan=pro&utm_source=ads#faq"));
  CHECK(journey["firstTouch"]["source"] == "ads");
  CHECK(journey["events"][0]["path"] == "/pricing");
  CHECK(engagementAt(engine, kT0) == 1);
  // Without a page host, any referrer host is another host.
  json touch = firstTouchFor("/pricing", "https://acme.com/");
  CHECK(touch["medium"] == "referral");
}

TEST_CASE("recent events keep the last 50 visitor events without query strings", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  for (int i = 0; i < 60; ++i)
    accept(engine, event({{"type", i % 2 ? "scroll" : "page_view"},
                          {"ts", kT0 + i},
                          {"url", "https://acme.com/p" + std::to_string(i) + "?email=bob%40x.com"},
                          {"title", "Page " + std::to_string(i)}}));
  accept(engine, event({{"type", "download"}, {"ts", kT0 + 60}}));
  json events = journeyOf(engine)["events"];
  REQUIRE(events.size() == mqlite::kRecentEvents);
  CHECK(events[0] == json({{"type", "scroll"}, {"ts", kT0 + 11}, {"path", "/p11"}, {"title", "Page 11"}}));
  CHECK(events.back() == json({{"type", "download"}, {"ts", kT0 + 60}, {"path", nullptr}, {"title", nullptr}}));
  CHECK(events.dump().find("bob") == std::string::npos);
  CHECK(journeyOf(engine)["pageViews"] == 30);
  CHECK_FALSE(engine.report().at("journey").contains("events"));  // only on request
}

TEST_CASE("recent events stay in order through save and restore after they wrap", "[engine][journey]") {
  auto model = modelFrom(kJourneyModel);
  Engine whole(model);
  Engine first(model);
  auto nth = [](int i) {
    return event({{"type", "scroll"}, {"ts", kT0 + i}, {"title", "E" + std::to_string(i)}});
  };
  for (int i = 0; i < 73; ++i) accept(whole, nth(i)), accept(first, nth(i));
  std::string error;
  std::optional<Engine> restored = Engine::restore(model, first.save(), &error);
  REQUIRE(restored);
  CHECK(restored->save() == first.save());
  for (int i = 73; i < 131; ++i) accept(whole, nth(i)), accept(*restored, nth(i));
  json events = journeyOf(*restored)["events"];
  REQUIRE(events.size() == mqlite::kRecentEvents);
  for (size_t k = 0; k < events.size(); ++k) CHECK(events[k]["title"] == "E" + std::to_string(81 + k));
  CHECK(restored->save() == whole.save());
  CHECK(journeyOf(*restored) == journeyOf(whole));
}

TEST_CASE("report has exactly the replay object's keys", "[engine][journey]") {
  Engine engine(modelFrom(kJourneyModel));
  accept(engine, pageView(kT0, "https://acme.com/"));
  json report = engine.report();
  std::vector<std::string> keys;
  for (auto it = report.begin(); it != report.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"explain", "grade", "journey", "score", "stage", "transitions"});
  json touch = report["journey"]["firstTouch"];
  for (const char* key : {"source", "medium", "campaign", "referrer", "landingPage", "ts"})
    CHECK(touch.contains(key));
  CHECK(touch.size() == 6);
}
