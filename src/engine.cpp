// The engine: events in; scores, lifecycle stage and journey out (SPEC §2–§4, docs/CORE.md).
#include "engine.hpp"

#include <algorithm>
#include <cmath>
#include <new>

#include "engine_internal.hpp"
#include "text.hpp"

namespace mqlite {

namespace {

const ModelPtr& emptyModel() {
  Model* fill = nullptr;  // left default; makeDefault, not make(Model()), links no Model move
  static const ModelPtr model = ModelPtr::makeDefault(fill);
  return model;
}

bool isSpace(unsigned char c) { return c <= 0x20 || c == 0x7F; }

// `local@domain.tld`: a non-empty local part, a domain of two or more non-empty labels, no spaces
// or control characters.
bool validEmail(std::string_view text) {
  for (unsigned char c : text)
    if (isSpace(c)) return false;
  auto at = text.rfind('@');
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view domain = text.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  if (domain.find('.') == std::string_view::npos || domain.find("..") != std::string_view::npos)
    return false;
  return true;
}

// Whether an identify names the person: a valid e-mail or a non-empty userId (SPEC §3).
bool identifiesPerson(const Event& event) {
  if (event.type != "identify" || !event.traits.is_object()) return false;
  // member(), as applyTraits reads them: no iterator code.
  const json* const email = event.traits.member("email");
  if (email && email->is_string() && validEmail(email->get_ref<const std::string&>())) return true;
  const json* const userId = event.traits.member("userId");
  return userId && userId->is_string() && !userId->get_ref<const std::string&>().empty();
}

// Why an event cannot be applied at all (an Event built by hand may skip eventFromJson's checks).
std::string eventProblem(const Event& event) {
  if (event.type.empty()) return "event has no type";
  if (!std::isfinite(event.ts) || event.ts < 0 || event.ts > kMaxTimestamp)
    return "ts must be milliseconds since 1970 up to 9999-12-31 (got " +
           (std::isfinite(event.ts) ? text::shortestNumber(event.ts) : std::string("not a number")) + ")";
  if (event.type == "stage" && (!event.to || !parseStage(*event.to)))
    return "a stage event needs \"to\" naming a stage";
  return {};
}

void enter(EngineState& state, Stage to, double at, IngestResult& result) {
  Transition transition{state.stage, to, at};
  state.stage = to;
  state.transitions.push_back(transition);
  // One at a time, from at most kMaxTransitions (restore's bound): one over, the oldest goes.
  if (state.transitions.size() > kMaxTransitions) state.transitions.erase(state.transitions.begin());
  result.entered.push_back(transition);
}

bool qualifiesForMql(const Model& model, double engagement, double fit) {
  if (!model.mqlEngagement && !model.mqlFit) return false;
  return (!model.mqlEngagement || engagement >= *model.mqlEngagement) &&
         (!model.mqlFit || fit >= *model.mqlFit);
}

// The automatic steps of SPEC §3, in order, all at `at`.
void advance(const Model& model, EngineState& state, double at, bool identified,
             IngestResult& result) {
  if (state.stage == Stage::Anonymous && identified) enter(state, Stage::Known, at, result);
  // Only Known, Engaged and Recycled move on their own: no score to value for anyone else (most
  // events: anonymous visitors).
  if (state.stage != Stage::Known && state.stage != Stage::Engaged && state.stage != Stage::Recycled)
    return;
  double engagement = engagementAt(model, state.rules, at);
  double fit = fitOf(model, state.fitMatched);
  if (state.stage == Stage::Known && model.engagedEngagement &&
      engagement >= *model.engagedEngagement)
    enter(state, Stage::Engaged, at, result);
  if (qualifiesForMql(model, engagement, fit)) enter(state, Stage::MQL, at, result);  // still Known, Engaged or Recycled
}

// A comma before each element of an array but the first (the text so far ends at its '[').
void putElementSeparator(std::string& out) {
  if (out.back() != '[') out += ',';
}

// A touch as a report object (keys in order).
constexpr std::string_view kReportTouchShape =
    "{\"campaign\":%2,\"landingPage\":%4,\"medium\":%1,\"referrer\":%3,\"source\":%0,\"ts\":%5}";

// A refused event's answer. (apply() refuses its own `result` and returns it, so that its result is
// built in place: no IngestResult move in the wasm.)
IngestResult refusal(std::string error) {
  IngestResult result;
  result.ok = false;
  result.error = std::move(error);
  return result;
}

}  // namespace

Engine::Engine(ModelPtr model)
    : model_(model ? std::move(model) : emptyModel()),
      state_(std::make_unique<State>()) {
  // Sized to the model at once (no vector growth code), made over the zeroed empty vectors: they
  // own nothing, so no assignment code is needed.
  new (&state_->rules) std::vector<RuleState>(model_->engagementRules.size());
  new (&state_->fitMatched) FitFlags(model_->fitRules.size());
  setInitialFit(*model_, state_->fitMatched);
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

IngestResult Engine::ingest(const Event& event) {
  std::string problem = eventProblem(event);
  if (!problem.empty()) return refusal(std::move(problem));
  return apply(event);
}

IngestResult Engine::apply(const Event& event) {
  const Model& model = *model_;
  State& state = *state_;
  IngestResult result;
  // The engine's clock never runs backward: an event older than one already seen (a device clock
  // jumping back) is scored at its own ts, but the lifecycle is checked, and transitions are
  // dated, at the latest ts seen. Checking at an earlier time would value later awards with
  // growth (0.5^negative) and could promote a lead on a score it never had.
  const double clock = state.lastEventTs ? std::max(event.ts, *state.lastEventTs) : event.ts;
  bool identified = false;  // a stage event names no one
  if (event.type == "stage") {
    Stage to = *parseStage(*event.to);
    result.error = refuseManualMove(state.stage, to);  // written where the answer holds it
    if (!result.error.empty()) {
      result.ok = false;
      return result;
    }
    enter(state, to, clock, result);
    // Recycled starts engagement over (rules stays parallel to model.engagementRules).
    if (to == Stage::Recycled) std::fill(state.rules.begin(), state.rules.end(), RuleState{});
  } else {
    EventView view(event);
    double windowTs = state.journey.latestTs ? std::max(event.ts, *state.journey.latestTs) : event.ts;
    recordVisit(model, state.journey, view);
    scoreEvent(model, state.rules, view, state.journey.sessions, windowTs);
    if (event.type == "identify") applyTraits(model, state.fitMatched, event.traits);
    identified = identifiesPerson(event);
  }
  // One tail for both kinds (one advance call in the code).
  state.lastEventTs = clock;
  advance(model, state, clock, identified, result);
  return result;
}

IngestResult Engine::ingestJson(std::string_view text) {
  std::string error;
  std::optional<Event> event = parseEvent(text, &error);
  // parseEvent says why whenever it refuses (every refusal in event.cpp and parseJson writes one).
  if (!event) return refusal(std::move(error));
  // eventFromJson refuses everything eventProblem() would: the wasm, which only ingests text,
  // then carries no second check.
  return apply(*event);
}

void appendTransitionsJson(std::string& out, const std::vector<Transition>& transitions) {
  out += '[';
  putTransitions(out, transitions, "{\"at\":%2,\"from\":%0,\"to\":%1}");
  out += ']';
}

Stage Engine::stage() const { return state_->stage; }

const std::vector<Transition>& Engine::transitions() const { return state_->transitions; }

std::optional<double> Engine::lastEventTs() const { return state_->lastEventTs; }

const Model& Engine::model() const { return *model_; }

Score Engine::score(double now) const {
  Score score;
  score.engagement = engagementAt(*model_, state_->rules, now);
  score.fit = fitOf(*model_, state_->fitMatched);
  score.total = score.engagement + score.fit;
  if (const std::string* grade = gradeOf(*model_, score.fit)) score.grade = *grade;
  return score;
}

std::string Engine::reportText(std::optional<double> now, bool withEvents) const {
  const Model& model = *model_;
  const State& state = *state_;
  const Journey& journey = state.journey;
  const double at = now ? *now : state.lastEventTs.value_or(0);
  const double engagement = engagementAt(model, state.rules, at);
  const double fit = fitOf(model, state.fitMatched);

  // Members in key order, as Json::dump() writes them.
  std::string out = "{\"explain\":{\"engagement\":[";
  for (size_t i = 0; i < model.engagementRules.size(); ++i) {
    const RuleState& rule = state.rules[i];
    if (rule.awards == 0) continue;
    const EngagementRule& modelRule = model.engagementRules[i];
    putElementSeparator(out);
    putJson(out, "{\"awards\":%,\"points\":%,\"rule\":%}",
            {rule.awards, rulePoints(rule, halfLifeMs(model, modelRule), at), modelRule.id});
  }
  out += "],\"fit\":[";
  for (size_t i = 0; i < model.fitRules.size(); ++i) {
    if (!state.fitMatched[i]) continue;
    putElementSeparator(out);
    putJson(out, "{\"points\":%,\"rule\":%}", {model.fitRules[i].points, model.fitRules[i].id});
  }
  putJson(out, "]},\"grade\":%,\"journey\":{", {gradeOf(model, fit)});
  if (withEvents) {
    out += "\"events\":[";
    putRecentEvents(out, journey, "{\"path\":%2,\"title\":%3,\"ts\":%1,\"type\":%0}");
    out += "],";
  }
  out += "\"firstTouch\":";
  putTouch(out, journey.firstTouch, kReportTouchShape);
  out += ",\"lastTouch\":";
  putTouch(out, journey.lastTouch, kReportTouchShape);
  putJson(out, ",\"pageViews\":%,\"phases\":[", {journey.pageViews});
  putPhases(out, journey.phases, "{\"at\":%1,\"name\":%0}");
  putJson(out, "],\"sessions\":%},\"score\":{\"engagement\":%,\"fit\":%,\"total\":%},\"stage\":%,"
          "\"transitions\":",
          {journey.sessions, engagement, fit, engagement + fit, state.stage});
  appendTransitionsJson(out, state.transitions);
  out += '}';
  return out;
}

// The text is the one implementation of the report: the value is read back from it.
json Engine::report(std::optional<double> now, bool withEvents) const {
  return Json::parse(reportText(now, withEvents));
}

}  // namespace mqlite
