// Internal to the engine (engine*.cpp): the state one Engine keeps, and the helpers its parts share.
// Everything here is bounded by the model (rules, phases) or by fixed limits, and holds no trait.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine.hpp"
#include "match.hpp"
#include "model.hpp"

namespace mqlite {

// Longest text (bytes) the journey keeps per field: URLs, titles, campaigns, event types.
inline constexpr size_t kMaxKeptText = 2048;
inline constexpr double kMsPerDay = 86400000.0;

// One engagement rule's standing awards as aggregates: enough to apply its limit and to compute
// its decayed points at any time, without keeping the awards themselves.
struct RuleState {
  int64_t awards = 0;         // standing awards (all of them, for the lifetime limit and explain)
  int64_t session = 0;        // the session number `sessionAwards` counts in
  int64_t sessionAwards = 0;
  int64_t day = 0;            // the UTC day number (ms / 86400000) `dayAwards` counts in
  int64_t dayAwards = 0;
  double sum = 0;             // Σ points × 0.5^((ref − ts)/halfLife) over the standing awards
  double ref = 0;             // the time `sum` is valued at (the latest award)
};

struct Touch {
  std::string source, medium;
  std::optional<std::string> campaign, referrer, landingPage;
  double ts = 0;
};

struct RecentEvent {
  std::string type;
  double ts = 0;
  std::optional<std::string> path, title;
};

struct ReachedPhase {
  std::string name;
  double at = 0;
};

struct Journey {
  int64_t sessions = 0;
  int64_t pageViews = 0;
  std::optional<double> latestTs;  // latest visitor event (stage events excluded)
  std::optional<std::string> sessionCampaign;
  bool sessionHasPageView = false;
  std::optional<Touch> firstTouch, lastTouch;
  std::vector<ReachedPhase> phases;  // in the order first reached
  // The first `recentCount` slots, as a ring: once all kRecentEvents are used, a new event
  // overwrites the oldest, at `recentOldest`. recentEvent(journey, i) reads them oldest first.
  // Slots of a fixed array, not a vector: the bound is small, and no growth code is needed.
  size_t recentCount = 0;
  size_t recentOldest = 0;
  RecentEvent recent[kRecentEvents];  // last: its constructors are calls, after which stores stay
};

// The i-th recent event, oldest first (i < journey.recentCount).
inline const RecentEvent& recentEvent(const Journey& journey, size_t i) {
  const size_t at = journey.recentOldest + i;
  return journey.recent[at < journey.recentCount ? at : at - journey.recentCount];
}

// One flag per fit rule: chars, not vector<bool>, whose bit packing costs code at every access.
using FitFlags = std::vector<char>;

// What Engine::State holds, as a plain struct the engine's free helpers can take.
// No constructor of its own: a value-initialised one is zeroed first, which makes most member
// initialisers free (Engine's constructor sizes rules and fitMatched to the model).
struct EngineState {
  Stage stage = Stage::Anonymous;
  std::vector<Transition> transitions;  // at most kMaxTransitions, oldest first
  std::optional<double> lastEventTs;
  std::vector<RuleState> rules;         // parallel to model.engagementRules
  FitFlags fitMatched;                  // parallel to model.fitRules
  Journey journey;
};

struct Engine::State : EngineState {};

// --- text (engine_journey.cpp)
// Valid UTF-8 (invalid bytes become U+FFFD), cut at a character boundary to at most `maxBytes`.
std::string keptText(std::string_view text, size_t maxBytes = kMaxKeptText);
// The same, assigned to `out` (the journey's fields are written in place: no temporary to move).
void keepText(std::string& out, std::string_view text);

// --- scoring (engine_scoring.cpp)
// Half-life of a rule in ms, or nullopt for no decay.
std::optional<double> halfLifeMs(const Model& model, const EngagementRule& rule);
// The rule's standing points valued at `now`.
double rulePoints(const RuleState& rule, std::optional<double> halfLife, double now);
double engagementAt(const Model& model, const std::vector<RuleState>& rules, double now);
double fitOf(const Model& model, const FitFlags& matched);
// The grade's name in the model for a fit score, or nullptr for none.
const std::string* gradeOf(const Model& model, double fit);
// Awards the points of every rule the event matches, within limits. `session` is the event's
// session number, `windowTs` the time whose UTC day the day limit counts in.
void scoreEvent(const Model& model, std::vector<RuleState>& rules, const EventView& view,
                int64_t session, double windowTs);
// Applies an identify's traits to the per-rule matched flags.
void applyTraits(const Model& model, FitFlags& matched, const json& traits);
// Every fit rule evaluated against a missing trait (a person with no traits yet), into `matched`
// (sized to the model).
void setInitialFit(const Model& model, FitFlags& matched);

// --- journey (engine_journey.cpp)
// Records a visitor event: session, touch, page views, phase, recent events.
void recordVisit(const Model& model, Journey& journey, const EventView& view);
// Source and medium of a touch for a page URL, its utm parameters and its referrer (views into
// the two URLs or static text).
std::pair<std::string_view, std::string_view> touchSource(const Url& page, const Url& referrer);


// --- JSON text (engine_state.cpp): the saved state and the report are written directly, exactly as
// Json::dump() writes the same document (compact, keys in bytewise order, strings as valid UTF-8),
// with no document built.

// One value of the saved state or the report: how it is held, written and read back. A record's
// fields are one table (below) that both the writer (putJson) and the reader (engine_restore.cpp)
// walk, so the two cannot disagree on the order or the kinds of a record's values.
enum class FieldKind : char {
  Text,        // std::string (null when the address is: gradeOf's none)
  TextOrNull,  // std::optional<std::string>
  StageName,   // Stage
  Time,        // double, a timestamp (0 … kMaxTimestamp)
  TimeOrNull,  // std::optional<double>
  Count,       // int64_t, 0 … 2^53 − 1
  Number,      // double, any finite number
  Flag,        // bool
};

// A value at `at`: the offset of a member in its record (tables), or the value's own address (a
// list of pieces, record nullptr). Pieces are made from references: a temporary's address stays
// valid until the end of the full expression, which holds the putJson call.
struct Field {
  FieldKind kind;
  uintptr_t at;
  constexpr Field(FieldKind k, size_t offset) : kind(k), at(offset) {}
  Field(const std::string& s) : Field(FieldKind::Text, &s) {}
  Field(const std::string* s) : Field(FieldKind::Text, s) {}  // null for none
  Field(const std::optional<std::string>& s) : Field(FieldKind::TextOrNull, &s) {}
  Field(const Stage& stage) : Field(FieldKind::StageName, &stage) {}
  Field(const double& n) : Field(FieldKind::Number, &n) {}
  Field(const int64_t& n) : Field(FieldKind::Count, &n) {}
  Field(const std::optional<double>& n) : Field(FieldKind::TimeOrNull, &n) {}
  template <class B, std::enable_if_t<std::is_same_v<B, bool>, int> = 0>  // no pointer → bool
  Field(const B& b) : Field(FieldKind::Flag, &b) {}

 private:
  Field(FieldKind k, const void* address) : kind(k), at(reinterpret_cast<uintptr_t>(address)) {}
};

// The fields of a record, in the order the saved state lists them.
struct FieldTable {
  const Field* begin;
  size_t size;
  template <size_t N>
  constexpr FieldTable(const Field (&fields)[N]) : begin(fields), size(N) {}
  constexpr FieldTable(const Field* fields, size_t count) : begin(fields), size(count) {}
};

// The address of a field of `record` (nullptr for a piece: `at` is then the address).
inline void* fieldAddress(const void* record, const Field& field) {
  return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(record) + field.at);
}

// Appends `shape` with each '%' replaced by the next field of `record`, or by field N for '%N'
// (one digit), written as JSON.
void putJson(std::string& out, std::string_view shape, const void* record, FieldTable fields);
inline void putJson(std::string& out, std::string_view shape, std::initializer_list<Field> pieces) {
  putJson(out, shape, nullptr, FieldTable(pieces.begin(), pieces.size()));
}

// The records' tables. A touch in the saved state is [source, medium, campaign, referrer,
// landingPage, ts]; a rule [awards, session, sessionAwards, day, dayAwards, sum, ref]; a recent
// event [type, ts, path, title]; a phase [name, at]; a transition [from, to, at]. The journey's and
// the state's own values come first in the order restore checks their members.
extern const FieldTable kTouchFields, kRuleFields, kRecentEventFields, kPhaseFields, kTransitionFields;
extern const FieldTable kJourneyFields;  // sessions, pageViews, latest, campaign, sessionPage
extern const FieldTable kStateFields;    // stage, last

// A touch, or null for none: `shape` places its fields by number, as in kTouchFields (the saved
// state's array and the report's object share it).
void putTouch(std::string& out, const std::optional<Touch>& touch, std::string_view shape);

// The elements of a list (the text so far ends at its '['), each written with `shape` and its
// fields numbered as in its table, a comma before all but the first: the saved state writes each
// element as an array, the report as an object.
void putRecentEvents(std::string& out, const Journey& journey, std::string_view shape);
void putPhases(std::string& out, const std::vector<ReachedPhase>& phases, std::string_view shape);
void putTransitions(std::string& out, const std::vector<Transition>& transitions, std::string_view shape);

// The saved-state blob: `mq1.<FNV-1a 64 of the JSON, 16 hex digits>.<compact JSON>`.
inline constexpr std::string_view kSavedStatePrefix = "mq1.";
inline constexpr size_t kSavedStateChecksumDigits = 16;
std::string savedStateChecksum(std::string_view text);

}  // namespace mqlite
