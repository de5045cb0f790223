// Saved state: restore(save()) equivalence at every split point, refusal of bad blobs, model
// changes, privacy and size bound.
#include <cstdio>
#include <random>

#include "json_test_util.hpp"
#include "engine_test_util.hpp"

using namespace enginetest;
using mqlite::Engine;

namespace {

const char* kStateModel = R"({
  "version": 1, "id": "state", "sessionTimeoutMinutes": 30,
  "engagement": {"rules": [
    {"id": "pricing", "event": "page_view", "match": {"path": "/pricing*"}, "points": 10,
     "limit": {"count": 3, "per": "lifetime"}},
    {"id": "from-email", "event": "page_view", "match": {"query.utm_medium": "email"}, "points": 5,
     "limit": {"count": 1, "per": "session"}},
    {"id": "deep-read", "event": "scroll", "match": {"props.depth": {"gte": 75}}, "points": 3,
     "limit": {"count": 2, "per": "day"}, "halfLifeDays": 7},
    {"id": "careers", "event": "page_view", "match": {"path": "/careers*"}, "points": -20}
  ], "decay": {"halfLifeDays": 30}, "min": 0, "max": 100},
  "fit": {"rules": [
    {"id": "exec", "field": "title", "match": {"in": ["*vp*", "*chief*"]}, "points": 25},
    {"id": "freemail", "field": "email_domain", "match": {"in": ["gmail.com"]}, "points": -15},
    {"id": "no-company", "field": "company", "match": {"exists": false}, "points": -5}
  ]},
  "grades": [{"grade": "A", "minFit": 20}, {"grade": "B"}],
  "lifecycle": {"engaged": {"engagement": 15}, "mql": {"engagement": 25, "fit": 5}},
  "phases": [{"name": "Awareness", "match": {"path": "/blog*"}},
             {"name": "Consideration", "match": {"path": "/pricing*"}}]
})";

// A stream touching every part of the state: sessions by timeout and campaign, day and session
// limits, decay, fit, every automatic step, manual moves, a refused move, Recycled, requalifying.
std::vector<json> richStream() {
  const double midnight = kT0 + kDay;
  auto pv = [](double ts, const std::string& url, const std::string& ref = "") {
    json j = {{"type", "page_view"}, {"ts", ts}, {"url", url}, {"title", "T"}};
    if (!ref.empty()) j["referrer"] = ref;
    return j;
  };
  auto scroll = [](double ts, int depth) { return json{{"type", "scroll"}, {"ts", ts}, {"props", {{"depth", depth}}}}; };
  return {
      pv(midnight - 5 * kMinute, "https://acme.com/blog/a", "https://www.google.com/"),
      scroll(midnight - 4 * kMinute, 80),
      scroll(midnight - 3 * kMinute, 90),
      scroll(midnight - 1, 100),
      scroll(midnight, 100),
      pv(midnight + kMinute, "https://acme.com/pricing?utm_medium=email"),
      pv(midnight + 2 * kMinute, "https://acme.com/?utm_medium=email"),
      {{"type", "identify"}, {"ts", midnight + 3 * kMinute}, {"traits", {{"email", "ann@gmail.com"}, {"title", "VP"}}}},
      pv(midnight + 40 * kMinute, "https://acme.com/pricing?utm_medium=email&utm_campaign=c1"),
      pv(midnight + 41 * kMinute, "https://acme.com/careers"),
      {{"type", "identify"}, {"ts", midnight + 42 * kMinute}, {"traits", {{"company", "Acme"}}}},
      pv(midnight + 43 * kMinute, "https://acme.com/pricing?utm_campaign=c2"),
      pv(midnight + 44 * kMinute, "https://acme.com/pricing"),
      {{"type", "stage"}, {"ts", midnight + 2 * kDay}, {"to", "Customer"}},  // refused
      {{"type", "stage"}, {"ts", midnight + 2 * kDay}, {"to", "SAL"}},
      {{"type", "stage"}, {"ts", midnight + 3 * kDay}, {"to", "Recycled"}},
      pv(midnight + 3 * kDay + 1, "https://acme.com/pricing"),
      pv(midnight + 3 * kDay + 2, "https://acme.com/pricing?utm_medium=email"),
      scroll(midnight + 3 * kDay + 3, 100),
      pv(midnight + 3 * kDay + 4, "https://acme.com/pricing"),
      pv(midnight + 3 * kDay + 5, "https://acme.com/pricing"),
      {{"type", "webinar"}, {"ts", midnight + 40 * kDay}},
      pv(midnight + 40 * kDay + 1, "/pricing"),
  };
}

std::string resultText(const mqlite::IngestResult& r) {
  std::string text = r.ok ? "ok" : "refused: " + r.error;
  for (const auto& t : r.entered)
    text += std::string(" ") + mqlite::stageName(t.from) + ">" + mqlite::stageName(t.to) + "@" +
            json(t.at).dump();
  return text;
}

std::string fnv1a(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// A blob with a correct checksum around any JSON text.
std::string signedBlob(const std::string& text) { return "mq1." + fnv1a(text) + "." + text; }

json savedJson(const Engine& engine) {
  std::string blob = engine.save();
  return json::parse(blob.substr(4 + 16 + 1));
}

}  // namespace

TEST_CASE("restore(save()) at every split point gives identical results", "[engine][state]") {
  auto model = modelFrom(kStateModel);
  std::vector<json> stream = richStream();
  Engine whole(model);
  std::vector<std::string> results;
  for (const json& e : stream) results.push_back(resultText(whole.ingest(event(e))));
  REQUIRE(whole.stage() == mqlite::Stage::MQL);  // the stream requalifies after Recycled
  CHECK(results[13].rfind("refused", 0) == 0);

  for (size_t split = 0; split <= stream.size(); ++split) {
    INFO("split at " << split);
    Engine first(model);
    for (size_t i = 0; i < split; ++i) first.ingest(event(stream[i]));
    std::string error;
    std::optional<Engine> restored = Engine::restore(model, first.save(), &error);
    INFO(error);
    REQUIRE(restored);
    CHECK(restored->save() == first.save());
    for (size_t i = split; i < stream.size(); ++i)
      CHECK(resultText(restored->ingest(event(stream[i]))) == results[i]);
    for (double now : {kT0, kT0 + 5 * kDay, kT0 + 100 * kDay})
      CHECK(restored->report(now, true).dump() == whole.report(now, true).dump());
    CHECK(restored->report().dump() == whole.report().dump());
    CHECK(restored->save() == whole.save());
  }
}

TEST_CASE("saved state holds no trait, e-mail or query string", "[engine][state]") {
  Engine engine(modelFrom(kStateModel));
  engine.ingest(event({{"type", "page_view"}, {"ts", kT0}, {"url", "https://acme.com/?token=s3cret&utm_source=x"}}));
  engine.ingest(identify(kT0 + 1, {{"email", "ann.secret@gmail.com"}, {"title", "VP Secrets"},
                                   {"name", "Ann Secretname"}, {"company", "SecretCo"}}));
  std::string blob = engine.save();
  for (const char* personal : {"ann.secret", "gmail", "Secrets", "Secretname", "SecretCo", "s3cret"}) {
    INFO(personal);
    CHECK(blob.find(personal) == std::string::npos);
  }
  CHECK(blob.find("utm_source=x") != std::string::npos);  // utm_* may stay
}

TEST_CASE("restore refuses foreign, corrupt and truncated blobs with a message", "[engine][state]") {
  auto model = modelFrom(kStateModel);
  Engine engine(model);
  for (const json& e : richStream()) engine.ingest(event(e));
  const std::string blob = engine.save();
  REQUIRE(blob.rfind("mq1.", 0) == 0);

  auto refusedWith = [&](const std::string& bad, const std::string& words) {
    std::string error;
    INFO(bad.substr(0, 120));
    CHECK_FALSE(Engine::restore(model, bad, &error));
    CHECK_THAT(error, Catch::Contains(words));
  };
  refusedWith("", "not an mqlite saved state");
  refusedWith("{\"stage\":\"MQL\"}", "not an mqlite saved state");
  refusedWith("mq2." + blob.substr(4), "version");
  refusedWith("mq1.", "truncated");
  refusedWith(blob.substr(0, 20), "truncated");
  refusedWith(blob.substr(0, blob.size() - 1), "checksum");
  std::string flipped = blob;
  flipped[blob.size() / 2] ^= 1;
  refusedWith(flipped, "checksum");
  refusedWith(signedBlob("{\"stage\":"), "saved state is not valid JSON: parse error at line 1, column 10");
  refusedWith(signedBlob("[]"), "must be an object");

  // Well signed but wrong inside: every field is checked.
  json good = savedJson(engine);
  struct Mutation {
    const char* pointer;
    json value;
  };
  const Mutation mutations[] = {
      {"/stage", "Boss"},
      {"/stage", 3},
      {"/stage", "SAL"},  // does not match the transition log
      {"/last", "yesterday"},
      {"/last", -1},
      {"/transitions", json::object()},
      {"/transitions/0/2", 1e300},
      {"/transitions/1/0", "Lost"},
      {"/rules", json::array()},
      {"/rules/pricing", json::array({1, 2, 3})},
      {"/rules/pricing/0", -1},
      {"/rules/pricing/0", 1.5},
      {"/rules/pricing/2", 99},
      {"/rules/pricing/5", "ten"},
      {"/rules/pricing/1", 1000},
      {"/fit/exec", "yes"},
      {"/journey/sessions", "3"},
      {"/journey/pageViews", -2},
      {"/journey/latest", nullptr},
      {"/journey/campaign", 7},
      {"/journey/sessionPage", 1},
      {"/journey/first", json::array({"a"})},
      {"/journey/last", nullptr},
      {"/journey/phases/0", json::array({"Awareness", "soon"})},
      {"/journey/events/0/0", "stage"},
      {"/journey/events/0/1", nullptr},
      {"/journey/events/0/2", std::string(5000, 'a')},
      {"/extra", 1},
  };
  for (const Mutation& m : mutations) {
    json bad = good;
    mqlite::testing::atPointer(bad, m.pointer) = m.value;
    refusedWith(signedBlob(bad.dump()), "saved state is malformed");
  }
  json missing = good;
  missing["journey"].erase("events");
  refusedWith(signedBlob(missing.dump()), "/journey/events: missing");
  json tooMany = good;
  for (int i = 0; i < 60; ++i) tooMany["journey"]["events"].push_back(good["journey"]["events"][0]);
  refusedWith(signedBlob(tooMany.dump()), "/journey/events");
}

TEST_CASE("restore never crashes on damaged content", "[engine][state]") {
  auto model = modelFrom(kStateModel);
  Engine engine(model);
  for (const json& e : richStream()) engine.ingest(event(e));
  const std::string text = engine.save().substr(21);
  std::mt19937 random(7);
  int accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string damaged = text;
    for (int k = 0; k < 1 + round % 4; ++k) {
      size_t at = random() % damaged.size();
      const char replacements[] = "0123456789-.:,[]{}\"aez ";
      damaged[at] = replacements[random() % (sizeof replacements - 1)];
    }
    std::string error;
    auto restored = Engine::restore(model, signedBlob(damaged), &error);
    if (restored) {
      ++accepted;
      restored->ingest(event({{"type", "page_view"}, {"ts", kT0 + 50 * kDay}, {"url", "https://acme.com/pricing"}}));
      restored->report(std::nullopt, true).dump();
    } else {
      CHECK_FALSE(error.empty());
    }
  }
  CHECK(accepted < 3000);
}

TEST_CASE("state saved under another model keeps what still applies", "[engine][state]") {
  auto before = modelFrom(R"({"version": 1, "id": "v1",
    "engagement": {"rules": [{"id": "pricing", "event": "page_view", "match": {"path": "/pricing"}, "points": 10},
                             {"id": "blog", "event": "page_view", "match": {"path": "/blog"}, "points": 5}]},
    "fit": {"rules": [{"id": "exec", "field": "title", "match": "*vp*", "points": 25}]},
    "phases": [{"name": "Awareness", "match": {"path": "/blog"}}, {"name": "Old", "match": {"path": "/pricing"}}]})");
  auto after = modelFrom(R"({"version": 1, "id": "v2",
    "engagement": {"rules": [{"id": "demo", "event": "page_view", "match": {"path": "/demo"}, "points": 40},
                             {"id": "pricing", "event": "page_view", "match": {"path": "/pricing"}, "points": 10}]},
    "fit": {"rules": [{"id": "exec", "field": "title", "match": "*vp*", "points": 30},
                      {"id": "no-company", "field": "company", "match": {"exists": false}, "points": -5}]},
    "phases": [{"name": "Awareness", "match": {"path": "/blog"}}]})");
  Engine engine(before);
  engine.ingest(pageView(kT0, "https://acme.com/pricing"));
  engine.ingest(pageView(kT0 + 1, "https://acme.com/blog"));
  engine.ingest(identify(kT0 + 2, {{"title", "VP"}}));
  std::string error;
  auto restored = Engine::restore(after, engine.save(), &error);
  INFO(error);
  REQUIRE(restored);
  CHECK(engagementAt(*restored, kT0 + 2) == 10);  // pricing kept, blog gone
  CHECK(restored->score(0).fit == 25);           // exec kept (30 now), a new rule sees no trait: −5
  json journey = restored->report()["journey"];
  CHECK(journey["phases"] == json::array({{{"name", "Awareness"}, {"at", kT0 + 1}}}));
  CHECK(journey["pageViews"] == 2);
}

TEST_CASE("saved state stays bounded after 10 000 events", "[engine][state]") {
  Engine engine(modelFrom(kStateModel));
  const std::string longTitle(3000, 'x');
  size_t sizeAfter1000 = 0;
  for (int i = 0; i < 10000; ++i) {
    double ts = kT0 + i * 7 * kMinute;  // every 7 minutes: many sessions, many days
    const std::string page = "https://acme.com/" + std::string(i % 3 ? "pricing/" : "blog/") +
                             std::to_string(i) + "?utm_campaign=c" + std::to_string(i % 10) + "&q=" +
                             std::string(i % 50, 'q');
    json e = i % 4 == 3 ? json{{"type", "scroll"}, {"ts", ts}, {"props", {{"depth", 100}}}}
                        : json{{"type", "page_view"}, {"ts", ts}, {"url", page}, {"title", longTitle}};
    REQUIRE(engine.ingest(event(e)).ok);
    if (i == 999) sizeAfter1000 = engine.save().size();
  }
  const size_t size = engine.save().size();
  CHECK(size < 300000);  // 50 events × (title ≤ 2048 bytes + path) + aggregates
  CHECK(size <= sizeAfter1000 + 200);
  json saved = savedJson(engine);
  CHECK(saved["journey"]["events"].size() == mqlite::kRecentEvents);
  CHECK(saved["journey"]["events"][0][3].get<std::string>().size() <= 2048);
  std::string error;
  CHECK(Engine::restore(modelFrom(kStateModel), engine.save(), &error));
}

TEST_CASE("of rules sharing an id (a model built by hand), the saved state keeps the last included", "[engine][state]") {
  mqlite::Model shared = *modelFrom(kStateModel);
  shared.engagementRules[1].id = "pricing";  // from-email (5 points) after pricing (10 points)
  shared.engagementRules[3].id = "pricing";  // careers: no awards below, so not included
  shared.fitRules[2].id = "exec";            // no-company (matches a missing company) after exec
  Engine engine(mqlite::ModelPtr::make(std::move(shared)));
  accept(engine, pageView(kT0, "https://acme.com/pricing?utm_medium=email"));  // pricing and from-email award
  const json saved = savedJson(engine);
  CHECK(saved["rules"].dump() == json::parse(R"({"pricing":[1,1,1,19997,1,5,1727740800000]})").dump());
  CHECK(saved["fit"].dump() == R"({"exec":true,"freemail":false})");
}
