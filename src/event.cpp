#include "event.hpp"

#include <cmath>
#include <type_traits>

#include "stage.hpp"

namespace mqlite {

namespace {

constexpr const char* kTsMessage =
    "\"ts\" must be a number of milliseconds since the Unix epoch (0 … 253402300799999)";

constexpr const char* kStageTargetMessage =
    "a \"stage\" event needs \"to\" naming a stage: one of Anonymous, Known, Engaged, MQL, SAL, SQL, "
    "Opportunity, Customer, Lost, Recycled, Disqualified";

// The members an event is read from, found in one pass over the object.
enum Field { kType, kTs, kUrl, kTitle, kReferrer, kTo, kProps, kTraits, kFieldCount };

int fieldOf(const std::string& key) {
  static constexpr std::string_view kNames[kFieldCount] = {"type", "ts",    "url",   "title",
                                                           "referrer", "to", "props", "traits"};
  for (int field = 0; field < kFieldCount; ++field)  // sizes first: most names are not compared
    if (std::string_view(key) == kNames[field]) return field;
  return -1;
}

// Moves out of a mutable value, copies out of a const one.
std::string textOf(Json& j) { return j.take_string(); }
std::string textOf(const Json& j) { return j.get<std::string>(); }
void takeObject(Json& j, Json* out) { *out = std::move(j); }
void takeObject(const Json& j, Json* out) { *out = j; }

// `"key" must be <what>`, grown in place: shared by the field readers, kept out of their code.
void setWrongType(std::string* error, const char* key, const char* what) {
  *error = "\"";
  *error += key;
  *error += "\" must be ";
  *error += what;
}

// An optional field, a string (`out` a std::optional<std::string>) or an object (`out` a Json):
// absent or null leaves `out` as it is; any other type is an error. One reader for both kinds.
template <class J>
bool readOptional(J* j, const char* key, Json::Type type, void* out, std::string* error) {
  if (!j || j->is_null()) return true;
  if (j->type() != type) {
    setWrongType(error, key, type == Json::Type::String ? "a string" : "an object");
    return false;
  }
  if (type == Json::Type::String)
    static_cast<std::optional<std::string>*>(out)->emplace(textOf(*j));  // the event is fresh: emplaced
  else
    takeObject(*j, static_cast<Json*>(out));
  return true;
}

template <class J>
bool readType(J* j, Event* e, std::string* error) {
  if (!j) {
    *error = "\"type\" is required: the event's name, e.g. \"page_view\"";
    return false;
  }
  if (!j->is_string() || j->template get_ref<const std::string&>().empty()) {
    *error = "\"type\" must be a non-empty string, e.g. \"page_view\"";
    return false;
  }
  e->type = textOf(*j);
  return true;
}

bool readTs(const Json* j, Event* e, std::string* error) {
  if (!j) {
    *error = "\"ts\" is required: milliseconds since the Unix epoch (0 … 253402300799999)";
    return false;
  }
  const double ts = j->is_number() ? j->get<double>() : -1;
  if (!j->is_number() || !std::isfinite(ts) || ts < 0 || ts > kMaxTimestamp) {
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
    *error = kStageTargetMessage;
    return false;
  }
  *e->to = stageName(*stage);  // `to` holds a name: overwritten in place
  return true;
}

// J is Json (fields are moved out) or const Json (copied).
template <class J>
std::optional<Event> readEvent(J& j, std::string* error) {
  std::string scratch;
  if (!error) error = &scratch;
  // Every path returns `event` itself, so it is built in place: the Event is never moved.
  std::optional<Event> event;
  if (!j.is_object()) {
    *error = "an event must be a JSON object";
    return event;
  }
  J* fields[kFieldCount] = {};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (const int field = fieldOf(it.key()); field >= 0) fields[field] = &it.value();
  Event& e = event.emplace();
  // Checked in this order whatever the order in the text: the first problem is the one reported.
  if (!readType(fields[kType], &e, error) || !readTs(fields[kTs], &e, error) ||
      !readOptional(fields[kUrl], "url", Json::Type::String, &e.url, error) ||
      !readOptional(fields[kTitle], "title", Json::Type::String, &e.title, error) ||
      !readOptional(fields[kReferrer], "referrer", Json::Type::String, &e.referrer, error) ||
      !readOptional(fields[kTo], "to", Json::Type::String, &e.to, error) ||
      !readOptional(fields[kProps], "props", Json::Type::Object, &e.props, error) ||
      !readOptional(fields[kTraits], "traits", Json::Type::Object, &e.traits, error) ||
      (e.type == "stage" && !readStageTarget(&e, error)))
    event.reset();
  return event;
}

}  // namespace

std::optional<Event> eventFromJson(const json& j, std::string* error) { return readEvent(j, error); }

std::optional<Event> eventFromJson(json&& j, std::string* error) { return readEvent(j, error); }

std::optional<Event> parseEvent(std::string_view text, std::string* error) {
  std::string parseError;
  json j = parseJson(text, &parseError);
  if (j.is_discarded()) {
    if (error) *error = std::move(parseError);  // parseJson's message starts "not valid JSON"
    return std::nullopt;
  }
  return eventFromJson(std::move(j), error);
}

}  // namespace mqlite
