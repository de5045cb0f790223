#include "json.hpp"

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

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." → the tail.
// Other failures (out_of_range.406 "number overflow parsing '1e999'") carry no place: add the byte.
std::string describeParseError(const std::string& what, std::size_t position) {
  auto pos = what.find("parse error");
  if (pos != std::string::npos) return "not valid JSON: " + what.substr(pos);
  auto tag = what.find("] ");
  if (tag == std::string::npos) return "not valid JSON";
  return "not valid JSON: " + what.substr(tag + 2) + " (byte " + std::to_string(position) + ")";
}

}  // namespace

json parseJson(std::string_view text, std::string* error) {
  if (nestingDepth(text) > kMaxJsonDepth) {
    if (error) *error = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return json(json::value_t::discarded);
  }
  json result = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (result.is_discarded() && error) {
    // Re-run with a SAX handler that records where the syntax error is.
    struct Locator : nlohmann::json_sax<json> {
      std::string message;
      std::size_t at = 0;
      bool null() override { return true; }
      bool boolean(bool) override { return true; }
      bool number_integer(number_integer_t) override { return true; }
      bool number_unsigned(number_unsigned_t) override { return true; }
      bool number_float(number_float_t, const string_t&) override { return true; }
      bool string(string_t&) override { return true; }
      bool binary(binary_t&) override { return true; }
      bool start_object(std::size_t) override { return true; }
      bool key(string_t&) override { return true; }
      bool end_object() override { return true; }
      bool start_array(std::size_t) override { return true; }
      bool end_array() override { return true; }
      bool parse_error(std::size_t position, const std::string&,
                       const nlohmann::detail::exception& ex) override {
        message = ex.what();
        at = position;
        return false;
      }
    } locator;
    json::sax_parse(text.begin(), text.end(), &locator, nlohmann::detail::input_format_t::json,
                    /*strict=*/true);
    *error = describeParseError(locator.message, locator.at);
  }
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
