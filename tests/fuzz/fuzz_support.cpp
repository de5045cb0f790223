#include "fuzz_support.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mqlite::fuzz {

const char* const kSpecModel = R"({
  "version": 1,
  "id": "acme-2026-q4",
  "sessionTimeoutMinutes": 30,
  "engagement": {
    "rules": [
      {"id": "pricing", "event": "page_view", "match": {"path": "/pricing*"}, "points": 10,
       "limit": {"count": 3, "per": "lifetime"}},
      {"id": "ebook", "event": "download", "match": {"props.href": "*.pdf"}, "points": 15},
      {"id": "careers", "event": "page_view", "match": {"path": "/careers*"}, "points": -20},
      {"id": "from-email", "event": "page_view", "match": {"query.utm_medium": "email"}, "points": 5,
       "limit": {"count": 1, "per": "session"}},
      {"id": "deep-read", "event": "scroll", "match": {"props.depth": {"gte": 75}}, "points": 3,
       "limit": {"count": 5, "per": "day"}, "halfLifeDays": 7}
    ],
    "decay": {"halfLifeDays": 30},
    "min": 0,
    "max": 100
  },
  "fit": {
    "rules": [
      {"id": "exec", "field": "title", "match": {"in": ["*vp*", "*chief*", "*head of*"]}, "points": 25},
      {"id": "freemail", "field": "email_domain", "match": {"in": ["gmail.com", "yahoo.com"]}, "points": -15}
    ],
    "min": -100, "max": 100
  },
  "grades": [{"grade": "A", "minFit": 40}, {"grade": "B", "minFit": 20}, {"grade": "C", "minFit": 0},
             {"grade": "D"}],
  "lifecycle": {"engaged": {"engagement": 20}, "mql": {"engagement": 50, "fit": 20}},
  "phases": [{"name": "Awareness", "match": {"path": "/blog*"}},
             {"name": "Consideration", "match": {"path": "/pricing*"}},
             {"name": "Conversion", "match": {"path": "/demo*"}}]
})";

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

ModelPtr specModel() {
  static const ModelPtr model = [] {
    ModelResult result = loadModel(std::string_view(kSpecModel));
    check(result.model != nullptr && result.problems.empty(), "the SPEC example model loads");
    return result.model;
  }();
  return model;
}

namespace {

// Our own reports are shallow, so recursion is safe here.
bool allNumbersFinite(const json& value) {
  if (value.is_number_float()) return std::isfinite(value.get<double>());
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (!allNumbersFinite(item)) return false;
    }
  }
  return true;
}

void checkOneReport(const json& report) {
  check(report.is_object(), "report() is an object");
  // dump() writes invalid UTF-8 as U+FFFD, so a report holding any would not read back equal.
  const std::string text = report.dump();
  check(json::parse(text) == report, "report() round-trips through its JSON text (valid UTF-8 only)");
  check(allNumbersFinite(report), "report() holds only finite numbers");
  const json& score = report.at("score");
  for (const char* key : {"engagement", "fit", "total"}) {
    check(score.at(key).is_number(), "report().score fields are numbers");
  }
}

}  // namespace

void checkReport(const Engine& engine) {
  checkOneReport(engine.report());
  checkOneReport(engine.report(std::nullopt, /*withEvents=*/true));
  Score score = engine.score(engine.lastEventTs().value_or(0));
  check(std::isfinite(score.engagement) && std::isfinite(score.fit) && std::isfinite(score.total),
        "score() is finite");
  check(engine.transitions().size() <= kMaxTransitions, "transition log stays bounded");
}

std::vector<std::string_view> splitLines(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace mqlite::fuzz
