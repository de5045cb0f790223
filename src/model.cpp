#include "model.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

#include "model_reader.hpp"
#include "sort.hpp"
#include "terse.hpp"

namespace mqlite {

namespace {

using model_detail::kMaxMagnitude;
using model_detail::makeSlots;
using model_detail::Ptr;
using model_detail::Reader;
using model_detail::Words;

// The model is read by one walker over schemas: each object's allowed keys (in the order its
// "unknown key" message lists them) and its fields (in the order they are checked, which is the
// order their problems are reported in), each written at an offset into the struct being filled.

// How a field is checked, and what is written at its offset when it is valid.
enum class Kind : unsigned char {
  Text,       // a non-empty string → std::string
  EventType,  // Text, never "stage"
  Number,     // finite, within ±kMaxMagnitude → double (or std::optional<double>: Field::optional);
              // a maximum (Field::min set) is then checked against its minimum
  Positive,   // > 0 and ≤ kMaxMagnitude → as Number
  Count,      // an integer in 1 … kMaxMagnitude → int64_t
  Unit,       // one of kLimitUnits → LimitPer
  Version,    // must be 1; nothing written
  Match,      // → Match
  Condition,  // → Condition
  Object,     // an object read with Field::schema into the same struct (at the offset)
  List,       // an array of entries read with Field::list → std::vector
  Limit,      // an object read with Field::schema into a std::optional<Limit>, engaged first (it is
              // complete when count and per are both valid, and otherwise the model is discarded)
};

struct Schema;
struct ListSchema;

// A section whose problems are tracked (Reader::sectionsWithProblems): the bit of its key.
struct Section {
  unsigned key;
};

struct Field {
  constexpr Field(unsigned keyIndex, Kind how, bool isRequired, size_t at, bool isOptional = false)
      : key(keyIndex), kind(how), required(isRequired), optional(isOptional), section(false), offset(at),
        min(nullptr) {}
  // An optional maximum: a number that the field `minimum` (read before it, "min") must not exceed.
  constexpr Field(unsigned keyIndex, const Field& minimum, size_t at)
      : key(keyIndex), kind(Kind::Number), required(false), optional(true), section(false), offset(at),
        min(&minimum) {}
  constexpr Field(unsigned keyIndex, const Schema& nested, size_t at = 0, Kind how = Kind::Object)
      : key(keyIndex), kind(how), required(false), optional(false), section(false), offset(at),
        schema(&nested) {}
  constexpr Field(Section tracked, const Schema& nested)
      : key(tracked.key), kind(Kind::Object), required(false), optional(false), section(true), offset(0),
        schema(&nested) {}
  constexpr Field(unsigned keyIndex, const ListSchema& entries, size_t at)
      : key(keyIndex), kind(Kind::List), required(false), optional(false), section(false), offset(at),
        list(&entries) {}

  // Packed in one word beside the pointer: the tables are most of the data this file adds.
  unsigned key : 4;  // index into the schema's keys
  Kind kind : 4;
  bool required : 1;  // absent: "required"
  bool optional : 1;  // a number is written as std::optional<double>
  bool section : 1;   // a problem at or under it sets bit `key` of Reader::sectionsWithProblems
  unsigned offset : 21;
  union {
    const Field* min;  // Number
    const Schema* schema;
    const ListSchema* list;
  };
};

static_assert(sizeof(Field) == 2 * sizeof(void*));

struct Schema {
  Words keys;
  const Field* fields;
  size_t count;
};

constexpr size_t kNone = static_cast<size_t>(-1);  // no entry

// What the grades read so far take (see checkGradeOrder): an entry without minFit, and the lowest
// minFit (they are finite) with its entry.
struct GradesSoFar {
  size_t catchAll = kNone;
  double lowest = std::numeric_limits<double>::infinity();
  size_t lowestAt = kNone;
};

// The entries of a list, each read with `entry` into a std::vector's slot (made up front by
// `makeSlots`, `stride` bytes apart); `grades`: each object entry is then checked against those before
// it (checkGradeOrder, a flag rather than a callback: grades are the only such list). When `idKey` is
// set, their first field, a string at offset 0 (a rule's id, a phase's name) under that key, must be
// unique: `duplicate` is the message, its '%'s the id and where it was first used.
struct ListSchema {
  const Schema* entry;
  char* (*makeSlots)(void* vector, size_t count);
  size_t stride;
  const char* idKey;
  const char* duplicate;
  bool grades;
};
void checkGradeOrder(Reader& r, const json& entry, const Ptr& gradesAt, size_t index, const void* slot,
                     GradesSoFar& soFar);

template <class Entry>
char* slotsIn(void* vector, size_t count) {
  return reinterpret_cast<char*>(makeSlots(*static_cast<std::vector<Entry>*>(vector), count));
}

template <class T>
T& at(void* base, size_t offset) {
  return *reinterpret_cast<T*>(static_cast<char*>(base) + offset);
}

constexpr Words kLimitUnits = "session, day, lifetime";  // in LimitPer order

bool readObject(Reader& r, const json& object, const Ptr& at, const Schema& schema, void* base);
void readList(Reader& r, const json& list, const Ptr& at, const ListSchema& schema, void* vector);

// A maximum was read (`max`, valid): its minimum, when it has one, must not be above it.
void checkMinNotAbove(Reader& r, const Ptr& parent, const Field& minField, double max, void* base) {
  const std::optional<double> min =
      minField.optional ? at<std::optional<double>>(base, minField.offset) : at<double>(base, minField.offset);
  if (min && *min > max) r.report(Ptr(parent, "min"), "must be ≤ max (%)", {max});
}

void readField(Reader& r, const json& object, const Ptr& parent, std::string_view key, const Field& field,
               void* base) {
  const Ptr fieldAt(parent, key);
  const json* const found = object.member(key);
  if (!found) {
    if (field.required) r.report(fieldAt, "required");
    return;
  }
  const json& value = *found;
  const size_t problemsBefore = r.count();
  const std::string& text = value.get_ref<const std::string&>();  // "" for a non-string
  const double number = value.is_number() ? value.get<double>() : 0;
  const char* problem = nullptr;
  switch (field.kind) {
    case Kind::Text:
    case Kind::EventType:
      if (text.empty()) {
        problem = "must be a non-empty string";
        break;
      }
      at<std::string>(base, field.offset).assign(text.data(), text.size());  // not `=`: string copy-assignment is linked for no one
      if (field.kind == Kind::EventType && text == "stage")
        problem = "\"stage\" events are never scored; score a visitor event (page_view, click, form_submit, …)";
      break;
    case Kind::Number:
    case Kind::Positive:
      if (!r.checkedNumber(value, fieldAt)) break;
      if (field.kind == Kind::Number && std::fabs(number) > kMaxMagnitude)
        problem = "must be between -1000000000 and 1000000000";
      else if (field.kind == Kind::Positive && number <= 0) problem = "must be a number > 0";
      else if (number > kMaxMagnitude) problem = "must be at most 1000000000";
      else if (field.optional) at<std::optional<double>>(base, field.offset) = number;
      else at<double>(base, field.offset) = number;
      if (!problem && field.min) checkMinNotAbove(r, parent, *field.min, number, base);
      break;
    case Kind::Count:
      if (!(number >= 1 && number <= kMaxMagnitude && number == std::floor(number)))
        problem = "must be a positive integer (1 … 1000000000)";
      else at<int64_t>(base, field.offset) = static_cast<int64_t>(number);
      break;
    case Kind::Unit: {
      const size_t unit = kLimitUnits.find(text);
      if (unit == Words::npos) problem = "must be one of session, day, lifetime";
      else at<LimitPer>(base, field.offset) = static_cast<LimitPer>(unit);
      break;
    }
    case Kind::Version:
      if (number != 1) problem = "must be 1";
      break;
    case Kind::Match:
      r.match(value, fieldAt, at<Match>(base, field.offset));
      break;
    case Kind::Condition:
      r.condition(value, fieldAt, at<Condition>(base, field.offset));
      break;
    case Kind::Object:
      readObject(r, value, fieldAt, *field.schema, &at<char>(base, field.offset));
      break;
    case Kind::List:
      readList(r, value, fieldAt, *field.list, &at<char>(base, field.offset));
      break;
    case Kind::Limit:
      readObject(r, value, fieldAt, *field.schema, &at<std::optional<Limit>>(base, field.offset).emplace());
      break;
  }
  if (problem) r.report(fieldAt, problem);
  if (field.section && r.count() != problemsBefore) r.sectionsWithProblems |= 1u << field.key;
}

// Reads `object` (at `at`) with `schema` into `base`; false when it is not an object.
bool readObject(Reader& r, const json& object, const Ptr& at, const Schema& schema, void* base) {
  if (!r.expectObject(object, at)) return false;
  r.checkKeys(object, at, schema.keys);
  for (size_t i = 0; i < schema.count; ++i)
    readField(r, object, at, schema.keys.word(schema.fields[i].key), schema.fields[i], base);
  return true;
}

// The ids of a list's entries, by index: empty for an entry without one (an id is never empty).
using Ids = std::vector<std::string_view>;

// Reports ids used more than once in one list (`list`/INDEX/`key`): `duplicate` is the message, its
// '%'s the id and where it was first used.
void checkUniqueIds(Reader& r, const Ids& ids, const Ptr& list, std::string_view key, const char* duplicate) {
  const size_t n = ids.size();
  // Equal ids sort together in list order: each one's first use leads its run, found by bisection.
  const std::vector<size_t> order = stableOrder(ids);
  if (kTerse) {  // no first use to name: one problem per id equal to the one before it in order
    for (size_t k = 1; k < n; ++k)
      if (!ids[order[k]].empty() && ids[order[k]] == ids[order[k - 1]]) r.report(list, duplicate);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    if (ids[i].empty()) continue;
    size_t low = 0, high = n;  // the run of ids[i] starts in [low, high)
    while (low < high) {
      const size_t middle = (low + high) / 2;
      if (ids[order[middle]] < ids[i]) low = middle + 1;
      else high = middle;
    }
    const size_t first = order[low];
    if (first == i) continue;
    const Ptr item(list, i), firstItem(list, first);
    r.report(Ptr(item, key), duplicate, {ids[i], Ptr(firstItem, key)});
  }
}

// Reads each entry of the array `list` into its slot in `vector`, then checks the ids are unique.
//
// An entry with a problem may leave its slot incomplete: that is harmless, since a model with any
// problem is discarded whole (and checkReachable only looks at rule points when their section had
// no problem at all).
void readList(Reader& r, const json& list, const Ptr& at, const ListSchema& schema, void* vector) {
  if (!r.expectArray(list, at)) return;
  const size_t count = list.size();
  char* first = schema.makeSlots(vector, count);
  Ids ids(count);
  GradesSoFar soFar;
  for (size_t i = 0; i < count; ++i) {
    char* entry = first + i * schema.stride;
    if (readObject(r, list[i], Ptr(at, i), *schema.entry, entry) && schema.grades)
      checkGradeOrder(r, list[i], at, i, entry, soFar);
    ids[i] = *reinterpret_cast<const std::string*>(entry);
  }
  if (schema.idKey) checkUniqueIds(r, ids, at, schema.idKey, schema.duplicate);
}

constexpr const char* kDuplicateRuleId = fullOnly("duplicate rule id \"%\" (first at %)");


// Engagement rules.

constexpr Words kLimitKeys = "count, per";
constexpr Field kLimitFields[] = {{0, Kind::Count, true, offsetof(Limit, count)},
                                  {1, Kind::Unit, true, offsetof(Limit, per)}};
constexpr Schema kLimit = {kLimitKeys, kLimitFields, std::size(kLimitFields)};

constexpr Words kEngagementRuleKeys = "id, event, match, points, limit, halfLifeDays";
constexpr Field kEngagementRuleFields[] = {
    {0, Kind::Text, true, offsetof(EngagementRule, id)},
    {1, Kind::EventType, true, offsetof(EngagementRule, event)},
    {3, Kind::Number, true, offsetof(EngagementRule, points)},
    {2, Kind::Match, false, offsetof(EngagementRule, match)},
    {4, kLimit, offsetof(EngagementRule, limit), Kind::Limit},
    {5, Kind::Positive, false, offsetof(EngagementRule, halfLifeDays), true},
};
constexpr Schema kEngagementRule = {kEngagementRuleKeys, kEngagementRuleFields, std::size(kEngagementRuleFields)};

constexpr ListSchema kEngagementRules = {&kEngagementRule, slotsIn<EngagementRule>, sizeof(EngagementRule), "id",
                                         kDuplicateRuleId, false};

constexpr Words kDecayKeys = "halfLifeDays";
constexpr Field kDecayFields[] = {{0, Kind::Positive, true, offsetof(Model, decayHalfLifeDays), true}};
constexpr Schema kDecay = {kDecayKeys, kDecayFields, std::size(kDecayFields)};

constexpr Words kEngagementKeys = "rules, decay, min, max";
constexpr Field kEngagementMin = {2, Kind::Number, false, offsetof(Model, engagementMin)};
constexpr Field kEngagementFields[] = {
    {0, kEngagementRules, offsetof(Model, engagementRules)},
    {1, kDecay},
    kEngagementMin,
    {3, kEngagementMin, offsetof(Model, engagementMax)},  // last: "min" is checked once all is read
};
constexpr Schema kEngagement = {kEngagementKeys, kEngagementFields, std::size(kEngagementFields)};

// Fit rules.

constexpr Words kFitRuleKeys = "id, field, match, points";
constexpr Field kFitRuleFields[] = {
    {0, Kind::Text, true, offsetof(FitRule, id)},
    {1, Kind::Text, true, offsetof(FitRule, field)},
    {2, Kind::Condition, true, offsetof(FitRule, match)},
    {3, Kind::Number, true, offsetof(FitRule, points)},
};
constexpr Schema kFitRule = {kFitRuleKeys, kFitRuleFields, std::size(kFitRuleFields)};

constexpr ListSchema kFitRules = {&kFitRule, slotsIn<FitRule>, sizeof(FitRule), "id", kDuplicateRuleId, false};

constexpr Words kFitKeys = "rules, min, max";
constexpr Field kFitMin = {1, Kind::Number, false, offsetof(Model, fitMin), true};
constexpr Field kFitFields[] = {
    {0, kFitRules, offsetof(Model, fitRules)},
    kFitMin,
    {2, kFitMin, offsetof(Model, fitMax)},  // last: "min" is checked once all is read
};
constexpr Schema kFit = {kFitKeys, kFitFields, std::size(kFitFields)};

// Grades are tried in order: an entry is dead when an earlier one already takes every fit it would.

constexpr Words kGradeKeys = "grade, minFit";
constexpr Field kGradeFields[] = {
    {0, Kind::Text, true, offsetof(Grade, grade)},
    {1, Kind::Number, false, offsetof(Grade, minFit), true},
};
constexpr Schema kGrade = {kGradeKeys, kGradeFields, std::size(kGradeFields)};

// Grade `index` (an object, read into `slot`) must be reachable past the grades before it.
void checkGradeOrder(Reader& r, const json& entry, const Ptr& gradesAt, size_t index, const void* slot,
                     GradesSoFar& soFar) {
  const Ptr at(gradesAt, index);
  const std::optional<double> minFit = static_cast<const Grade*>(slot)->minFit;
  if (soFar.catchAll != kNone) {
    r.report(at, "unreachable: % has no minFit and always matches first", {Ptr(gradesAt, soFar.catchAll)});
  } else if (minFit && *minFit >= soFar.lowest) {
    r.report(Ptr(at, "minFit"), "unreachable: minFit % is not below the earlier minFit % (%), which matches first",
             {*minFit, soFar.lowest, Ptr(gradesAt, soFar.lowestAt)});
  }
  if (soFar.catchAll == kNone && !entry.contains("minFit")) soFar.catchAll = index;
  if (minFit && *minFit < soFar.lowest) {
    soFar.lowest = *minFit;
    soFar.lowestAt = index;
  }
}

constexpr ListSchema kGrades = {&kGrade, slotsIn<Grade>, sizeof(Grade), nullptr, nullptr, true};

// Lifecycle thresholds ("engaged" takes engagement only).

constexpr Words kThresholdKeys = "engagement, fit";
constexpr Field kEngagedFields[] = {{0, Kind::Number, true, offsetof(Model, engagedEngagement), true}};
constexpr Schema kEngaged = {"engagement", kEngagedFields, std::size(kEngagedFields)};
constexpr Field kMqlFields[] = {{0, Kind::Number, true, offsetof(Model, mqlEngagement), true},
                                {1, Kind::Number, false, offsetof(Model, mqlFit), true}};
constexpr Schema kMql = {kThresholdKeys, kMqlFields, std::size(kMqlFields)};

constexpr Words kLifecycleKeys = "engaged, mql";
constexpr Field kLifecycleFields[] = {{0, kEngaged}, {1, kMql}};
constexpr Schema kLifecycle = {kLifecycleKeys, kLifecycleFields, std::size(kLifecycleFields)};

// Phases.

constexpr Words kPhaseKeys = "name, match";
constexpr Field kPhaseFields[] = {
    {0, Kind::Text, true, offsetof(Phase, name)},
    {1, Kind::Match, true, offsetof(Phase, match)},
};
constexpr Schema kPhase = {kPhaseKeys, kPhaseFields, std::size(kPhaseFields)};

constexpr ListSchema kPhases = {&kPhase, slotsIn<Phase>, sizeof(Phase), "name",
                                fullOnly("duplicate phase name \"%\" (first at %)"), false};

// The document.

// Sections whose rules checkReachable uses only when they had no problem.
constexpr Section kEngagementSection{3}, kFitSection{4};

constexpr Words kModelKeys = "version, id, sessionTimeoutMinutes, engagement, fit, grades, lifecycle, phases";
constexpr Field kModelFields[] = {
    {0, Kind::Version, true, 0},
    {1, Kind::Text, true, offsetof(Model, id)},
    {2, Kind::Positive, false, offsetof(Model, sessionTimeoutMinutes)},
    {kEngagementSection, kEngagement},
    {kFitSection, kFit},
    {5, kGrades, offsetof(Model, grades)},
    {6, kLifecycle},
    {7, kPhases, offsetof(Model, phases)},
};
constexpr Schema kModel = {kModelKeys, kModelFields, std::size(kModelFields)};

}  // namespace

ModelPtr ModelPtr::make(Model model) {
  ModelPtr ptr;
  ptr.shared_ = new Shared{std::move(model)};
  return ptr;
}

ModelPtr ModelPtr::makeDefault(Model*& fill) {
  ModelPtr ptr;
  ptr.shared_ = new Shared();
  fill = &ptr.shared_->model;
  return ptr;
}

void ModelPtr::release() { delete shared_; }

namespace {

// Reads the model in `document` into `out`, left null when a problem was found (each one in `r`).
void readModel(Reader& r, const json& document, ModelPtr& out) {
  if (!document.is_object()) {
    r.report(Ptr("/"), "a model must be a JSON object");
    return;
  }
  Model* m = nullptr;
  ModelPtr model = ModelPtr::makeDefault(m);
  readObject(r, document, Ptr(), kModel, m);
  model_detail::checkReachable(r, *m, !(r.sectionsWithProblems & 1u << kEngagementSection.key),
                               !(r.sectionsWithProblems & 1u << kFitSection.key));
  if (r.count() == 0) out = std::move(model);
}

}  // namespace

// Both fill their result in place (a Reader writes its problems there): no handle or vector moved.

ModelResult loadModel(const json& document) {
  ModelResult result;
  Reader r{result.problems};
  readModel(r, document, result.model);
  r.finish();
  return result;
}

ModelResult loadModel(std::string_view text) {
  ModelResult result;
  Reader r{result.problems};
  if (text.size() > kMaxModelBytes) {
    static_assert(kMaxModelBytes == 1048576, "the message below spells the limit");
    r.report(Ptr("/"), "model is % bytes; the limit is 1048576", {static_cast<double>(text.size())});
  } else if constexpr (kTerse) {  // no reason to write: the problem is only counted
    const json document = parseJson(text, nullptr);
    if (!document.is_discarded()) readModel(r, document, result.model);
    else r.report(Ptr("/"), nullptr);
  } else {
    std::string error;
    const json document = parseJson(text, &error);
    const std::string_view prefix = "not valid JSON";
    if (!document.is_discarded()) readModel(r, document, result.model);
    else r.report(Ptr("/"), error.compare(0, prefix.size(), prefix) == 0 ? "%" : "not valid JSON: %", {error});
  }
  r.finish();
  return result;
}

}  // namespace mqlite
