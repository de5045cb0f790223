// Saved state: `mq1.<FNV-1a 64 of the JSON, 16 hex digits>.<compact JSON>`, written here; read
// back (checking every field, never throwing) in engine_restore.cpp, which the wasm build compiles
// for size: restoring runs once per page, saving after every event.
// The JSON text is written directly, exactly as Json::dump() would write the same document
// (compact, keys sorted bytewise, strings as valid UTF-8): no document is built.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>

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

namespace {

// Appends `shape` with each %x replaced by the next value, written as JSON:
// %s std::string, %o std::optional<std::string>, %g Stage, %n double, %T std::optional<double>,
// %i int64_t, %b bool. Any other character is copied.
void put(std::string& out, const char* shape, std::initializer_list<const void*> values) {
  const void* const* value = values.begin();
  while (*shape) {
    const char* mark = std::strchr(shape, '%');
    if (!mark) mark = shape + std::strlen(shape);
    out.append(shape, static_cast<size_t>(mark - shape));
    if (!*mark) return;
    const void* p = *value++;
    const char kind = mark[1];
    shape = mark + 2;
    double number;
    if (kind == 'b') {
      out += *static_cast<const bool*>(p) ? "true" : "false";
      continue;
    }
    if (kind == 's' || kind == 'o' || kind == 'g') {
      if (kind == 'g') {
        appendJsonString(out, stageName(*static_cast<const Stage*>(p)));
      } else if (kind == 's') {
        appendJsonString(out, *static_cast<const std::string*>(p));
      } else if (const auto& text = *static_cast<const std::optional<std::string>*>(p)) {
        appendJsonString(out, *text);
      } else {
        out += "null";
      }
      continue;
    }
    if (kind == 'T') {
      const auto& optional = *static_cast<const std::optional<double>*>(p);
      if (!optional) {
        out += "null";
        continue;
      }
      number = *optional;
    } else if (kind == 'i') {
      number = static_cast<double>(*static_cast<const int64_t*>(p));
    } else {
      number = *static_cast<const double*>(p);
    }
    out += std::isfinite(number) ? text::shortestNumber(number == 0 ? 0.0 : number) : "null";
  }
}

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
  bool first = true;
  for (size_t k = 0; k < count; ++k) {
    const size_t i = order[k];
    bool later = false;  // an included rule with the same id after this one
    for (size_t n = k + 1; n < count && ids[order[n]] == ids[i]; ++n) later = later || included(order[n]);
    if (!included(i) || later) continue;
    if (!first) out += ',';
    first = false;
    appendJsonString(out, ids[i]);
    out += ':';
    if (fit) {
      out += state.fitMatched[i] ? "true" : "false";
    } else {
      const RuleState& r = state.rules[i];
      put(out, "[%i,%i,%i,%i,%i,%n,%n]",
          {&r.awards, &r.session, &r.sessionAwards, &r.day, &r.dayAwards, &r.sum, &r.ref});
    }
  }
  out += '}';
}

void putTouch(std::string& out, const std::optional<Touch>& touch) {
  if (!touch) {
    out += "null";
    return;
  }
  put(out, "[%s,%s,%o,%o,%o,%n]",
      {&touch->source, &touch->medium, &touch->campaign, &touch->referrer, &touch->landingPage, &touch->ts});
}

void putJourney(std::string& out, const Journey& j) {
  put(out, "{\"campaign\":%o,\"events\":[", {&j.sessionCampaign});
  for (size_t i = 0; i < j.recent.size(); ++i) {
    const RecentEvent& e = recentEvent(j, i);
    put(out, i ? ",[%s,%n,%o,%o]" : "[%s,%n,%o,%o]", {&e.type, &e.ts, &e.path, &e.title});
  }
  out += "],\"first\":";
  putTouch(out, j.firstTouch);
  out += ",\"last\":";
  putTouch(out, j.lastTouch);
  put(out, ",\"latest\":%T,\"pageViews\":%i,\"phases\":[", {&j.latestTs, &j.pageViews});
  for (size_t i = 0; i < j.phases.size(); ++i)
    put(out, i ? ",[%s,%n]" : "[%s,%n]", {&j.phases[i].name, &j.phases[i].at});
  put(out, "],\"sessionPage\":%b,\"sessions\":%i}", {&j.sessionHasPageView, &j.sessions});
}

}  // namespace

std::string Engine::save() const {
  const State& state = *state_;
  const Model& model = *model_;
  std::string text = "{\"fit\":";
  putRules(text, model, state, /*fit=*/true);
  text += ",\"journey\":";
  putJourney(text, state.journey);
  put(text, ",\"last\":%T,\"rules\":", {&state.lastEventTs});
  putRules(text, model, state, /*fit=*/false);
  put(text, ",\"stage\":%g,\"transitions\":[", {&state.stage});
  for (size_t i = 0; i < state.transitions.size(); ++i) {
    const Transition& t = state.transitions[i];
    put(text, i ? ",[%g,%g,%n]" : "[%g,%g,%n]", {&t.from, &t.to, &t.at});
  }
  text += "]}";
  return std::string(kSavedStatePrefix) + savedStateChecksum(text) + "." + text;
}

}  // namespace mqlite
