#include "model_reader.hpp"

#include <cmath>
#include <iterator>

#include "terse.hpp"
#include "text.hpp"

namespace mqlite::model_detail {

namespace {

// In Op order after Op::Glob: word i is Op(i + 1).
constexpr Words kOperators = "eq, ne, in, contains, prefix, suffix, gte, gt, lte, lt, exists";
constexpr Words kPlainFields = "type, url, host, path, title, referrer";

constexpr unsigned typeBit(json::Type type) { return 1u << static_cast<unsigned>(type); }
constexpr unsigned kString = typeBit(json::Type::String), kNumber = typeBit(json::Type::Number),
                   kBool = typeBit(json::Type::Bool), kScalar = kString | kNumber | kBool;

// What each operator's argument must be, indexed by Op (In: each entry of its list); the problem
// otherwise (worded in the full build only).
constexpr Expected kOperatorArgs[] = {
    {kScalar, ""},  // Glob: a bare string condition, already known to be one
    {kScalar, fullOnly("must be a string, a number or a boolean")},
    {kScalar, fullOnly("must be a string, a number or a boolean")},
    {kScalar, fullOnly("must be a string (glob), a number or a boolean")},
    {kString, fullOnly("must be a string")},
    {kString, fullOnly("must be a string")},
    {kString, fullOnly("must be a string")},
    {kNumber, fullOnly("must be a number")},
    {kNumber, fullOnly("must be a number")},
    {kNumber, fullOnly("must be a number")},
    {kNumber, fullOnly("must be a number")},
    {kBool, fullOnly("must be true or false")},
};
static_assert(std::size(kOperatorArgs) == static_cast<size_t>(Op::Exists) + 1);

// Gives a fresh slot (a default Value) the value of `j`, a string, number or boolean (as
// Value::fromJson reads it), written in place: no temporary Value to move and destroy.
void fillSlot(Value& slot, const json& j) {
  assert(slot.kind == Value::Kind::Missing && slot.str.empty());
  if (j.is_string()) {
    slot.kind = Value::Kind::String;
    const std::string& text = j.get_ref<const std::string&>();
    slot.str.assign(text.data(), text.size());  // not `=`: string copy-assignment is linked for no one
  } else if (j.is_number()) {
    slot.kind = Value::Kind::Number;
    slot.num = j.get<double>();
  } else {
    assert(j.is_boolean());
    slot.kind = Value::Kind::Bool;
    slot.boolean = j.get<bool>();
  }
}

}  // namespace

void PtrOf<false>::appendTo(std::string& out) const {
  const std::string_view key(key_ ? key_ : "", size_);
  if (!parent_) {
    out += key;
    return;
  }
  parent_->appendTo(out);
  out += '/';
  if (!key_) {
    text::appendWhole(out, size_);
    return;
  }
  for (char c : key) {
    if (c == '~' || c == '/') {  // escaped as "~0" and "~1"
      out += '~';
      c = c == '/' ? '1' : '0';
    }
    out += c;
  }
}

void Part::appendTo(std::string& out) const {
  switch (kind_) {
    case Kind::Text:
      out += text_;
      break;
    case Kind::Number:
      assert(std::isfinite(number_));  // values and bounds were checked finite; an unbounded ceiling is never exceeded
      text::appendShortestNumber(out, number_);
      break;
    case Kind::Pointer:
      pointer_->appendTo(out);
      break;
    case Kind::List:
      out += words_.list.list;
      break;
    case Kind::Hint: {
      std::string_view words[Words::kMax];
      if (const auto guess = text::closest(words_.word, words, words_.list.split(words))) {
        out += "; did you mean \"";
        out += *guess;
        out += "\"?";
      }
      break;
    }
  }
}

void Reader::report(const Ptr& at, const char* message, std::initializer_list<Part> values) {
  if (kTerse) {  // counted (sections with problems are told apart by the count), not written
    ++reported;
    return;
  }
  Problem& problem = problems.emplace_back();  // written in place
  at.appendTo(problem.pointer);
  const Part* value = values.begin();
  for (const char* c = message; *c; ++c) {
    if (*c == '%') (value++)->appendTo(problem.message);
    else problem.message += *c;
  }
}

size_t Words::split(std::string_view* out) const {
  size_t count = 0;
  const char* start = list;
  for (const char* c = list; count < kMax; ++c) {
    if (*c != ',' && *c) continue;
    out[count++] = std::string_view(start, static_cast<size_t>(c - start));
    if (!*c) break;
    start = ++c + 1;  // past ", "
  }
  return count;
}

std::string_view Words::word(size_t index) const {
  const char* start = list;
  for (;; --index) {
    const char* end = start;
    while (*end && *end != ',') ++end;
    if (index == 0) return std::string_view(start, static_cast<size_t>(end - start));
    start = end + 2;  // past ", "
  }
}

size_t Words::find(std::string_view word) const {
  const char* start = list;
  for (size_t index = 0;; ++index) {
    const char* end = start;
    while (*end && *end != ',') ++end;
    if (word == std::string_view(start, static_cast<size_t>(end - start))) return index;
    if (!*end) return npos;
    start = end + 2;  // past ", "
  }
}

void Reader::checkKeys(const json& object, const Ptr& at, Words allowed) {
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    if (allowed.find(key) == Words::npos)
      report(Ptr(at, key), "unknown key; expected one of %%", {allowed, Part::hint(key, allowed)});
  }
}

bool Reader::expectObject(const json& value, const Ptr& at) {
  if (value.is_object()) return true;
  report(at, "must be an object");
  return false;
}

bool Reader::expectArray(const json& value, const Ptr& at) {
  if (value.is_array()) return true;
  report(at, "must be an array");
  return false;
}

std::optional<double> Reader::checkedNumber(const json& value, const Ptr& at) {
  if (!value.is_number()) {
    report(at, "must be a number");
    return std::nullopt;
  }
  const double n = value.get<double>();
  if (!std::isfinite(n)) {
    report(at, "must be a finite number");
    return std::nullopt;
  }
  return n;
}

// Clauses and terms, like model entries, get their slots up front (no vector growth code); a slot
// whose field or operator has a problem stays empty, harmless since the model is then discarded.

void Reader::match(const json& value, const Ptr& at, Match& out) {
  if (!expectObject(value, at)) return;
  makeSlots(out.clauses, value.size());
  size_t i = 0;
  for (const auto& item : value.items()) {
    auto& clause = out.clauses[i++];
    const Ptr fieldAt(at, item.key());
    if (!parseFieldRef(item.key(), clause.first)) {
      report(fieldAt, "unknown event field; expected %, query.NAME or props.NAME%",
             {kPlainFields, Part::hint(item.key(), kPlainFields)});
      continue;
    }
    condition(item.value(), fieldAt, clause.second);
  }
}

void Reader::condition(const json& value, const Ptr& at, Condition& out) {
  if (kScalar & typeBit(value.type())) {
    Term& t = *makeSlots(out.terms, 1);
    t.op = value.is_string() ? Op::Glob : Op::Eq;
    scalar(value, at, kOperatorArgs[0], t.arg);
    return;
  }
  if (!value.is_object()) {
    report(at, value.is_array()
                   ? "a condition cannot be an array; to accept several values use {\"in\": [...]}"
                   : "a condition must be a string (glob), a number, a boolean or an object of operators");
    return;
  }
  if (value.empty()) {
    report(at, "empty condition: give at least one operator (%)", {kOperators});
    return;
  }
  makeSlots(out.terms, value.size());
  size_t i = 0;
  for (const auto& item : value.items()) term(item.key(), item.value(), Ptr(at, item.key()), out.terms[i++]);
}

void Reader::scalar(const json& value, const Ptr& at, const Expected& expected, Value& out) {
  if (!(expected.types & typeBit(value.type()))) report(at, expected.otherwise);
  else if (value.is_number() && !std::isfinite(value.get<double>())) report(at, "must be a finite number");
  else fillSlot(out, value);
}

void Reader::term(std::string_view op, const json& arg, const Ptr& at, Term& t) {
  const size_t index = kOperators.find(op);
  if (index == Words::npos) {
    report(at, "unknown operator; expected one of %%", {kOperators, Part::hint(op, kOperators)});
    return;
  }
  t.op = static_cast<Op>(index + 1);
  const Expected& expected = kOperatorArgs[index + 1];
  if (t.op != Op::In) scalar(arg, at, expected, t.arg);
  else if (!arg.is_array()) report(at, "must be an array of strings (globs), numbers or booleans");
  else if (arg.empty()) report(at, "must not be empty: an empty list never matches");
  else {
    makeSlots(t.list, arg.size());
    for (size_t i = 0; i < arg.size(); ++i) scalar(arg[i], Ptr(at, i), expected, t.list[i]);
  }
}

}  // namespace mqlite::model_detail
