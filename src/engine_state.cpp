// Saved state: `mq1.<FNV-1a 64 of the JSON, 16 hex digits>.<compact JSON>`, written here; read
// back (checking every field, never throwing) in engine_restore.cpp, which the wasm build compiles
// for size: restoring runs once per page, saving after every event.
// The JSON text is written directly with putJson (defined here, shared with the report), exactly
// as Json::dump() would write the same document: no document is built.
#include <cstddef>
#include <cstdint>

#include "engine_internal.hpp"
#include "sort.hpp"
#include "text.hpp"

namespace mqlite {

std::string savedStateChecksum(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  std::string hex;  // grown digit by digit, highest first (no fill constructor linked)
  for (int shift = 4 * kSavedStateChecksumDigits; (shift -= 4) >= 0;) hex += "0123456789abcdef"[hash >> shift & 15];
  return hex;
}

namespace {

using K = FieldKind;
constexpr Field kTouch[] = {{K::Text, offsetof(Touch, source)},         {K::Text, offsetof(Touch, medium)},
                            {K::TextOrNull, offsetof(Touch, campaign)}, {K::TextOrNull, offsetof(Touch, referrer)},
                            {K::TextOrNull, offsetof(Touch, landingPage)}, {K::Time, offsetof(Touch, ts)}};
constexpr Field kRule[] = {{K::Count, offsetof(RuleState, awards)},    {K::Count, offsetof(RuleState, session)},
                           {K::Count, offsetof(RuleState, sessionAwards)}, {K::Count, offsetof(RuleState, day)},
                           {K::Count, offsetof(RuleState, dayAwards)}, {K::Number, offsetof(RuleState, sum)},
                           {K::Time, offsetof(RuleState, ref)}};
constexpr Field kRecentEvent[] = {{K::Text, offsetof(RecentEvent, type)}, {K::Time, offsetof(RecentEvent, ts)},
                                  {K::TextOrNull, offsetof(RecentEvent, path)},
                                  {K::TextOrNull, offsetof(RecentEvent, title)}};
constexpr Field kPhase[] = {{K::Text, offsetof(ReachedPhase, name)}, {K::Time, offsetof(ReachedPhase, at)}};
constexpr Field kTransition[] = {{K::StageName, offsetof(Transition, from)}, {K::StageName, offsetof(Transition, to)},
                                 {K::Time, offsetof(Transition, at)}};
constexpr Field kJourney[] = {{K::Count, offsetof(Journey, sessions)}, {K::Count, offsetof(Journey, pageViews)},
                              {K::TimeOrNull, offsetof(Journey, latestTs)},
                              {K::TextOrNull, offsetof(Journey, sessionCampaign)},
                              {K::Flag, offsetof(Journey, sessionHasPageView)}};
constexpr Field kState[] = {{K::StageName, offsetof(EngineState, stage)},
                            {K::TimeOrNull, offsetof(EngineState, lastEventTs)}};

// `value` is read as its kind says, and only then: a Text's address may be null (none).
void putValue(std::string& out, FieldKind kind, const void* value) {
  switch (kind) {
    case K::Text:
      if (!value) break;
      return appendJsonString(out, *static_cast<const std::string*>(value));
    case K::TextOrNull: {
      const auto& text = *static_cast<const std::optional<std::string>*>(value);
      if (!text) break;
      return appendJsonString(out, *text);
    }
    case K::StageName: return appendJsonString(out, stageName(*static_cast<const Stage*>(value)));
    case K::Time:
    case K::Number: return appendJsonNumber(out, *static_cast<const double*>(value));
    case K::TimeOrNull: {
      const auto& number = *static_cast<const std::optional<double>*>(value);
      if (!number) break;
      return appendJsonNumber(out, *number);
    }
    case K::Count: return appendJsonNumber(out, static_cast<double>(*static_cast<const int64_t*>(value)));
    case K::Flag: out += *static_cast<const bool*>(value) ? "true" : "false"; return;
  }
  out += "null";
}

}  // namespace

const FieldTable kTouchFields = kTouch, kRuleFields = kRule, kRecentEventFields = kRecentEvent,
                 kPhaseFields = kPhase, kTransitionFields = kTransition, kJourneyFields = kJourney,
                 kStateFields = kState;

void putJson(std::string& out, std::string_view shape, const void* record, FieldTable fields) {
  size_t next = 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    const char c = shape[i];
    if (c != '%') {
      out += c;
      continue;
    }
    const bool numbered = i + 1 < shape.size() && shape[i + 1] >= '0' && shape[i + 1] <= '9';
    const Field& field = fields.begin[numbered ? shape[++i] - '0' : next++];
    putValue(out, field.kind, fieldAddress(record, field));
  }
}

namespace {

// A touch in the saved state: [source, medium, campaign, referrer, landingPage, ts].
constexpr std::string_view kSavedTouchShape = "[%,%,%,%,%,%]";

// The object of fit rules (`fit`: id → matched) or of engagement rules with standing awards
// (id → RuleState as an array), members in key order; of rules sharing an id, the last (as a
// Json object keeps).
void putRules(std::string& out, const Model& model, const EngineState& state, bool fit) {
  const size_t count = fit ? model.fitRules.size() : model.engagementRules.size();
  std::vector<std::string_view> ids(count);
  for (size_t i = 0; i < count; ++i) ids[i] = fit ? model.fitRules[i].id : model.engagementRules[i].id;
  auto included = [&](size_t i) {
    const RuleState& r = state.rules[i];
    return fit || r.awards != 0 || r.sessionAwards != 0 || r.dayAwards != 0;
  };
  const std::vector<size_t> order = stableOrder(ids);
  out += '{';
  for (size_t k = 0; k < count;) {
    // A run of rules sharing an id (in key order): its last included rule is written.
    size_t i = count;
    const std::string_view id = ids[order[k]];
    for (; k < count && ids[order[k]] == id; ++k)
      if (included(order[k])) i = order[k];
    if (i == count) continue;
    if (out.back() != '{') out += ',';
    appendJsonString(out, ids[i]);
    out += ':';
    if (fit) {
      out += state.fitMatched[i] ? "true" : "false";
    } else {
      putJson(out, "[%,%,%,%,%,%,%]", &state.rules[i], kRuleFields);
    }
  }
  out += '}';
}

void putJourney(std::string& out, const Journey& j) {
  putJson(out, "{\"campaign\":%3,\"events\":[", &j, kJourneyFields);
  putRecentEvents(out, j, "[%,%,%,%]");
  out += "],\"first\":";
  putTouch(out, j.firstTouch, kSavedTouchShape);
  out += ",\"last\":";
  putTouch(out, j.lastTouch, kSavedTouchShape);
  putJson(out, ",\"latest\":%2,\"pageViews\":%1,\"phases\":[", &j, kJourneyFields);
  putPhases(out, j.phases, "[%,%]");
  putJson(out, "],\"sessionPage\":%4,\"sessions\":%0}", &j, kJourneyFields);
}

}  // namespace

void putTouch(std::string& out, const std::optional<Touch>& touch, std::string_view shape) {
  if (!touch) {
    out += "null";
    return;
  }
  putJson(out, shape, &*touch, kTouchFields);
}

void putRecentEvents(std::string& out, const Journey& journey, std::string_view shape) {
  for (size_t i = 0; i < journey.recentCount; ++i) {
    const RecentEvent& e = recentEvent(journey, i);
    if (i) out += ',';
    putJson(out, shape, &e, kRecentEventFields);
  }
}

void putPhases(std::string& out, const std::vector<ReachedPhase>& phases, std::string_view shape) {
  for (size_t i = 0; i < phases.size(); ++i) {
    if (i) out += ',';
    putJson(out, shape, &phases[i], kPhaseFields);
  }
}

void putTransitions(std::string& out, const std::vector<Transition>& transitions, std::string_view shape) {
  for (size_t i = 0; i < transitions.size(); ++i) {
    if (i) out += ',';
    putJson(out, shape, &transitions[i], kTransitionFields);
  }
}

std::string Engine::save() const {
  const State& state = *state_;
  const Model& model = *model_;
  std::string text = "{\"fit\":";
  putRules(text, model, state, /*fit=*/true);
  text += ",\"journey\":";
  putJourney(text, state.journey);
  putJson(text, ",\"last\":%1,\"rules\":", &state, kStateFields);
  putRules(text, model, state, /*fit=*/false);
  putJson(text, ",\"stage\":%0,\"transitions\":[", &state, kStateFields);
  putTransitions(text, state.transitions, "[%,%,%]");
  text += "]}";
  std::string blob(kSavedStatePrefix.data(), kSavedStatePrefix.size());  // grown in place
  blob += savedStateChecksum(text);
  blob += '.';
  blob += text;
  return blob;
}

}  // namespace mqlite
