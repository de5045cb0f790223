// Shared by the engine tests: models from JSON text, events from JSON, time constants.
#pragma once
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "engine.hpp"
#include "event.hpp"
#include "model.hpp"

namespace enginetest {

using mqlite::json;

inline constexpr double kMinute = 60000.0;
inline constexpr double kDay = 86400000.0;
// 2024-10-01T00:00:00Z: a UTC midnight, so day boundaries are easy to place.
inline constexpr double kT0 = 1727740800000.0;

inline mqlite::ModelPtr modelFrom(const std::string& text) {
  mqlite::ModelResult result = mqlite::loadModel(text);
  std::string problems;
  for (const auto& p : result.problems) problems += p.str() + "\n";
  INFO(problems);
  REQUIRE(result.model);
  return result.model;
}

inline mqlite::Event event(const json& j) {
  std::string error;
  auto e = mqlite::eventFromJson(j, &error);
  INFO(error);
  REQUIRE(e);
  return *e;
}

inline mqlite::Event pageView(double ts, const std::string& url, const std::string& referrer = "") {
  json j = {{"type", "page_view"}, {"ts", ts}, {"url", url}};
  if (!referrer.empty()) j["referrer"] = referrer;
  return event(j);
}

inline mqlite::Event identify(double ts, const json& traits) {
  return event({{"type", "identify"}, {"ts", ts}, {"traits", traits}});
}

inline mqlite::Event stageEvent(double ts, const std::string& to) {
  return event({{"type", "stage"}, {"ts", ts}, {"to", to}});
}

// Ingests and requires acceptance.
inline mqlite::IngestResult accept(mqlite::Engine& engine, const mqlite::Event& e) {
  mqlite::IngestResult result = engine.ingest(e);
  INFO(result.error);
  REQUIRE(result.ok);
  return result;
}

inline double engagementAt(const mqlite::Engine& engine, double now) {
  return engine.score(now).engagement;
}

}  // namespace enginetest
