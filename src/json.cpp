#include "json.hpp"
#include "json_error.hpp"

#include <cmath>
#include <cstdint>

namespace mqlite {

namespace {

// Nesting depth of JSON text, counting brackets outside strings. Checked before parsing so that
// hostile input cannot exhaust the stack of anything that walks the parsed value recursively.
int nestingDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool inString = false, escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

json parseJson(std::string_view text, std::string* error) {
  if (nestingDepth(text) > kMaxJsonDepth) {
    if (error) *error = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return json(json::value_t::discarded);
  }
  json result = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  // Only on failure: a second, SAX parse finds where and why (json_error.cpp, built for size).
  if (result.is_discarded() && error) *error = describeJsonError(text);
  return result;
}

json numberJson(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    if (value == 0) return 0;  // no "-0"
    return static_cast<int64_t>(value);
  }
  return value;
}

}  // namespace mqlite
