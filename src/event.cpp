#include "event.hpp"

#include <cmath>

#include "stage.hpp"

namespace mqlite {

namespace {

constexpr const char* kTsMessage =
    "\"ts\" must be a number of milliseconds since the Unix epoch (0 … 253402300799999)";

const char* allStageNames() {
  return "Anonymous, Known, Engaged, MQL, SAL, SQL, Opportunity, Customer, Lost, Recycled, Disqualified";
}

// An optional string field: absent or null → nullopt; anything but a string is an error.
bool readOptionalString(const json& j, const char* key, std::optional<std::string>* out, std::string* error) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *error = "\"" + std::string(key) + "\" must be a string";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

bool readOptionalObject(const json& j, const char* key, json* out, std::string* error) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_object()) {
    *error = "\"" + std::string(key) + "\" must be an object";
    return false;
  }
  *out = *it;
  return true;
}

bool readType(const json& j, Event* e, std::string* error) {
  const auto it = j.find("type");
  if (it == j.end()) {
    *error = "\"type\" is required: the event's name, e.g. \"page_view\"";
    return false;
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    *error = "\"type\" must be a non-empty string, e.g. \"page_view\"";
    return false;
  }
  e->type = it->get<std::string>();
  return true;
}

bool readTs(const json& j, Event* e, std::string* error) {
  const auto it = j.find("ts");
  if (it == j.end()) {
    *error = "\"ts\" is required: milliseconds since the Unix epoch (0 … 253402300799999)";
    return false;
  }
  const double ts = it->is_number() ? it->get<double>() : -1;
  if (!it->is_number() || !std::isfinite(ts) || ts < 0 || ts > kMaxTimestamp) {
    *error = kTsMessage;
    return false;
  }
  e->ts = ts;
  return true;
}

// A `stage` event names a stage in `to`; the name is stored in its canonical spelling.
bool readStageTarget(Event* e, std::string* error) {
  const std::optional<Stage> stage = e->to ? parseStage(*e->to) : std::nullopt;
  if (!stage) {
    *error = std::string("a \"stage\" event needs \"to\" naming a stage: one of ") + allStageNames();
    return false;
  }
  e->to = stageName(*stage);
  return true;
}

}  // namespace

std::optional<Event> eventFromJson(const json& j, std::string* error) {
  std::string scratch;
  if (!error) error = &scratch;
  if (!j.is_object()) {
    *error = "an event must be a JSON object";
    return std::nullopt;
  }
  Event e;
  if (!readType(j, &e, error) || !readTs(j, &e, error) || !readOptionalString(j, "url", &e.url, error) ||
      !readOptionalString(j, "title", &e.title, error) ||
      !readOptionalString(j, "referrer", &e.referrer, error) ||
      !readOptionalString(j, "to", &e.to, error) || !readOptionalObject(j, "props", &e.props, error) ||
      !readOptionalObject(j, "traits", &e.traits, error))
    return std::nullopt;
  if (e.type == "stage" && !readStageTarget(&e, error)) return std::nullopt;
  return e;
}

std::optional<Event> parseEvent(std::string_view text, std::string* error) {
  std::string parseError;
  const json j = parseJson(text, &parseError);
  if (j.is_discarded()) {
    if (error) *error = parseError.rfind("not valid JSON", 0) == 0 ? parseError : "not valid JSON: " + parseError;
    return std::nullopt;
  }
  return eventFromJson(j, error);
}

}  // namespace mqlite
