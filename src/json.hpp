// The one JSON library of the core. Parsing of untrusted text always goes through parseJson(),
// which never throws and refuses nesting deeper than kMaxJsonDepth (hostile input).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mqlite {

using json = nlohmann::json;

inline constexpr int kMaxJsonDepth = 64;

// Parses `text`; on failure returns a discarded value and sets `error` (with line and column).
json parseJson(std::string_view text, std::string* error);

// A number as JSON: an integer when it is integral and exactly representable, else a double.
json numberJson(double value);

}  // namespace mqlite
