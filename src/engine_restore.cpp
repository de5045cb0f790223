// Restoring a saved state (written by Engine::save() in engine_state.cpp): every field is checked
// (the blob comes from storage anyone can edit) and nothing throws.
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <type_traits>

#include "engine_internal.hpp"
#include "terse.hpp"
#include "text.hpp"

namespace mqlite {

namespace {

constexpr double kMaxCount = 9007199254740991.0;  // 2^53 − 1: exact in a double
constexpr size_t kMaxSavedPhases = 10000;
constexpr size_t kNoNumber = static_cast<size_t>(-1);

// Where a value sits in the saved JSON, in parts: head, then a member name (when key.data() is
// set), then up to two element indexes. The pointer text is only built for a refusal.
struct PointerAt {
  const char* head;
  std::string_view key{};
  int index[2] = {-1, -1};

  // Out of line: a copy of PointerAt inlined at each caller cost more than the call.
  __attribute__((noinline)) PointerAt item(size_t i) const {
    PointerAt at = *this;
    at.index[index[0] < 0 ? 0 : 1] = static_cast<int>(i);
    return at;
  }
  void appendPointer(std::string& text) const {
    text += head;
    if (key.data()) (text += '/') += key;
    for (int i : index)
      if (i >= 0) text::appendWhole(text += '/', static_cast<size_t>(i));
  }
};

// A terse build writes no pointer: its places are empty (no heads in the data, no copies made).
struct NoPointer {
  constexpr NoPointer(const char* = nullptr, std::string_view = {}) {}
  NoPointer item(size_t) const { return {}; }
  void appendPointer(std::string&) const {}
};

using At = std::conditional_t<kTerse, NoPointer, PointerAt>;

// Reads the saved JSON back, checking each value. Reading stops at the first problem (every
// caller returns at a false), which is written into `why` (Engine::restore's reason, in place).
class Reader {
 public:
  std::string& why;

  // A terse build writes nothing: Engine::restore gives its one reason.
  bool fail(const At& at, const char* what, size_t number = kNoNumber) {
    if (!kTerse) {  // grown in place: no temporaries
      why = "saved state is malformed at ";
      at.appendPointer(why);
      (why += ": ") += what;
      if (number != kNoNumber) text::appendWhole(why, number);
    }
    return false;
  }

  // Checks `j` is of the field's kind and stores it at `out`.
  bool value(const json& j, const At& at, FieldKind kind, void* out) {
    using K = FieldKind;
    if (kind == K::Flag) {
      if (!j.is_boolean()) return fail(at, "must be true or false");
      *static_cast<bool*>(out) = j.get<bool>();
      return true;
    }
    if (kind == K::Text || kind == K::TextOrNull || kind == K::StageName) {
      if (kind == K::TextOrNull && j.is_null()) return static_cast<std::optional<std::string>*>(out)->reset(), true;
      if (!j.is_string()) return fail(at, "must be a string");
      const std::string& text = j.get_ref<const std::string&>();
      if (text.size() > kMaxKeptText) return fail(at, "too long");
      if (kind == K::StageName) {
        auto stage = parseStage(text);
        if (!stage || text != stageName(*stage)) return fail(at, "not a stage");
        *static_cast<Stage*>(out) = *stage;
      } else if (kind == K::TextOrNull) {
        static_cast<std::optional<std::string>*>(out)->emplace(text);  // one way in: no assign-or-construct
      } else {
        static_cast<std::string*>(out)->assign(text.data(), text.size());  // not `=`: string copy-assignment is linked for no one
      }
      return true;
    }
    if (kind == K::TimeOrNull && j.is_null()) return static_cast<std::optional<double>*>(out)->reset(), true;
    if (!j.is_number()) return fail(at, "must be a number");
    const double number = j.get<double>();
    const double lo = kind == K::Number ? -HUGE_VAL : 0;
    const double hi = kind == K::Number ? HUGE_VAL : kind == K::Count ? kMaxCount : kMaxTimestamp;
    if (!std::isfinite(number) || number < lo || number > hi) return fail(at, "out of range");
    if (kind == K::Count) {
      if (number != std::trunc(number)) return fail(at, "must be a whole number");
      *static_cast<int64_t*>(out) = static_cast<int64_t>(number);
    } else if (kind == K::TimeOrNull) {
      *static_cast<std::optional<double>*>(out) = number;
    } else {
      *static_cast<double*>(out) = number;
    }
    return true;
  }

  // An array of exactly table.size values, element k read into field k of `record`.
  bool tuple(const json& j, const At& at, void* record, FieldTable table) {
    if (!j.is_array() || j.size() != table.size) return fail(at, "must be an array of ", table.size);
    for (size_t k = 0; k < table.size; ++k) {
      const Field& field = table.begin[k];
      if (!value(j[k], at.item(k), field.kind, fieldAddress(record, field))) return false;
    }
    return true;
  }

  // The members `keys` of object `j` (all required, checked in order) into `found`; then the
  // first table.size of them are read, in order, into the fields of `record`.
  bool fields(const json& j, const char* head, const char* const* keys, size_t keyCount, void* record,
              FieldTable table, const json** found) {
    for (size_t i = 0; i < keyCount; ++i) {
      found[i] = j.member(keys[i]);
      if (!found[i]) return fail({head, keys[i]}, "missing");
      // A terse build reads each value as it is found: any failing check refuses alike.
      if (kTerse && i < table.size && !value(*found[i], {}, table.begin[i].kind, fieldAddress(record, table.begin[i])))
        return false;
    }
    for (size_t i = 0; !kTerse && i < table.size; ++i) {
      const Field& field = table.begin[i];
      if (!value(*found[i], {head, keys[i]}, field.kind, fieldAddress(record, field))) return false;
    }
    return true;
  }

  bool touch(const json& j, const At& at, std::optional<Touch>& out) {
    if (j.is_null()) return out.reset(), true;
    return tuple(j, at, &out.emplace(), kTouchFields);  // read in place (a refused state is dropped)
  }
};

bool readTransitions(Reader& r, const json& j, EngineState& state) {
  const At at{"/transitions"};
  if (!j.is_array() || j.size() > kMaxTransitions)
    return r.fail(at, "must be an array of at most ", kMaxTransitions);
  for (size_t i = 0; i < j.size(); ++i) {
    Transition t{Stage::Anonymous, Stage::Anonymous, 0};
    if (!r.tuple(j[i], at.item(i), &t, kTransitionFields)) return false;
    if (!state.transitions.empty() && state.transitions.back().to != t.from)
      return r.fail(at.item(i), "does not follow the previous transition");
    state.transitions.push_back(t);
  }
  // The stage the transitions lead to (none: Anonymous) must be the saved one: one comparison.
  const bool none = state.transitions.empty();
  if ((none ? Stage::Anonymous : state.transitions.back().to) != state.stage)
    return r.fail(at, none ? "empty while the stage is not Anonymous" : "does not end in the saved stage");
  return true;
}

bool readRule(Reader& r, const json& j, const At& at, RuleState& rule) {
  if (!r.tuple(j, at, &rule, kRuleFields)) return false;
  if (rule.sessionAwards > rule.awards || rule.dayAwards > rule.awards)
    return r.fail(at, "more awards in a session or day than in all");
  return true;
}

bool readRules(Reader& r, const json& j, const Model& model, EngineState& state) {
  if (!j.is_object()) return r.fail({"/rules"}, "must be an object");
  // One pass: each saved rule is checked, then given to the model's rule of its id (the keys are
  // unique; a refused state is dropped whole). Rules no longer in the model go, new ones start empty.
  for (auto it = j.begin(); it != j.end(); ++it) {
    RuleState rule;
    const At at{"/rules", it.key()};
    if (!readRule(r, it.value(), at, rule)) return false;
    if (rule.session > state.journey.sessions) return r.fail(at, "session out of range");
    for (size_t i = 0; i < model.engagementRules.size(); ++i)
      if (model.engagementRules[i].id == it.key()) state.rules[i] = rule;
  }
  return true;
}

bool readFit(Reader& r, const json& j, const Model& model, EngineState& state) {
  if (!j.is_object()) return r.fail({"/fit"}, "must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {  // one pass, as readRules
    if (!it.value().is_boolean()) return r.fail({"/fit", it.key()}, "must be true or false");
    for (size_t i = 0; i < model.fitRules.size(); ++i)
      if (model.fitRules[i].id == it.key()) state.fitMatched[i] = it.value().get<bool>();
  }
  return true;
}

bool readPhases(Reader& r, const json& j, const Model& model, Journey& journey) {
  const At at{"/journey/phases"};
  if (!j.is_array() || j.size() > kMaxSavedPhases) return r.fail(at, "must be an array");
  for (size_t i = 0; i < j.size(); ++i) {
    ReachedPhase phase;
    if (!r.tuple(j[i], at.item(i), &phase, kPhaseFields)) return false;
    for (const ReachedPhase& seen : journey.phases)
      if (seen.name == phase.name) return r.fail(at.item(i), "phase listed twice");
    bool inModel = false;
    for (const Phase& p : model.phases) inModel = inModel || p.name == phase.name;
    if (inModel) journey.phases.push_back(std::move(phase));
  }
  return true;
}

bool readEvents(Reader& r, const json& j, Journey& journey) {
  const At at{"/journey/events"};
  if (!j.is_array() || j.size() > kRecentEvents)
    return r.fail(at, "must be an array of at most ", kRecentEvents);
  for (size_t i = 0; i < j.size(); ++i) {
    RecentEvent& e = journey.recent[journey.recentCount++];  // read in place (a refused state is dropped)
    if (!r.tuple(j[i], at.item(i), &e, kRecentEventFields)) return false;
    if (e.type.empty() || e.type == "stage") return r.fail(at.item(i).item(0), "not a visitor event type");
  }
  return true;
}

bool readJourney(Reader& r, const json& j, const Model& model, Journey& journey) {
  if (!j.is_object()) return r.fail({"/journey"}, "must be an object");
  static const char* const kKeys[] = {"sessions", "pageViews", "latest", "campaign", "sessionPage",
                                      "first",    "last",      "phases", "events"};
  const json* found[9];  // the first five are kJourneyFields
  if (!r.fields(j, "/journey", kKeys, 9, &journey, kJourneyFields, found)) return false;
  if ((journey.sessions == 0) != !journey.latestTs)
    return r.fail({"/journey/latest"}, "does not agree with the session count");
  if (!r.touch(*found[5], {"/journey/first"}, journey.firstTouch) ||
      !r.touch(*found[6], {"/journey/last"}, journey.lastTouch))
    return false;
  if (!journey.firstTouch != !journey.lastTouch) return r.fail({"/journey"}, "first and last touch disagree");
  return readPhases(r, *found[7], model, journey) && readEvents(r, *found[8], journey);
}

bool readState(Reader& r, const json& doc, const Model& model, EngineState& state) {
  if (!doc.is_object()) return r.fail({"/"}, "must be an object");
  static const char* const kKeys[] = {"stage", "last", "transitions", "rules", "fit", "journey"};
  // Unknown members: named one by one in a full build; a terse one only refuses, so counting the
  // members once all six are found is the same decision.
  for (auto it = doc.begin(); !kTerse && it != doc.end(); ++it) {
    bool known = false;
    for (const char* key : kKeys) known = known || it.key() == key;
    if (!known) return r.fail({"", it.key()}, "unknown field");
  }
  const json* found[6];  // the first two are kStateFields
  return r.fields(doc, "", kKeys, 6, &state, kStateFields, found) && (!kTerse || doc.size() == 6) &&
         readTransitions(r, *found[2], state) &&
         readJourney(r, *found[5], model, state.journey) && readRules(r, *found[3], model, state) &&
         readFit(r, *found[4], model, state);
}

// The blob's frame: "mq", the version, the checksum of the JSON text, which is set in `text`.
// False when one is wrong, with why in `why` (a full build: a terse one gives one reason later).
bool readFrame(std::string_view blob, std::string_view& text, std::string& why) {
  auto refuse = [&](const char* message) {
    if (!kTerse) why = message;
    return false;
  };
  // (A terse build needs no "mq" check of its own: the version check below refuses the same.)
  if (!kTerse && blob.substr(0, 2) != "mq") return refuse("not an mqlite saved state");
  if (blob.substr(0, kSavedStatePrefix.size()) != kSavedStatePrefix) {
    if (kTerse) return false;  // the version is only named
    std::string_view version = blob.substr(2, blob.find('.') == std::string_view::npos ? 8 : blob.find('.') - 2);
    refuse("saved state version \"");
    (why += keptText(version, 16)) += "\" is not supported (expected mq1)";
    return false;
  }
  std::string_view rest = blob.substr(kSavedStatePrefix.size());
  if (rest.size() < kSavedStateChecksumDigits + 1 || rest[kSavedStateChecksumDigits] != '.')
    return refuse("saved state is truncated or has no checksum");
  text = rest.substr(kSavedStateChecksumDigits + 1);
  if (savedStateChecksum(text) != rest.substr(0, kSavedStateChecksumDigits))
    return refuse("saved state is corrupt or truncated (checksum mismatch)");
  return true;
}

// The saved JSON, discarded when it is not valid (then "… not valid JSON: parse error at …" in
// `why`; a terse build makes no string for a reason it does not give).
json parseState(std::string_view text, std::string& why) {
  if constexpr (kTerse) {
    return parseJson(text, nullptr);
  } else {
    std::string parseError;
    json doc = parseJson(text, &parseError);
    if (doc.is_discarded()) (why = "saved state is ") += parseError;
    return doc;
  }
}

}  // namespace

std::optional<Engine> Engine::restore(ModelPtr model, std::string_view blob,
                                      std::string* error) {
  // Each message is written into *error in place (no string built and moved).
  std::string unused;
  std::string& why = error ? *error : unused;
  std::optional<Engine> engine;  // the one value returned (no move, one exit)
  std::string_view text;
  if (readFrame(blob, text, why)) {
    json doc = parseState(text, why);
    if (!doc.is_discarded()) {
      // A new engine's state is the empty one (rules sized to the model, fit as for no traits):
      // the saved values are read into it; on a refusal the engine is dropped.
      Engine& fresh = engine.emplace(model);
      Reader reader{why};
      if (!readState(reader, doc, *fresh.model_, *fresh.state_)) engine.reset();
    }
  }
  if (kTerse && !engine) why = kTerseReason;  // every refusal's one reason
  return engine;
}

}  // namespace mqlite
