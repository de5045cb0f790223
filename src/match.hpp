// Conditions and matches of the scoring model (SPEC §2): case-insensitive globs and operators over
// event fields and traits.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event.hpp"
#include "url.hpp"
#include "json.hpp"

namespace mqlite {

// The value a condition tests. Strings compare case-insensitively; numbers and numeric strings
// compare as numbers; objects and arrays only satisfy `exists`.
struct Value {
  enum class Kind { Missing, String, Number, Bool, Other } kind = Kind::Missing;
  std::string str;
  double num = 0;
  bool boolean = false;

  static Value missing() { return {}; }
  static Value of(std::string s);
  static Value of(const char* s) { return of(std::string(s)); }  // not the bool overload
  static Value of(double n);
  static Value of(bool b);
  static Value fromJson(const json& j);  // null → Missing, object/array → Other
};

enum class Op { Glob, Eq, Ne, In, Contains, Prefix, Suffix, Gte, Gt, Lte, Lt, Exists };

struct Term {
  Op op = Op::Glob;
  Value arg;                // for every op but In
  std::vector<Value> list;  // for In
};

// All terms must hold. A string condition is one Glob term; a number or boolean one Eq term.
struct Condition {
  std::vector<Term> terms;
};

bool holds(const Condition& condition, const Value& value);
// The same for a JSON value as Value::fromJson reads it, without copying it.
bool holdsJson(const Condition& condition, const json& value);
// The same for a string value, or a missing one when `text` is null (no Value or json made).
bool holdsText(const Condition& condition, const std::string_view* text);

// `*` any run, `?` one character (UTF-8 code point), case-insensitive (ASCII and common
// Latin/Greek/Cyrillic letters). Linear-time: safe on hostile patterns.
bool globMatch(std::string_view pattern, std::string_view text);

// The event fields a rule can match.
struct FieldRef {
  enum class Kind { Type, Url, Host, Path, Title, Referrer, Query, Props } kind = Kind::Type;
  std::string name;  // for Query and Props
};

// "type", "url", "host", "path", "title", "referrer", "query.NAME", "props.NAME" (NAME non-empty):
// written into `out` (fresh: its name empty), in place. False, `out` untouched, for any other name.
bool parseFieldRef(std::string_view name, FieldRef& out);

// An event with its URL parsed once, for matching against many rules.
struct EventView {
  explicit EventView(const Event& event);
  const Event& event;
  Url url;
};

Value fieldValue(const EventView& view, const FieldRef& field);

// Field → condition; all clauses must hold. An empty match matches every event.
struct Match {
  std::vector<std::pair<FieldRef, Condition>> clauses;
};

bool matches(const Match& match, const EventView& view);

}  // namespace mqlite
