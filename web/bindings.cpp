// The one Embind file: a small class over mqlite::Engine with JSON-string methods, plus model
// validation. Strings in, strings out keeps the boundary tiny (no emscripten::val marshalling) and
// lets the JS side parse once. Every body is wrapped: the core reports problems as status values,
// and anything unexpected (bad_alloc, a library throw) is caught here (the module is built with
// -fwasm-exceptions) and returned as {"error": …}, so JS never sees a bare number or an abort.
#include <emscripten/bind.h>

#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "engine.hpp"
#include "json.hpp"
#include "model.hpp"
#include "stage.hpp"

namespace {

using mqlite::json;

// Invalid UTF-8 in a string (e.g. a title cut mid-character) must not make dump() throw.
std::string dumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string errorJson(const std::string& message) { return dumpJson(json{{"error", message}}); }

json problemsJson(const std::vector<mqlite::Problem>& problems) {
  json list = json::array();
  for (const auto& p : problems) list.push_back({{"pointer", p.pointer}, {"message", p.message}});
  return list;
}

json transitionJson(const mqlite::Transition& t) {
  return {{"from", mqlite::stageName(t.from)}, {"to", mqlite::stageName(t.to)},
          {"at", mqlite::numberJson(t.at)}};
}

// Runs `body`, turning any escaped exception into an error JSON string.
template <typename Body>
std::string guarded(const char* what, Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return errorJson(std::string(what) + ": internal error: " + e.what());
  } catch (...) {
    return errorJson(std::string(what) + ": internal error");
  }
}

// The class JS holds. Constructed from model text; when the model is invalid the object exists
// but holds no engine and problems() lists why (Embind constructors cannot return errors).
class CoreEngine {
 public:
  explicit CoreEngine(const std::string& modelText) {
    try {
      auto loaded = mqlite::loadModel(std::string_view(modelText));
      problems_ = problemsJson(loaded.problems);
      if (loaded.model) {
        model_ = loaded.model;
        engine_.emplace(model_);
      } else if (problems_.empty()) {
        problems_.push_back({{"pointer", "/"}, {"message", "model could not be loaded"}});
      }
    } catch (const std::exception& e) {
      problems_ = json::array({{{"pointer", "/"}, {"message", std::string("internal error: ") + e.what()}}});
      engine_.reset();
    }
  }

  // "[]" when the model loaded, else [{pointer, message}, …].
  std::string problems() const {
    return guarded("problems", [&] { return dumpJson(problems_); });
  }

  // {ok, error?, entered: [{from, to, at}]} — a refused event changes nothing.
  std::string ingest(const std::string& eventText) {
    return guarded("ingest", [&] {
      if (!engine_) return errorJson("ingest: no engine (the model did not load)");
      auto result = engine_->ingestJson(eventText);
      json entered = json::array();
      for (const auto& t : result.entered) entered.push_back(transitionJson(t));
      json out{{"ok", result.ok}, {"entered", std::move(entered)}};
      if (!result.ok) out["error"] = result.error;
      return dumpJson(out);
    });
  }

  // The replay object of SPEC §5 (without errors). `now` NaN: at the last event's ts.
  std::string report(double now, bool withEvents) const {
    return guarded("report", [&] {
      if (!engine_) return errorJson("report: no engine (the model did not load)");
      std::optional<double> at;
      if (std::isfinite(now)) at = now;
      return dumpJson(engine_->report(at, withEvents));
    });
  }

  std::string stage() const {
    return engine_ ? std::string(mqlite::stageName(engine_->stage())) : std::string();
  }

  // The saved-state blob (no traits, nothing personal), or "" without an engine.
  std::string save() const {
    try {
      return engine_ ? engine_->save() : std::string();
    } catch (...) {
      return std::string();
    }
  }

  // Replaces the state with `blob`. Returns "" on success, else why it was refused (state kept).
  std::string restore(const std::string& blob) {
    try {
      if (!engine_) return "restore: no engine (the model did not load)";
      std::string error;
      auto restored = mqlite::Engine::restore(model_, blob, &error);
      if (!restored) return error.empty() ? "restore: refused" : error;
      engine_ = std::move(restored);
      return std::string();
    } catch (const std::exception& e) {
      return std::string("restore: internal error: ") + e.what();
    }
  }

  // Back to a fresh Anonymous person under the same model.
  void reset() {
    if (model_) engine_.emplace(model_);
  }

 private:
  std::shared_ptr<const mqlite::Model> model_;
  std::optional<mqlite::Engine> engine_;
  json problems_ = json::array();
};

// [] when the model is valid, else [{pointer, message}, …] (the `mqlite validate` problems).
std::string validateModel(const std::string& modelText) {
  return guarded("validateModel", [&] { return dumpJson(problemsJson(mqlite::loadModel(std::string_view(modelText)).problems)); });
}

std::string coreVersion() { return MQLITE_VERSION; }

}  // namespace

EMSCRIPTEN_BINDINGS(mqlite) {
  emscripten::class_<CoreEngine>("CoreEngine")
      .constructor<std::string>()
      .function("problems", &CoreEngine::problems)
      .function("ingest", &CoreEngine::ingest)
      .function("report", &CoreEngine::report)
      .function("stage", &CoreEngine::stage)
      .function("save", &CoreEngine::save)
      .function("restore", &CoreEngine::restore)
      .function("reset", &CoreEngine::reset);
  emscripten::function("validateModel", &validateModel);
  emscripten::function("coreVersion", &coreVersion);
}
