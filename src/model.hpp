// The scoring model (SPEC §2): loading and validation. A model that loads has been fully checked,
// so the engine can trust it.
#pragma once
#include <cstdint>
#include <cstddef>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "match.hpp"

namespace mqlite {

enum class LimitPer { Session, Day, Lifetime };

struct Limit {
  int64_t count = 0;  // ≥ 1
  LimitPer per = LimitPer::Lifetime;
};

struct EngagementRule {
  std::string id;
  std::string event;  // event type it scores; never "stage"
  Match match;
  double points = 0;
  std::optional<Limit> limit;
  std::optional<double> halfLifeDays;  // > 0; overrides the model's decay
};

struct FitRule {
  std::string id;
  std::string field;  // a trait name, or "email_domain"
  Condition match;
  double points = 0;
};

struct Grade {
  std::string grade;
  std::optional<double> minFit;  // absent: always matches
};

struct Phase {
  std::string name;
  Match match;  // tested against page_view events
};

struct Model {
  int version = 1;
  double sessionTimeoutMinutes = 30;

  std::vector<EngagementRule> engagementRules;
  std::optional<double> decayHalfLifeDays;
  double engagementMin = 0;
  std::optional<double> engagementMax;

  std::vector<FitRule> fitRules;
  std::optional<double> fitMin, fitMax;

  std::vector<Grade> grades;

  std::optional<double> engagedEngagement;  // lifecycle.engaged.engagement
  std::optional<double> mqlEngagement;      // lifecycle.mql.engagement
  std::optional<double> mqlFit;             // lifecycle.mql.fit

  std::vector<Phase> phases;

  // Last: its constructor is a call, after which the compiler can no longer tell that the
  // other members' zero stores repeat what the zeroing before value-initialisation wrote.
  std::string id;
};

// One problem found in a model: where (a JSON pointer, "/" for the document itself) and what.
struct Problem {
  std::string pointer;
  std::string message;
  std::string str() const { return pointer + ": " + message; }
};

// A loaded model, shared read-only by the engines that score with it: a small reference-counted
// handle (not std::shared_ptr, whose control block pulls libc++abi's RTTI code into the wasm).
// Copies share one model; the last one frees it. Not thread-safe: share a model within a thread.
class ModelPtr {
 public:
  ModelPtr() = default;
  ModelPtr(std::nullptr_t) {}
  ModelPtr(const ModelPtr& other) : shared_(other.shared_) { if (shared_) ++shared_->refs; }
  ModelPtr(ModelPtr&& other) noexcept : shared_(other.shared_) { other.shared_ = nullptr; }
  ModelPtr& operator=(ModelPtr other) noexcept {
    std::swap(shared_, other.shared_);
    return *this;
  }
  ~ModelPtr() { if (shared_ && --shared_->refs == 0) release(); }

  // A handle to its own copy of `model`.
  static ModelPtr make(Model model);
  // A handle to a new default model, which `fill` points to: to be filled in before it is shared.
  static ModelPtr makeDefault(Model*& fill);

  const Model* get() const { return shared_ ? &shared_->model : nullptr; }
  const Model& operator*() const { return shared_->model; }
  const Model* operator->() const { return &shared_->model; }
  explicit operator bool() const { return shared_ != nullptr; }
  friend bool operator==(const ModelPtr& a, const ModelPtr& b) { return a.shared_ == b.shared_; }
  friend bool operator!=(const ModelPtr& a, const ModelPtr& b) { return a.shared_ != b.shared_; }

 private:
  struct Shared {
    Model model;
    size_t refs = 1;
  };
  void release();  // frees the model (the last handle went)
  Shared* shared_ = nullptr;
};

// Either a model (problems empty) or every problem found (model null).
struct ModelResult {
  ModelPtr model;
  std::vector<Problem> problems;
};

// Largest model text accepted, in bytes.
inline constexpr size_t kMaxModelBytes = 1 << 20;

ModelResult loadModel(std::string_view text);
ModelResult loadModel(const json& document);
// Text overloads: without them a std::string or a literal is ambiguous (json converts from both).
inline ModelResult loadModel(const std::string& text) { return loadModel(std::string_view(text)); }
inline ModelResult loadModel(const char* text) { return loadModel(std::string_view(text)); }

}  // namespace mqlite
