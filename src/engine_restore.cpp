// Restoring a saved state (written by Engine::save() in engine_state.cpp): every field is checked
// (the blob comes from storage anyone can edit) and nothing throws.
#include <cmath>
#include <cstdint>

#include "engine_internal.hpp"

namespace mqlite {

namespace {

constexpr double kMaxCount = 9007199254740991.0;  // 2^53 − 1: exact in a double
constexpr size_t kMaxSavedPhases = 10000;

// Reads the saved JSON back, checking each value; the first problem is kept in `error`.
class Reader {
 public:
  std::string error;

  bool fail(const std::string& where, const std::string& what) {
    if (error.empty()) error = "saved state is malformed at " + where + ": " + what;
    return false;
  }

  const json* field(const json& object, const char* key, const std::string& where) {
    auto it = object.find(key);
    if (it == object.end()) {
      fail(where + "/" + key, "missing");
      return nullptr;
    }
    return &*it;
  }

  bool number(const json& j, const std::string& where, double lo, double hi, double& out) {
    if (!j.is_number()) return fail(where, "must be a number");
    double value = j.get<double>();
    if (!std::isfinite(value) || value < lo || value > hi) return fail(where, "out of range");
    out = value;
    return true;
  }

  bool count(const json& j, const std::string& where, int64_t& out) {
    double value = 0;
    if (!number(j, where, 0, kMaxCount, value)) return false;
    if (value != std::trunc(value)) return fail(where, "must be a whole number");
    out = static_cast<int64_t>(value);
    return true;
  }

  bool timestamp(const json& j, const std::string& where, double& out) {
    return number(j, where, 0, kMaxTimestamp, out);
  }

  bool optionalTimestamp(const json& j, const std::string& where, std::optional<double>& out) {
    if (j.is_null()) return out.reset(), true;
    double value = 0;
    if (!timestamp(j, where, value)) return false;
    out = value;
    return true;
  }

  bool text(const json& j, const std::string& where, std::string& out) {
    if (!j.is_string()) return fail(where, "must be a string");
    const std::string& value = j.get_ref<const std::string&>();
    if (value.size() > kMaxKeptText) return fail(where, "too long");
    out = value;
    return true;
  }

  bool optionalText(const json& j, const std::string& where, std::optional<std::string>& out) {
    if (j.is_null()) return out.reset(), true;
    std::string value;
    if (!text(j, where, value)) return false;
    out = std::move(value);
    return true;
  }

  bool stage(const json& j, const std::string& where, Stage& out) {
    std::string name;
    if (!text(j, where, name)) return false;
    auto parsed = parseStage(name);
    if (!parsed || name != stageName(*parsed)) return fail(where, "not a stage");
    out = *parsed;
    return true;
  }

  bool tuple(const json& j, const std::string& where, size_t size) {
    if (!j.is_array() || j.size() != size)
      return fail(where, "must be an array of " + std::to_string(size));
    return true;
  }

  bool touch(const json& j, const std::string& where, std::optional<Touch>& out) {
    if (j.is_null()) return out.reset(), true;
    if (!tuple(j, where, 6)) return false;
    Touch t;
    if (!text(j[0], where + "/0", t.source) || !text(j[1], where + "/1", t.medium) ||
        !optionalText(j[2], where + "/2", t.campaign) || !optionalText(j[3], where + "/3", t.referrer) ||
        !optionalText(j[4], where + "/4", t.landingPage) || !timestamp(j[5], where + "/5", t.ts))
      return false;
    out = std::move(t);
    return true;
  }
};

bool readTransitions(Reader& r, const json& j, EngineState& state) {
  if (!j.is_array() || j.size() > kMaxTransitions)
    return r.fail("/transitions", "must be an array of at most " + std::to_string(kMaxTransitions));
  for (size_t i = 0; i < j.size(); ++i) {
    std::string where = "/transitions/" + std::to_string(i);
    Transition t{Stage::Anonymous, Stage::Anonymous, 0};
    if (!r.tuple(j[i], where, 3) || !r.stage(j[i][0], where + "/0", t.from) ||
        !r.stage(j[i][1], where + "/1", t.to) || !r.timestamp(j[i][2], where + "/2", t.at))
      return false;
    if (!state.transitions.empty() && state.transitions.back().to != t.from)
      return r.fail(where, "does not follow the previous transition");
    state.transitions.push_back(t);
  }
  if (!state.transitions.empty() && state.transitions.back().to != state.stage)
    return r.fail("/transitions", "does not end in the saved stage");
  if (state.transitions.empty() && state.stage != Stage::Anonymous)
    return r.fail("/transitions", "empty while the stage is not Anonymous");
  return true;
}

bool readRule(Reader& r, const json& j, const std::string& where, RuleState& rule) {
  if (!r.tuple(j, where, 7)) return false;
  if (!r.count(j[0], where + "/0", rule.awards) || !r.count(j[1], where + "/1", rule.session) ||
      !r.count(j[2], where + "/2", rule.sessionAwards) || !r.count(j[3], where + "/3", rule.day) ||
      !r.count(j[4], where + "/4", rule.dayAwards) ||
      !r.number(j[5], where + "/5", -HUGE_VAL, HUGE_VAL, rule.sum) ||
      !r.timestamp(j[6], where + "/6", rule.ref))
    return false;
  if (rule.sessionAwards > rule.awards || rule.dayAwards > rule.awards)
    return r.fail(where, "more awards in a session or day than in all");
  return true;
}

bool readRules(Reader& r, const json& j, const Model& model, EngineState& state) {
  if (!j.is_object()) return r.fail("/rules", "must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    RuleState rule;
    if (!readRule(r, it.value(), "/rules/" + it.key(), rule)) return false;
    if (rule.session > state.journey.sessions) return r.fail("/rules/" + it.key(), "session out of range");
  }
  // Every saved rule is valid: take those still in the model (a key lookup is a binary search);
  // rules no longer in the model go, new ones start empty.
  for (size_t i = 0; i < model.engagementRules.size(); ++i) {
    auto found = j.find(model.engagementRules[i].id);
    if (found != j.end()) readRule(r, found.value(), "/rules", state.rules[i]);
  }
  return true;
}

bool readFit(Reader& r, const json& j, const Model& model, EngineState& state) {
  if (!j.is_object()) return r.fail("/fit", "must be an object");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!it.value().is_boolean()) return r.fail("/fit/" + it.key(), "must be true or false");
  for (size_t i = 0; i < model.fitRules.size(); ++i) {
    auto found = j.find(model.fitRules[i].id);
    if (found != j.end()) state.fitMatched[i] = found->get<bool>();
  }
  return true;
}

bool readPhases(Reader& r, const json& j, const Model& model, Journey& journey) {
  if (!j.is_array() || j.size() > kMaxSavedPhases) return r.fail("/journey/phases", "must be an array");
  for (size_t i = 0; i < j.size(); ++i) {
    std::string where = "/journey/phases/" + std::to_string(i);
    ReachedPhase phase;
    if (!r.tuple(j[i], where, 2) || !r.text(j[i][0], where + "/0", phase.name) ||
        !r.timestamp(j[i][1], where + "/1", phase.at))
      return false;
    for (const ReachedPhase& seen : journey.phases)
      if (seen.name == phase.name) return r.fail(where, "phase listed twice");
    bool inModel = false;
    for (const Phase& p : model.phases) inModel = inModel || p.name == phase.name;
    if (inModel) journey.phases.push_back(std::move(phase));
  }
  return true;
}

bool readEvents(Reader& r, const json& j, Journey& journey) {
  if (!j.is_array() || j.size() > kRecentEvents)
    return r.fail("/journey/events", "must be an array of at most " + std::to_string(kRecentEvents));
  for (size_t i = 0; i < j.size(); ++i) {
    std::string where = "/journey/events/" + std::to_string(i);
    RecentEvent e;
    if (!r.tuple(j[i], where, 4) || !r.text(j[i][0], where + "/0", e.type) ||
        !r.timestamp(j[i][1], where + "/1", e.ts) || !r.optionalText(j[i][2], where + "/2", e.path) ||
        !r.optionalText(j[i][3], where + "/3", e.title))
      return false;
    if (e.type.empty() || e.type == "stage") return r.fail(where + "/0", "not a visitor event type");
    journey.recent.push_back(std::move(e));
  }
  return true;
}

bool readJourney(Reader& r, const json& j, const Model& model, Journey& journey) {
  if (!j.is_object()) return r.fail("/journey", "must be an object");
  const std::string w = "/journey";
  const json *sessions, *pageViews, *latest, *campaign, *sessionPage, *first, *last, *phases, *events;
  if (!(sessions = r.field(j, "sessions", w)) || !(pageViews = r.field(j, "pageViews", w)) ||
      !(latest = r.field(j, "latest", w)) || !(campaign = r.field(j, "campaign", w)) ||
      !(sessionPage = r.field(j, "sessionPage", w)) || !(first = r.field(j, "first", w)) ||
      !(last = r.field(j, "last", w)) || !(phases = r.field(j, "phases", w)) ||
      !(events = r.field(j, "events", w)))
    return false;
  if (!r.count(*sessions, w + "/sessions", journey.sessions) ||
      !r.count(*pageViews, w + "/pageViews", journey.pageViews) ||
      !r.optionalTimestamp(*latest, w + "/latest", journey.latestTs) ||
      !r.optionalText(*campaign, w + "/campaign", journey.sessionCampaign))
    return false;
  if (!sessionPage->is_boolean()) return r.fail(w + "/sessionPage", "must be true or false");
  journey.sessionHasPageView = sessionPage->get<bool>();
  if ((journey.sessions == 0) != !journey.latestTs)
    return r.fail(w + "/latest", "does not agree with the session count");
  if (!r.touch(*first, w + "/first", journey.firstTouch) || !r.touch(*last, w + "/last", journey.lastTouch))
    return false;
  if (!journey.firstTouch != !journey.lastTouch) return r.fail(w, "first and last touch disagree");
  return readPhases(r, *phases, model, journey) && readEvents(r, *events, journey);
}

bool readState(Reader& r, const json& doc, const Model& model, EngineState& state) {
  if (!doc.is_object()) return r.fail("/", "must be an object");
  static const char* const kKeys[] = {"stage", "last", "transitions", "rules", "fit", "journey"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    bool known = false;
    for (const char* key : kKeys) known = known || it.key() == key;
    if (!known) return r.fail("/" + it.key(), "unknown field");
  }
  const json* fields[6];
  for (size_t i = 0; i < 6; ++i)
    if (!(fields[i] = r.field(doc, kKeys[i], ""))) return false;
  return r.stage(*fields[0], "/stage", state.stage) &&
         r.optionalTimestamp(*fields[1], "/last", state.lastEventTs) &&
         readTransitions(r, *fields[2], state) && readJourney(r, *fields[5], model, state.journey) &&
         readRules(r, *fields[3], model, state) && readFit(r, *fields[4], model, state);
}

}  // namespace

std::optional<Engine> Engine::restore(ModelPtr model, std::string_view blob,
                                      std::string* error) {
  auto refuse = [&](std::string message) -> std::optional<Engine> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  if (blob.substr(0, 2) != "mq") return refuse("not an mqlite saved state");
  if (blob.substr(0, kSavedStatePrefix.size()) != kSavedStatePrefix) {
    std::string_view version = blob.substr(2, blob.find('.') == std::string_view::npos ? 8 : blob.find('.') - 2);
    return refuse("saved state version \"" + keptText(version, 16) + "\" is not supported (expected mq1)");
  }
  std::string_view rest = blob.substr(kSavedStatePrefix.size());
  if (rest.size() < kSavedStateChecksumDigits + 1 || rest[kSavedStateChecksumDigits] != '.')
    return refuse("saved state is truncated or has no checksum");
  std::string_view text = rest.substr(kSavedStateChecksumDigits + 1);
  if (savedStateChecksum(text) != rest.substr(0, kSavedStateChecksumDigits))
    return refuse("saved state is corrupt or truncated (checksum mismatch)");
  std::string parseError;
  json doc = parseJson(text, &parseError);
  if (doc.is_discarded()) return refuse("saved state is not valid JSON: " + parseError);

  Engine engine(std::move(model));
  EngineState state;
  state.rules.resize(engine.model_->engagementRules.size());
  state.fitMatched = initialFit(*engine.model_);
  Reader reader;
  if (!readState(reader, doc, *engine.model_, state)) return refuse(reader.error);
  static_cast<EngineState&>(*engine.state_) = std::move(state);
  return engine;
}

}  // namespace mqlite
