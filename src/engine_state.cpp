// Saved state: `mq1.<FNV-1a 64 of the JSON, 16 hex digits>.<compact JSON>`, written here; read
// back (checking every field, never throwing) in engine_restore.cpp, which the wasm build compiles
// for size: restoring runs once per page, saving after every event.
#include <cstdint>

#include "engine_internal.hpp"

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

namespace {

json optionalText(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }
json optionalNumber(const std::optional<double>& n) { return n ? numberJson(*n) : json(nullptr); }

json touchToJson(const std::optional<Touch>& touch) {
  if (!touch) return nullptr;
  return json::array({touch->source, touch->medium, optionalText(touch->campaign),
                      optionalText(touch->referrer), optionalText(touch->landingPage),
                      numberJson(touch->ts)});
}

json rulesToJson(const Model& model, const EngineState& state) {
  json rules = json::object();
  for (size_t i = 0; i < model.engagementRules.size(); ++i) {
    const RuleState& r = state.rules[i];
    if (r.awards == 0 && r.sessionAwards == 0 && r.dayAwards == 0) continue;
    rules[model.engagementRules[i].id] = json::array(
        {r.awards, r.session, r.sessionAwards, r.day, r.dayAwards, numberJson(r.sum), numberJson(r.ref)});
  }
  return rules;
}

json journeyToJson(const Journey& j) {
  json phases = json::array();
  for (const ReachedPhase& p : j.phases) phases.push_back(json::array({p.name, numberJson(p.at)}));
  json events = json::array();
  for (size_t i = 0; i < j.recent.size(); ++i) {
    const RecentEvent& e = recentEvent(j, i);
    events.push_back(json::array({e.type, numberJson(e.ts), optionalText(e.path), optionalText(e.title)}));
  }
  return {{"sessions", j.sessions},       {"pageViews", j.pageViews},
          {"latest", optionalNumber(j.latestTs)}, {"campaign", optionalText(j.sessionCampaign)},
          {"sessionPage", j.sessionHasPageView},  {"first", touchToJson(j.firstTouch)},
          {"last", touchToJson(j.lastTouch)},     {"phases", phases},
          {"events", events}};
}

}  // namespace

std::string Engine::save() const {
  const State& state = *state_;
  json transitions = json::array();
  for (const Transition& t : state.transitions)
    transitions.push_back(json::array({stageName(t.from), stageName(t.to), numberJson(t.at)}));
  json fit = json::object();
  for (size_t i = 0; i < model_->fitRules.size(); ++i) fit[model_->fitRules[i].id] = bool(state.fitMatched[i]);
  json doc = {{"stage", stageName(state.stage)},
              {"last", optionalNumber(state.lastEventTs)},
              {"transitions", transitions},
              {"rules", rulesToJson(*model_, state)},
              {"fit", fit},
              {"journey", journeyToJson(state.journey)}};
  // Kept strings are valid UTF-8 already; `replace` only guards against a hand-built Event.
  std::string text = doc.dump(-1);
  return std::string(kSavedStatePrefix) + savedStateChecksum(text) + "." + text;
}

}  // namespace mqlite
