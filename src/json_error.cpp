// Why JSON text failed to parse, with the place: the cold half of parseJson (json.cpp), in its own
// file so that the wasm build can compile it for size (it runs only on invalid input).
#include "json_error.hpp"

namespace mqlite {

namespace {

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

std::string describeJsonError(std::string_view text) {
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
  return describeParseError(locator.message, locator.at);
}

}  // namespace mqlite
