// The one Embind file: free functions over mqlite::Engine ids with JSON-string answers (called by
// js/src/core-engine.js), plus model validation. Strings in, strings out keeps the boundary tiny
// (no emscripten::val marshalling) and lets the JS side parse once. The core reports problems as
// status values and never throws on valid or hostile input. Every body is still wrapped: built
// with -fwasm-exceptions, anything unexpected (bad_alloc, a library throw) is caught here and
// returned as {"error": …}; built with -fno-exceptions (the default, 14.5 KB gz smaller) such a
// throw aborts with its message (web/wasm.cmake) and js/src/errors.js turns the RuntimeError into
// an MqliteError.
#include <emscripten/bind.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"
#include "json.hpp"  // appendJsonString, appendJsonNumber
#include "terse.hpp"
#include "model.hpp"
#include "stage.hpp"

namespace {

// Run once per page (model loading, restore, validation): built for size, not inlined into the hot
// path's callers.
#define MQLITE_COLD __attribute__((minsize, noinline))

// `prefix`, the message as a JSON string (quoted as dump() quotes it), then `suffix`: the error
// answers, written directly rather than through a document.
std::string withJsonString(const char* prefix, const std::string& message, const char* suffix) {
  std::string out = prefix;
  mqlite::appendJsonString(out, message);
  out += suffix;
  return out;
}

// {"error": message}, as Json::dump() writes it.
std::string errorJson(const std::string& message) { return withJsonString("{\"error\":", message, "}"); }

// {message, pointer} (keys sorted, as dump() writes them), appended to `out`. A terse build's
// problems have no words: each is the same text. Views: a literal passed makes no string.
void appendProblem(std::string& out, std::string_view pointer, std::string_view message) {
  if (mqlite::kTerse) {
    out += "{\"message\":\"\",\"pointer\":\"\"}";
    return;
  }
  out += "{\"message\":";
  mqlite::appendJsonString(out, message);
  out += ",\"pointer\":";
  mqlite::appendJsonString(out, pointer);
  out += '}';
}

// [{message, pointer}, …], written directly (no document is built).
std::string problemsJson(const std::vector<mqlite::Problem>& problems) {
  std::string out = "[";
  for (const auto& p : problems) {
    if (out.size() > 1) out += ',';
    appendProblem(out, p.pointer, p.message);
  }
  out += ']';
  return out;
}

// [{message, pointer}]: the one problem of a model that could not be loaded.
std::string oneProblemJson(std::string_view message) {
  std::string out = "[";
  appendProblem(out, "/", message);
  out += ']';
  return out;
}

// The answer to a refused event: {entered: [], error, ok: false}.
std::string refusedJson(const std::string& error) {
  return withJsonString("{\"entered\":[],\"error\":", error, ",\"ok\":false}");  // keys sorted, as dump()
}

// What the JS wrapper never asks for (js/src/core-engine.js closes an engine whose model did not
// load, and calls no closed one): worded in the full build only.
#define MQLITE_UNASKED(message) (mqlite::kTerse ? mqlite::kTerseReason : message)

// Runs `body`; an escaped exception becomes onError(": <what()>"), or onError("") when not a
// std::exception. Without exception support it only runs `body` (see the file comment).
template <typename Body, typename OnError>
auto guardedOr(Body&& body, OnError&& onError) -> decltype(body()) {
#if defined(__cpp_exceptions)
  try {
    return body();
  } catch (const std::exception& e) {
    return onError(std::string(": ") + e.what());
  } catch (...) {
    return onError(std::string());
  }
#else
  (void)onError;
  return body();
#endif
}

// Runs `body`, turning any escaped exception into an error JSON string.
template <typename Body>
std::string guarded(const char* what, Body&& body) {
  return guardedOr(body, [&](const std::string& detail) {
    return errorJson(std::string(what) + ": internal error" + detail);
  });
}

// One open engine (engineOpen below). Constructed from model text; when the model is invalid it
// holds no engine and problems() lists why, so engineOpen always answers an id.
class CoreEngine {
 public:
  explicit CoreEngine(const std::string& modelText) {
    guardedOr([&] { load(modelText); }, [&](const std::string& detail) {
      problems_ = oneProblemJson("internal error" + detail);
      engine_.reset();
    });
  }

  // "[]" when the model loaded, else [{pointer, message}, …].
  std::string problems() const {
    return guarded("problems", [&] { return problems_; });
  }

  // {entered: [{at, from, to}], error?, ok} — a refused event changes nothing.
  std::string ingest(const std::string& eventText) {
    return guarded("ingest", [&] {
      if (!engine_) return errorJson(MQLITE_UNASKED("ingest: no engine (the model did not load)"));
      auto result = engine_->ingestJson(eventText);
      if (!result.ok) return refusedJson(result.error);
      // Accepted (every event of a normal page): the answer written directly, as dump() writes it
      // (keys sorted; stage names need no escaping).
      std::string out = "{\"entered\":";
      mqlite::appendTransitionsJson(out, result.entered);
      out += ",\"ok\":true}";
      return out;
    });
  }

  // The replay object of SPEC §5 (without errors). `now` NaN: at the last event's ts.
  std::string report(double now, bool withEvents) const {
    return guarded("report", [&] {
      if (!engine_) return errorJson(MQLITE_UNASKED("report: no engine (the model did not load)"));
      std::optional<double> at;
      if (std::isfinite(now)) at = now;
      return engine_->reportText(at, withEvents);
    });
  }

  std::string stage() const {
    return engine_ ? std::string(mqlite::stageName(engine_->stage())) : std::string();
  }

  // The saved-state blob (no traits, nothing personal), or "" without an engine.
  std::string save() const {
    return guardedOr([&] { return engine_ ? engine_->save() : std::string(); },
                     [](const std::string&) { return std::string(); });
  }

  // Replaces the state with `blob`. Returns "" on success, else why it was refused (state kept).
  std::string restore(const std::string& blob) {
    return guardedOr([&] { return restoreOrWhy(blob); }, [](const std::string& detail) {
      return "restore: internal error" + detail;
    });
  }

  // Back to a fresh Anonymous person under the same model.
  void reset() {
    if (model_) engine_.emplace(model_);
  }

 private:
  MQLITE_COLD void load(const std::string& modelText) {
    auto loaded = mqlite::loadModel(std::string_view(modelText));
    problems_ = problemsJson(loaded.problems);
    if (loaded.model) {
      model_ = loaded.model;
      engine_.emplace(model_);
    } else if (loaded.problems.empty()) {
      problems_ = oneProblemJson(mqlite::kTerse ? "" : "model could not be loaded");
    }
  }

  MQLITE_COLD std::string restoreOrWhy(const std::string& blob) {
    if (!engine_) return MQLITE_UNASKED("restore: no engine (the model did not load)");
    std::string error;
    auto restored = mqlite::Engine::restore(model_, blob, &error);
    if (!restored) {
      if (!mqlite::kTerse && error.empty()) error = "restore: refused";  // terse: always kTerseReason
      return error;  // moved out: no conditional copy
    }
    engine_.emplace(std::move(*restored));  // engine_ is set (checked above): no assign-or-construct
    return std::string();
  }

  mqlite::ModelPtr model_;
  std::optional<mqlite::Engine> engine_;
  std::string problems_;  // JSON text: always set by the constructor (load or its error)
};

// [] when the model is valid, else [{pointer, message}, …] (the `mqlite validate` problems).
MQLITE_COLD std::string validateModel(const std::string& modelText) {
  return guarded("validateModel", [&] { return problemsJson(mqlite::loadModel(std::string_view(modelText)).problems); });
}

std::string coreVersion() { return MQLITE_VERSION; }

// Whether refusals come without their reasons (src/terse.hpp): JS then asks the full core.
bool coreTerse() { return mqlite::kTerse; }

// The engines JS holds, by id. Free functions over ids instead of an Embind class_: the class
// machinery (handles, smart pointers, finalizers) was glue and wasm nobody needed;
// js/src/core-engine.js calls these functions with the id engineOpen returned.
// A page holds one or a few: a short linked list, searched in order (no std::map, nor vector
// growth code, in the wasm). Ids are never reused, so a deleted engine's id finds nothing.
struct OpenEngine {
  uint32_t id;
  std::unique_ptr<CoreEngine> engine;
  OpenEngine* next;  // owned: engineClose unlinks and deletes
};

OpenEngine*& firstEngine() {
  static OpenEngine* first = nullptr;
  return first;
}

CoreEngine* engineById(uint32_t id) {
  for (OpenEngine* open = firstEngine(); open; open = open->next)
    if (open->id == id) return open->engine.get();
  return nullptr;
}

// "<method>: no such engine (it was deleted)": made in one place, not at each method (unasked, as
// MQLITE_UNASKED: a terse build says kTerseReason).
MQLITE_COLD std::string noSuchEngine(const char* method) {
  std::string message = MQLITE_UNASKED(method);
  if (!mqlite::kTerse) message += ": no such engine (it was deleted)";
  return message;
}

MQLITE_COLD uint32_t engineOpen(const std::string& modelText) {
  static uint32_t lastId = 0;
  firstEngine() = new OpenEngine{++lastId, std::make_unique<CoreEngine>(modelText), firstEngine()};
  return lastId;
}

void engineClose(uint32_t id) {
  for (OpenEngine** link = &firstEngine(); *link; link = &(*link)->next)
    if ((*link)->id == id) {
      OpenEngine* closed = *link;
      *link = closed->next;
      delete closed;
      return;
    }
}

std::string engineProblems(uint32_t id) {
  auto* engine = engineById(id);
  return engine ? engine->problems() : errorJson(noSuchEngine("problems"));
}

std::string engineIngest(uint32_t id, const std::string& eventText) {
  auto* engine = engineById(id);
  return engine ? engine->ingest(eventText) : errorJson(noSuchEngine("ingest"));
}

std::string engineReport(uint32_t id, double now, bool withEvents) {
  auto* engine = engineById(id);
  return engine ? engine->report(now, withEvents) : errorJson(noSuchEngine("report"));
}

std::string engineStage(uint32_t id) {
  auto* engine = engineById(id);
  return engine ? engine->stage() : std::string();
}

std::string engineSave(uint32_t id) {
  auto* engine = engineById(id);
  return engine ? engine->save() : std::string();
}

MQLITE_COLD std::string engineRestore(uint32_t id, const std::string& blob) {
  auto* engine = engineById(id);
  return engine ? engine->restore(blob) : noSuchEngine("restore");
}

void engineReset(uint32_t id) {
  if (auto* engine = engineById(id)) engine->reset();
}

// What emscripten::function passes to Embind, for each binding: a table of constants (folded into
// the data section) and one registration loop, not a register call per binding at start-up.
struct FunctionBinding {
  const char* name;
  unsigned argCount;
  const void* argTypes;  // Embind: TYPEIDs; web/embind-lite.js: one kind letter per type
  const char* signature;
  emscripten::internal::GenericFunction invoker;
  emscripten::internal::GenericFunction function;
};

#ifdef MQLITE_EMBIND_LITE
// The letter web/embind-lite.js converts a type by, in place of Embind's registered type ids (so
// no type is registered at start-up). Any other type does not compile.
template <typename T> struct KindOf;
template <> struct KindOf<void> { static constexpr char letter = 'v'; };
template <> struct KindOf<bool> { static constexpr char letter = 'b'; };
template <> struct KindOf<unsigned int> { static constexpr char letter = 'u'; };
template <> struct KindOf<double> { static constexpr char letter = 'd'; };
template <> struct KindOf<std::string> { static constexpr char letter = 's'; };
template <> struct KindOf<const std::string&> { static constexpr char letter = 's'; };

template <typename... Types>
struct KindLetters {
  static constexpr char letters[] = {KindOf<Types>::letter..., 0};
};
#endif

template <typename Return, typename... Args>
FunctionBinding bindingOf(const char* name, Return (*function)(Args...)) {
  using namespace emscripten::internal;
  auto invoker = &Invoker<Return, Args...>::invoke;
#ifdef MQLITE_EMBIND_LITE
  // web/embind-lite.js calls through the table, by no signature.
  return {name, 1 + sizeof...(Args), KindLetters<Return, Args...>::letters, nullptr,
#else
  typename WithPolicies<>::template ArgTypeList<Return, Args...> args;
  return {name, args.getCount(), args.getTypes(), getSignature(invoker),
#endif
          reinterpret_cast<GenericFunction>(invoker), reinterpret_cast<GenericFunction>(function)};
}

const FunctionBinding kBindings[] = {
    bindingOf("engineOpen", &engineOpen),
    bindingOf("engineClose", &engineClose),
    bindingOf("engineProblems", &engineProblems),
    bindingOf("engineIngest", &engineIngest),
    bindingOf("engineReport", &engineReport),
    bindingOf("engineStage", &engineStage),
    bindingOf("engineSave", &engineSave),
    bindingOf("engineRestore", &engineRestore),
    bindingOf("engineReset", &engineReset),
    bindingOf("validateModel", &validateModel),
    bindingOf("coreVersion", &coreVersion),
    bindingOf("coreTerse", &coreTerse),
};

}  // namespace

EMSCRIPTEN_BINDINGS(mqlite) {
  for (const FunctionBinding& binding : kBindings)
    emscripten::internal::_embind_register_function(
        binding.name, binding.argCount, static_cast<const emscripten::internal::TYPEID*>(binding.argTypes),
        binding.signature, binding.invoker, binding.function);
}
