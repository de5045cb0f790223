#include "match.hpp"

#include <cmath>
#include <iterator>

#include "text.hpp"

namespace mqlite {

Value Value::of(std::string s) {
  Value v;
  v.kind = Kind::String;
  v.str = std::move(s);
  return v;
}

Value Value::of(double n) {
  Value v;
  v.kind = Kind::Number;
  v.num = n;
  return v;
}

Value Value::of(bool b) {
  Value v;
  v.kind = Kind::Bool;
  v.boolean = b;
  return v;
}

namespace {

using Kind = Value::Kind;

// A value as conditions see it, its text a view (into the event, its URL, its props or the
// condition): matching copies no string. A boolean is its number, 1 or 0.
struct ValueRef {
  Kind kind = Kind::Missing;
  std::string_view str;
  double num = 0;
};

ValueRef refOf(const Value& v) { return {v.kind, v.str, v.kind == Kind::Bool ? v.boolean : v.num}; }

ValueRef refOf(const json& j) {  // null → Missing, object/array → Other
  if (j.is_string()) return {Kind::String, j.get_ref<const std::string&>()};
  if (j.is_number()) return {Kind::Number, {}, j.get<double>()};
  if (j.is_boolean()) return {Kind::Bool, {}, j.get<bool>() ? 1.0 : 0.0};
  if (j.is_null() || j.is_discarded()) return {};
  return {Kind::Other, {}, 0};
}

// The Value of a view (its text copied).
Value valueOf(const ValueRef& ref) {
  Value v;
  v.kind = ref.kind;
  v.str = ref.str;
  v.num = ref.kind == Kind::Bool ? 0 : ref.num;
  v.boolean = ref.kind == Kind::Bool && ref.num != 0;
  return v;
}

}  // namespace

Value Value::fromJson(const json& j) { return valueOf(refOf(j)); }

namespace {

// The text a string condition sees: strings as they are, numbers in shortest form (written into
// `storage`), booleans as "true"/"false".
std::optional<std::string_view> textOf(const ValueRef& v, std::string& storage) {
  switch (v.kind) {
    case Kind::String: return v.str;
    case Kind::Number: text::appendShortestNumber(storage, v.num); return storage;  // (`storage` is fresh)
    case Kind::Bool: return std::string_view(v.num != 0 ? "true" : "false");
    default: return std::nullopt;
  }
}

// A number, or a string holding a plain decimal number.
std::optional<double> numberOf(const ValueRef& v) {
  if (v.kind == Kind::Number) return v.num;
  if (v.kind == Kind::String) return text::parseNumber(v.str);
  return std::nullopt;
}

std::optional<bool> booleanOf(const ValueRef& v) {
  if (v.kind == Kind::Bool) return v.num != 0;
  if (v.kind == Kind::String) {
    const std::string folded = text::foldUtf8(v.str);
    if (folded == "true") return true;
    if (folded == "false") return false;
  }
  return std::nullopt;
}

bool foldedEqual(std::string_view a, std::string_view b) {
  return text::foldUtf8(a) == text::foldUtf8(b);
}

// Equality between a condition's argument and a present scalar value.
bool equalValues(const ValueRef& arg, const ValueRef& value) {
  if (arg.kind == Kind::String && value.kind == Kind::String) return foldedEqual(arg.str, value.str);
  if (arg.kind == Kind::Bool || value.kind == Kind::Bool) {
    const auto a = booleanOf(arg), b = booleanOf(value);
    return a && b && *a == *b;
  }
  const auto a = numberOf(arg), b = numberOf(value);
  return a && b && *a == *b;
}

bool compareNumbers(Op op, const ValueRef& arg, const ValueRef& value) {
  const auto a = numberOf(arg), v = numberOf(value);
  if (!a || !v) return false;
  switch (op) {
    case Op::Gte: return *v >= *a;
    case Op::Gt: return *v > *a;
    case Op::Lte: return *v <= *a;
    case Op::Lt: return *v < *a;
    default: return false;
  }
}

// op is Contains, Prefix or Suffix.
bool compareText(Op op, const ValueRef& arg, const ValueRef& value) {
  std::string argStorage, valueStorage;
  const auto a = textOf(arg, argStorage), v = textOf(value, valueStorage);
  if (!a || !v) return false;
  const std::string needle = text::foldUtf8(*a), hay = text::foldUtf8(*v);
  if (needle.size() > hay.size()) return false;
  // One search for the three: from the one place a suffix can start, or from the start (a prefix
  // is found there first).
  const size_t at = hay.find(needle, op == Op::Suffix ? hay.size() - needle.size() : 0);
  return op == Op::Prefix ? at == 0 : at != std::string::npos;
}

// A glob over the value's text (a number in shortest form, a boolean as "true"/"false").
bool globHolds(const ValueRef& pattern, const ValueRef& value) {
  std::string textStorage, patternStorage;
  const auto t = textOf(value, textStorage), p = textOf(pattern, patternStorage);
  return t && p && globMatch(*p, *t);
}

bool termHolds(const Term& term, const ValueRef& value) {
  if (term.op == Op::Exists) return (value.kind != Kind::Missing) == term.arg.boolean;
  if (value.kind == Kind::Missing) return term.op == Op::Ne;
  if (value.kind == Kind::Other) return false;  // objects and arrays only satisfy exists: true
  const ValueRef arg = refOf(term.arg);
  switch (term.op) {
    case Op::Glob: return globHolds(arg, value);
    case Op::Eq: return equalValues(arg, value);
    case Op::Ne: return !equalValues(arg, value);
    case Op::In:
      // Each element: strings are globs, other values compare by equality.
      for (const Value& element : term.list) {
        const ValueRef e = refOf(element);
        if (e.kind == Kind::String ? globHolds(e, value) : equalValues(e, value)) return true;
      }
      return false;
    case Op::Contains:
    case Op::Prefix:
    case Op::Suffix: return compareText(term.op, arg, value);
    default: return compareNumbers(term.op, arg, value);
  }
}

bool holdsRef(const Condition& condition, const ValueRef& value) {
  for (const Term& term : condition.terms)
    if (!termHolds(term, value)) return false;
  return true;
}

}  // namespace

bool holds(const Condition& condition, const Value& value) { return holdsRef(condition, refOf(value)); }

bool holdsJson(const Condition& condition, const json& value) { return holdsRef(condition, refOf(value)); }

bool holdsText(const Condition& condition, const std::string_view* text) {
  return holdsRef(condition, text ? ValueRef{Kind::String, *text} : ValueRef{});
}

namespace {
unsigned asciiLower(unsigned c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
}  // namespace

// Iterative wildcard matching: on a mismatch, go back to the last `*` and let it swallow one more
// code point. Earlier stars never need revisiting, so there is no recursion and no exponential
// blow-up: at worst O(|pattern| × |text|), linear in practice.
bool globMatch(std::string_view pattern, std::string_view subject) {
  constexpr size_t kNone = std::string_view::npos;
  size_t p = 0, t = 0, starP = kNone, starT = 0;
  while (t < subject.size()) {
    if (p < pattern.size()) {
      if (pattern[p] == '*') {
        starP = ++p;
        starT = t;
        continue;
      }
      const unsigned char pb = static_cast<unsigned char>(pattern[p]), tb = static_cast<unsigned char>(subject[t]);
      if (pb < 0x80 && tb < 0x80) {  // ASCII: one byte each, folding is lowering A-Z
        if (pb == '?' || asciiLower(pb) == asciiLower(tb)) {
          ++p, ++t;
          continue;
        }
      } else {
        const text::CodePoint pc = text::decodeUtf8(pattern, p), tc = text::decodeUtf8(subject, t);
        if (pattern[p] == '?' || text::foldCase(pc.cp) == text::foldCase(tc.cp)) {
          p += pc.length;
          t += tc.length;
          continue;
        }
      }
    }
    if (starP == kNone) return false;
    p = starP;
    starT += static_cast<unsigned char>(subject[starT]) < 0x80 ? 1 : text::decodeUtf8(subject, starT).length;
    t = starT;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool parseFieldRef(std::string_view name, FieldRef& out) {
  // In FieldRef::Kind order; the last two are prefixes of a NAME.
  static constexpr std::string_view kNames[] = {"type", "url", "host", "path", "title", "referrer", "query.", "props."};
  constexpr size_t kFirstPrefix = 6;
  for (size_t i = 0; i < std::size(kNames); ++i) {
    const std::string_view known = kNames[i];
    // A plain name matches whole; a prefix needs a NAME after it.
    if (name.substr(0, known.size()) != known || (name.size() == known.size()) != (i < kFirstPrefix)) continue;
    out.kind = static_cast<FieldRef::Kind>(i);
    if (i >= kFirstPrefix) out.name.assign(name.substr(known.size()));
    return true;
  }
  return false;
}

// No URL reads as an empty one (parseUrl("") is the empty Url): one call, no Url moved from a branch.
EventView::EventView(const Event& e) : event(e), url(parseUrl(e.url ? std::string_view(*e.url) : std::string_view())) {}

namespace {

// props.NAME: the key "a.b" itself first, else the nested path a → b.
ValueRef propRef(const json& props, std::string_view name) {
  if (!props.is_object()) return {};
  if (const json* whole = props.member(name)) return refOf(*whole);
  const json* node = &props;
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    const std::string_view key = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!node->is_object()) return {};
    node = node->member(key);
    if (!node) return {};
    if (dot == std::string_view::npos) return refOf(*node);
    start = dot + 1;
  }
}

ValueRef fieldRef(const EventView& view, const FieldRef& field) {
  using K = FieldRef::Kind;
  const Event& e = view.event;
  // Every field but props is a text, or missing: the view is made in one place.
  const std::string* text = nullptr;
  switch (field.kind) {
    case K::Type: text = &e.type; break;
    case K::Url: text = e.url ? &*e.url : nullptr; break;
    case K::Host: text = e.url && view.url.absolute && !view.url.host.empty() ? &view.url.host : nullptr; break;
    case K::Path: text = e.url ? &view.url.path : nullptr; break;
    case K::Title: text = e.title ? &*e.title : nullptr; break;
    case K::Referrer: text = e.referrer ? &*e.referrer : nullptr; break;
    case K::Query: text = e.url ? view.url.param(field.name) : nullptr; break;
    case K::Props: return propRef(e.props, field.name);
  }
  return text ? ValueRef{Kind::String, *text} : ValueRef{};
}

}  // namespace

Value fieldValue(const EventView& view, const FieldRef& field) { return valueOf(fieldRef(view, field)); }

bool matches(const Match& match, const EventView& view) {
  for (const auto& [field, condition] : match.clauses)
    if (!holdsRef(condition, fieldRef(view, field))) return false;
  return true;
}

}  // namespace mqlite
