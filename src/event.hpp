// Events (SPEC §1): what a visitor does, plus `stage` events set by sales or a CRM.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "json.hpp"

namespace mqlite {

// Latest accepted timestamp: 9999-12-31T23:59:59.999Z. Earlier than 0 is refused too.
inline constexpr double kMaxTimestamp = 253402300799999.0;

struct Event {
  std::string type;
  double ts = 0;  // ms since the Unix epoch
  std::optional<std::string> url, title, referrer, to;
  json props = json::object();   // always an object
  json traits = json::object();  // always an object
};

// Builds an Event from JSON. Unknown keys are ignored (forward compatible); wrong types, a missing
// or empty `type`, a missing or out-of-range `ts`, a `stage` event without a valid `to` are refused
// with a message saying which field and what to do. Never throws.
std::optional<Event> eventFromJson(const json& j, std::string* error);
// The same, moving strings and objects out of `j` instead of copying them.
std::optional<Event> eventFromJson(json&& j, std::string* error);

// Parses one line of text (a JSON object) into an Event; error as above, or "not valid JSON: …".
std::optional<Event> parseEvent(std::string_view text, std::string* error);

}  // namespace mqlite
