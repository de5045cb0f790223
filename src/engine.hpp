// The engine: one person's scores, lifecycle and journey, fed one event at a time (SPEC §2–§4).
// It keeps bounded aggregates, never the raw event stream or any trait value, so its saved state
// holds nothing personal and stays small however long the journey.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event.hpp"
#include "json.hpp"
#include "model.hpp"
#include "stage.hpp"

namespace mqlite {

// Most recent visitor events kept for messages (SPEC §6 `journey.events`).
inline constexpr size_t kRecentEvents = 50;
// Transition log bound; past it the oldest entries are dropped (only loops through Recycled can
// ever get near it).
inline constexpr size_t kMaxTransitions = 500;

struct IngestResult {
  bool ok = true;
  std::string error;                 // when !ok: why the event was refused (nothing changed)
  std::vector<Transition> entered;   // stages entered because of this event, in order
};

struct Score {
  double engagement = 0;
  double fit = 0;
  double total = 0;
  std::optional<std::string> grade;
};

// Appends `transitions` as the JSON array of {at, from, to} the report and the wasm's ingest answer
// hold (compact, keys in order).
void appendTransitionsJson(std::string& out, const std::vector<Transition>& transitions);

class Engine {
 public:
  explicit Engine(ModelPtr model);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Applies one event. A refused event (bad `stage` move) changes nothing.
  IngestResult ingest(const Event& event);
  // Parses then applies one JSON event (text); parse errors are refusals too.
  IngestResult ingestJson(std::string_view text);

  Stage stage() const;
  const std::vector<Transition>& transitions() const;
  // The latest ts among accepted events (stage events included); nullopt before any.
  std::optional<double> lastEventTs() const;
  Score score(double now) const;

  // The replay object of SPEC §5 without "errors": stage, score, grade, transitions, explain,
  // journey. `now` defaults to lastEventTs() (0 before any event). With `withEvents`,
  // journey.events holds the recent visitor events {type, ts, path, title} (SPEC §6).
  json report(std::optional<double> now = std::nullopt, bool withEvents = false) const;
  // The same report as compact JSON text, exactly report().dump(), written without a document.
  std::string reportText(std::optional<double> now = std::nullopt, bool withEvents = false) const;

  // Versioned, checksummed, compact serialization. restore(save()) gives identical results for
  // every later event. restore refuses corrupt, truncated or foreign-version blobs with a message;
  // state saved under another model keeps what still applies (rules matched by id).
  std::string save() const;
  static std::optional<Engine> restore(ModelPtr model, std::string_view blob,
                                       std::string* error);

  const Model& model() const;

 private:
  // ingest() for an event known to be well-formed (eventProblem() empty).
  IngestResult apply(const Event& event);

  struct State;
  ModelPtr model_;
  std::unique_ptr<State> state_;
};

}  // namespace mqlite
