// Saved state: `mq1.<FNV-1a 64 of the JSON, 16 hex digits>.<compact JSON>`, written here; read
// back (checking every field, never throwing) in engine_restore.cpp, which the wasm build compiles
// for size: restoring runs once per page, saving after every event.
// The JSON text is written directly with putJson (defined here, shared with the report), exactly
// as Json::dump() would write the same document: no document is built.
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
  std::string hex(kSavedStateChecksumDigits, '0');
  for (size_t i = hex.size(); i-- > 0; hash >>= 4) hex[i] = "0123456789abcdef"[hash & 15];
  return hex;
}

void putJson(std::string& out, std::string_view shape, std::initializer_list<JsonPiece> pieces) {
  const JsonPiece* piece = pieces.begin();
  for (size_t i = 0; i < shape.size(); ++i) {
    const char c = shape[i];
    if (c != '%') {
      out += c;
      continue;
    }
    const bool numbered = i + 1 < shape.size() && shape[i + 1] >= '0' && shape[i + 1] <= '9';
    const JsonPiece& p = numbered ? pieces.begin()[shape[++i] - '0'] : *piece++;
    const auto* optionalText = static_cast<const std::optional<std::string>*>(p.text);
    if (p.kind == JsonPiece::Text) appendJsonString(out, *static_cast<const std::string*>(p.text));
    else if (p.kind == JsonPiece::OptionalText && *optionalText) appendJsonString(out, **optionalText);
    else if (p.kind == JsonPiece::StageName) appendJsonString(out, stageName(static_cast<Stage>(p.number)));
    else if (p.kind == JsonPiece::Number) appendJsonNumber(out, p.number);
    else if (p.kind == JsonPiece::Boolean) out += p.number != 0 ? "true" : "false";
    else out += "null";
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
      const RuleState& r = state.rules[i];
      putJson(out, "[%,%,%,%,%,%,%]",
          {r.awards, r.session, r.sessionAwards, r.day, r.dayAwards, r.sum, r.ref});
    }
  }
  out += '}';
}

void putJourney(std::string& out, const Journey& j) {
  putJson(out, "{\"campaign\":%,\"events\":[", {j.sessionCampaign});
  putRecentEvents(out, j, "[%,%,%,%]");
  out += "],\"first\":";
  putTouch(out, j.firstTouch, kSavedTouchShape);
  out += ",\"last\":";
  putTouch(out, j.lastTouch, kSavedTouchShape);
  putJson(out, ",\"latest\":%,\"pageViews\":%,\"phases\":[", {j.latestTs, j.pageViews});
  putPhases(out, j.phases, "[%,%]");
  putJson(out, "],\"sessionPage\":%,\"sessions\":%}", {j.sessionHasPageView, j.sessions});
}

}  // namespace

void putTouch(std::string& out, const std::optional<Touch>& touch, std::string_view shape) {
  if (!touch) {
    out += "null";
    return;
  }
  putJson(out, shape, {touch->source, touch->medium, touch->campaign, touch->referrer, touch->landingPage, touch->ts});
}

void putRecentEvents(std::string& out, const Journey& journey, std::string_view shape) {
  for (size_t i = 0; i < journey.recentCount; ++i) {
    const RecentEvent& e = recentEvent(journey, i);
    if (i) out += ',';
    putJson(out, shape, {e.type, e.ts, e.path, e.title});
  }
}

void putPhases(std::string& out, const std::vector<ReachedPhase>& phases, std::string_view shape) {
  for (size_t i = 0; i < phases.size(); ++i) {
    if (i) out += ',';
    putJson(out, shape, {phases[i].name, phases[i].at});
  }
}

void putTransitions(std::string& out, const std::vector<Transition>& transitions, std::string_view shape) {
  for (size_t i = 0; i < transitions.size(); ++i) {
    if (i) out += ',';
    putJson(out, shape, {transitions[i].from, transitions[i].to, transitions[i].at});
  }
}

std::string Engine::save() const {
  const State& state = *state_;
  const Model& model = *model_;
  std::string text = "{\"fit\":";
  putRules(text, model, state, /*fit=*/true);
  text += ",\"journey\":";
  putJourney(text, state.journey);
  putJson(text, ",\"last\":%,\"rules\":", {state.lastEventTs});
  putRules(text, model, state, /*fit=*/false);
  putJson(text, ",\"stage\":%,\"transitions\":[", {state.stage});
  putTransitions(text, state.transitions, "[%,%,%]");
  text += "]}";
  std::string blob(kSavedStatePrefix.data(), kSavedStatePrefix.size());  // grown in place
  blob += savedStateChecksum(text);
  blob += '.';
  blob += text;
  return blob;
}

}  // namespace mqlite
