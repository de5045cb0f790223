// Internal: reads parts of a model document, recording every problem with its JSON pointer.
// Each read returns nullopt (after recording why) or the value; reading goes on after a problem
// so that one pass reports everything.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "match.hpp"
#include "model.hpp"

namespace mqlite::model_detail {

// Largest magnitude accepted for points, bounds and thresholds: keeps every sum finite.
inline constexpr double kMaxMagnitude = 1e9;

// `base` + "/" + key, with "~" and "/" escaped (RFC 6901). The root is "".
std::string childPointer(const std::string& base, std::string_view key);
std::string childPointer(const std::string& base, size_t index);


class Reader {
 public:
  std::vector<Problem> problems;

  void report(const std::string& pointer, std::string message);

  // Reports every key of `object` not in `allowed`.
  void checkKeys(const json& object, const std::string& pointer, std::initializer_list<const char*> allowed);

  // Type checks on the value at `pointer`; each reports "must be …" when wrong.
  bool expectObject(const json& value, const std::string& pointer);
  bool expectArray(const json& value, const std::string& pointer);

  // Members of an object. `required` reports a missing key; an absent optional key gives nullopt
  // without a problem.
  const json* member(const json& object, const char* key, const std::string& pointer, bool required);
  std::optional<std::string> nonEmptyString(const json& object, const char* key, const std::string& pointer,
                                            bool required);
  // A finite number within ±kMaxMagnitude.
  std::optional<double> number(const json& object, const char* key, const std::string& pointer, bool required);
  // A finite number > 0 (and ≤ kMaxMagnitude).
  std::optional<double> positiveNumber(const json& object, const char* key, const std::string& pointer,
                                       bool required);
  // An integer in 1 … kMaxMagnitude.
  std::optional<int64_t> positiveInteger(const json& object, const char* key, const std::string& pointer,
                                         bool required);

  // A match: object of event field → condition.
  std::optional<Match> match(const json& value, const std::string& pointer);
  // A condition: a glob string, a number or boolean, or an object of operators.
  std::optional<Condition> condition(const json& value, const std::string& pointer);

 private:
  std::optional<Term> term(const std::string& op, const json& arg, const std::string& pointer);
  std::optional<Value> scalar(const json& value, const std::string& pointer, const char* expected);
  std::optional<double> checkedNumber(const json& value, const std::string& pointer);
};

// Reports lifecycle thresholds that can never be met (model_reach.cpp). The "no positive rule" and
// "sum of fit points" checks only run when the rule lists had no problem (`…Complete`).
void checkReachable(Reader& r, const Model& m, bool engagementRulesComplete, bool fitRulesComplete);

}  // namespace mqlite::model_detail
