#include "json.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>

#include "sort.hpp"
#include "terse.hpp"
#include "text.hpp"

namespace mqlite {

namespace {

const Json& nullJson() {
  static const Json null;
  return null;
}

}  // namespace

Json::Json(std::initializer_list<Json> elements) {
  const bool pairs = std::all_of(elements.begin(), elements.end(), [](const Json& e) {
    return e.is_array() && e.items_.size == 2 && e.items_[0].is_string();
  });
  number_ = 0;
  if (pairs && elements.size() > 0) {
    become(Type::Object);
    for (const Json& e : elements) (*this)[e.items_[0].string_] = e.items_[1];
  } else {
    become(Type::Array);
    for (const Json& e : elements) append() = e;
  }
}

const std::string& Json::emptyString() {
  static const std::string empty;
  return empty;
}

void Json::destroy() {
  if (type_ == Type::String) string_.~basic_string();
  else if (type_ == Type::Array || type_ == Type::Object) {
    for (size_t i = 0; i < items_.size; ++i) items_[i].destroy();
    ::operator delete(items_.data);
  }
  type_ = Type::Null;
  number_ = 0;
}

void Json::become(Type type) {
  destroy();
  type_ = type;
  if (type == Type::String) new (&string_) std::string();
  else if (type == Type::Array || type == Type::Object) items_ = {nullptr, 0, 0};
}

Json& Json::append() {
  if (items_.size == items_.capacity) {  // moved into a block twice the size, and 4
    const size_t capacity = 2 * items_.capacity + 4;
    Json* data = static_cast<Json*>(::operator new(capacity * sizeof(Json)));
#ifdef _LIBCPP_VERSION
    std::memcpy(static_cast<void*>(data), items_.data, items_.size * sizeof(Json));  // as moveFrom
#else
    for (size_t i = 0; i < items_.size; ++i) new (&data[i]) Json(std::move(items_[i]));
#endif
    ::operator delete(items_.data);
    items_.data = data;
    items_.capacity = capacity;
  }
  return *new (&items_[items_.size++]) Json();
}

// Both expect a payload-less (null) *this.
void Json::copyFrom(const Json& other) {
  if (other.type_ == Type::String) new (&string_) std::string(other.string_);
  else if (other.type_ == Type::Array || other.type_ == Type::Object) {
    const size_t n = other.items_.size;
    items_ = {n ? static_cast<Json*>(::operator new(n * sizeof(Json))) : nullptr, n, n};
    for (size_t i = 0; i < n; ++i) new (&items_[i]) Json(other.items_[i]);
  }
  else if (other.type_ == Type::Bool) bool_ = other.bool_;
  else number_ = other.number_;  // numbers, and null's 0
  type_ = other.type_;
}

__attribute__((noinline)) void Json::moveFrom(Json& other) {
#ifdef _LIBCPP_VERSION
  // libc++'s string and vector hold no pointer into themselves: a payload moves as its bytes, and
  // the source, marked null, has nothing left to destroy (one copy, no per-type move code).
  std::memcpy(static_cast<void*>(this), &other, sizeof(Json));
  other.type_ = Type::Null;
  other.number_ = 0;
  return;
#endif
  if (other.type_ == Type::String) new (&string_) std::string(std::move(other.string_));
  else if (other.type_ == Type::Array || other.type_ == Type::Object) items_ = other.items_;  // taken over: `other` is made null below
  else if (other.type_ == Type::Bool) bool_ = other.bool_;
  else number_ = other.number_;
  type_ = other.type_;
  if (type_ == Type::Array || type_ == Type::Object) other.type_ = Type::Null;  // its block is ours
  other.destroy();
}

Json::Json(const Json& other) : number_(0) { copyFrom(other); }
Json::Json(Json&& other) noexcept : number_(0) { moveFrom(other); }

Json& Json::operator=(const Json& other) { return *this = Json(other); }  // `other` may live inside this value

Json& Json::operator=(Json&& other) noexcept {
  if (this != &other) {
    Json taken(std::move(other));  // `other` may live inside this value
    destroy();
    moveFrom(taken);
  }
  return *this;
}

Json::~Json() { destroy(); }

Json Json::array(std::initializer_list<Json> elements) {
  Json j;
  j.become(Type::Array);
  for (const Json& e : elements) j.append() = e;
  return j;
}

Json Json::object() {
  Json j;
  j.become(Type::Object);
  return j;
}

Json Json::discarded() {
  Json j;
  j.type_ = Type::Discarded;
  return j;
}

Json Json::parse(std::string_view text) { return parseJson(text, nullptr); }

bool Json::is_number_integer() const {
  return is_number() && std::isfinite(number_) && number_ == std::trunc(number_);
}

int64_t Json::clampedInteger() const {
  if (!is_number()) return 0;
  if (!(number_ > -9.2e18)) return number_ < 0 ? INT64_MIN : 0;  // also NaN → 0
  if (number_ >= 9.2e18) return INT64_MAX;
  return static_cast<int64_t>(number_);
}

size_t Json::size() const {
  if (type_ == Type::Array) return items_.size;
  if (type_ == Type::Object) return items_.size / 2;
  return 0;
}

size_t Json::findIndex(std::string_view key) const {
  if (type_ != Type::Object) return npos;
  size_t low = 0, high = size();  // binary search: one comparison per step
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    const int order = std::string_view(keyAt(middle)).compare(key);
    if (order == 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return npos;
}

size_t Json::foundOrEnd(std::string_view key) const {
  const size_t i = findIndex(key);
  return i == npos ? size() : i;
}

Json& Json::memberAt(size_t index) { return items_[2 * index + 1]; }
const Json& Json::memberAt(size_t index) const { return items_[2 * index + 1]; }
const std::string& Json::keyAt(size_t index) const { return items_[2 * index].string_; }

const Json* Json::member(std::string_view key) const {
  const size_t i = findIndex(key);
  return i == npos ? nullptr : &memberAt(i);
}

const Json& Json::operator[](std::string_view key) const {
  const size_t i = findIndex(key);
  return i == npos ? nullJson() : memberAt(i);
}

Json& Json::operator[](std::string_view key) {
  if (type_ != Type::Object) become(Type::Object);
  size_t at = 0;  // the first member whose key is not less than `key`
  for (size_t high = size(); at < high;) {
    const size_t middle = at + (high - at) / 2;
    if (keyAt(middle) < key) at = middle + 1;
    else high = middle;
  }
  if (at < size() && keyAt(at) == key) return memberAt(at);
  // Appended, then swapped back into place two slots at a time: no vector::insert instantiation
  // (objects built in key order, as the engine's reports are, append and swap nothing).
  append() = Json(key);
  append();
  for (size_t i = items_.size - 1; i >= 2 * at + 2; --i) std::swap(items_[i], items_[i - 2]);
  return memberAt(at);
}

void Json::erase(std::string_view key) {
  const size_t i = findIndex(key);
  if (i == npos) return;
  for (size_t k = 2 * i + 2; k < items_.size; ++k) items_[k - 2] = std::move(items_[k]);
  items_[items_.size - 1].destroy();  // the last two are made null, no longer counted
  items_[items_.size - 2].destroy();
  items_.size -= 2;
}

std::string Json::value(std::string_view key, const char* fallback) const {
  const Json& j = (*this)[key];
  return j.is_string() ? j.string_ : fallback;
}

double Json::value(std::string_view key, double fallback) const {
  const Json& j = (*this)[key];
  return j.is_number() ? j.number_ : fallback;
}

void Json::push_back(Json value) {
  if (type_ != Type::Array) become(Type::Array);
  append() = std::move(value);
}

bool operator==(const Json& a, const Json& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case Json::Type::Bool: return a.bool_ == b.bool_;
    case Json::Type::Number: return a.number_ == b.number_;
    case Json::Type::String: return a.string_ == b.string_;
    case Json::Type::Array:
    case Json::Type::Object: {  // an object's keys are its even elements
      if (a.items_.size != b.items_.size) return false;
      for (size_t i = 0; i < a.items_.size; ++i)
        if (a.items_[i] != b.items_[i]) return false;
      return true;
    }
    default: return true;  // null, discarded
  }
}

// ---- Writing ----

namespace {

void appendQuoted(std::string& out, std::string_view s) {
  static const char kEscaped[] = "\"\"\\\\\nn\rr\tt\bb\ff";  // pairs: character, letter after the backslash
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const text::CodePoint c = text::decodeUtf8(s, i);
    if (c.cp >= text::kInvalidBase) {
      out += "\xEF\xBF\xBD";  // U+FFFD for an invalid byte
    } else if (c.cp >= 0x20 && c.cp != '"' && c.cp != '\\') {
      out.append(s.data() + i, c.length);  // (no substr bounds check: decodeUtf8 stays inside s)
    } else {
      const char* e = kEscaped;
      while (*e && static_cast<unsigned char>(*e) != c.cp) e += 2;
      if (*e) (out += '\\') += e[1];
      else ((out += "\\u00") += kHex[c.cp >> 4]) += kHex[c.cp & 15];
    }
    i += c.length;
  }
  out += '"';
}

void newline(std::string& out, int indent, int depth) {
  if (indent < 0) return;
  out += '\n';
  out.append(static_cast<size_t>(indent * depth), ' ');
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) { appendQuoted(out, text); }

void appendJsonNumber(std::string& out, double number) {
  if (std::isfinite(number)) text::appendShortestNumber(out, number);  // -0 is written 0
  else out += "null";
}

void Json::dumpTo(std::string& out, int indent, int depth) const {
  switch (type_) {
    case Type::Bool: out += bool_ ? "true" : "false"; return;
    case Type::Number: appendJsonNumber(out, number_); return;
    case Type::String: appendQuoted(out, string_); return;
    case Type::Array:
    case Type::Object: {
      const bool isObject = type_ == Type::Object;
      const size_t n = size();
      out += isObject ? '{' : '[';
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) out += ',';
        newline(out, indent, depth + 1);
        if (isObject) {
          appendQuoted(out, keyAt(i));
          out += indent < 0 ? ":" : ": ";
        }
        (isObject ? memberAt(i) : items_[i]).dumpTo(out, indent, depth + 1);
      }
      if (n > 0) newline(out, indent, depth);
      out += isObject ? '}' : ']';
      return;
    }
    default: out += "null"; return;  // null; a discarded value has no text either
  }
}

std::string Json::dump(int indent) const {
  std::string out;
  dumpTo(out, indent, 0);
  return out;
}

// Sorted by key once per object (not per insert: hostile objects can have many keys); of repeated
// keys the last one wins.
void Json::sortMembers(Json& object) {
  const size_t n = object.size();
  // Always sorted, even text that is in order already (a saved state): a check for that was more
  // code than it saved time (ingest unchanged within noise).
  std::vector<std::string_view> keys(n);
  for (size_t i = 0; i < n; ++i) keys[i] = object.keyAt(i);
  const std::vector<size_t> order = stableOrder(keys);
  // Moved, in order, into a new block; the old one (the repeated keys' pairs left in it) goes
  // with `old`.
  Json old;
  old.type_ = Type::Object;
  old.items_ = object.items_;
  Elements& to = object.items_;
  to = {static_cast<Json*>(::operator new(2 * n * sizeof(Json))), 0, 2 * n};
  for (size_t k = 0; k < n; ++k) {
    // Of repeated keys the last one wins (order[k] and order[k + 1] are both still in place).
    if (k + 1 < n && keys[order[k + 1]] == keys[order[k]]) continue;
    to[to.size++].moveFrom(old.items_[2 * order[k]]);
    to[to.size++].moveFrom(old.items_[2 * order[k] + 1]);
  }
}

// ---- Parsing ----

// Recursive descent over the text; the first error stops it and says where and why.
class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  Json parseDocument() {
    Json result;
    if (value(result, 0)) {
      skipSpace();
      if (pos_ < text_.size()) fail("unexpected text after the value");
    }
    if (error_) result.become(Json::Type::Discarded);  // whatever was read is let go
    return result;  // one result object: nothing moved
  }

  // "not valid JSON: parse error at line 2, column 7: expected ':'", written into `out`.
  void describeError(std::string& out) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < errorAt_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') ++line, column = 1;
      else ++column;
    }
    out = "not valid JSON: parse error at line ";
    text::appendWhole(out, line);
    out += ", column ";
    text::appendWhole(out, column);
    out += ": ";
    out += error_;
    if (overflowToken_.data()) (out += overflowToken_) += '\'';
  }

 private:
  // Records the first error (the reason is a literal: no string is built at each call site).
  bool fail(const char* why) {
    if (!error_) {
      error_ = why;
      errorAt_ = pos_;
    }
    return false;
  }

  // The character at pos_, or '\0' at the end (JSON text outside strings has no NUL to confuse).
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  // Steps over `c` when it comes next.
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // Space, newline, carriage return, tab: one test by a bit mask (the end's '\0' is none).
  void skipSpace() {
    constexpr uint64_t kSpace = 1ull << ' ' | 1ull << '\n' | 1ull << '\r' | 1ull << '\t';
    for (unsigned char c; (c = static_cast<unsigned char>(peek())) <= ' ' && (kSpace >> c & 1);) ++pos_;
  }

  bool literal(std::string_view word) {
    if (text_.size() - pos_ < word.size() || std::memcmp(text_.data() + pos_, word.data(), word.size()) != 0) return false;
    pos_ += word.size();
    return true;
  }

  // The values below are parsed into `out`, a null of the caller's (so nothing is moved); false
  // after an error, `out` then holds whatever was read.
  bool value(Json& out, int depth) {
    skipSpace();
    if (pos_ >= text_.size()) return fail("unexpected end of input; expected a value");
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      static_assert(kMaxJsonDepth == 64, "the message names the limit");
      if (depth >= kMaxJsonDepth) return fail("nested deeper than 64 levels");
      return container(out, depth + 1, c == '{');
    }
    if (c == '"') {
      out.become(Json::Type::String);
      return string(out.string_);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    const bool isTrue = literal("true");
    if (isTrue || literal("false")) {
      out.type_ = Json::Type::Bool;
      out.bool_ = isTrue;
      return true;
    }
    return literal("null") || fail("unexpected character; expected a value");
  }

  // An array or an object at pos_ (its opening bracket): one loop for both.
  bool container(Json& out, int depth, bool isObject) {
    out.become(isObject ? Json::Type::Object : Json::Type::Array);
    const char close = isObject ? '}' : ']';
    ++pos_;
    skipSpace();
    if (take(close)) return true;
    do {
      if (isObject) {
        skipSpace();
        if (peek() != '"') return fail("expected a string key");
        Json& key = out.append();
        key.become(Json::Type::String);
        if (!string(key.string_)) return false;
        skipSpace();
        if (!take(':')) return fail("expected ':'");
      }
      if (!value(out.append(), depth)) return false;
      skipSpace();
    } while (take(','));
    if (!take(close)) return fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'");
    if (isObject) Json::sortMembers(out);
    return true;
  }

  // "\u" and four hex digits at pos_.
  bool hex4(uint32_t& out) {
    out = 0;
    if (!literal("\\u")) return false;
    for (int k = 0; k < 4; ++k, ++pos_) {
      const int digit = text::hexDigit(peek());
      if (digit < 0) return fail("expected four hex digits after \\u");
      out = out * 16 + static_cast<uint32_t>(digit);
    }
    return true;
  }

  // The escape at pos_ (its backslash), decoded into `out`.
  bool escape(std::string& out) {
    static const char kEscaped[] = "\"\"\\\\//b\bf\fn\nr\rt\t";  // pairs: letter, character
    const char c = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';  // '\0': the text ends
    if (c == 'u') {
      uint32_t cp, low;
      if (!hex4(cp)) return false;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("lone low surrogate in \\u escape");
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return fail("high surrogate not followed by a low surrogate");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      }
      text::appendUtf8(out, cp);
      return true;
    }
    for (const char* e = kEscaped; *e; e += 2)
      if (c == *e) return out += e[1], pos_ += 2, true;
    if (pos_ + 1 < text_.size()) ++pos_;  // the error points at the letter, or at the backslash at the end
    return fail("invalid escape");
  }

  // A string at pos_ (the opening quote) into `out`.
  bool string(std::string& out) {
    ++pos_;
    const char* const data = text_.data();
    const size_t size = text_.size();
    while (pos_ < size) {
      // A run of characters that stand for themselves (most strings are nothing else), valid
      // UTF-8 included, is appended at once.
      size_t end = pos_;
      while (end < size) {
        const unsigned char c = static_cast<unsigned char>(data[end]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c < 0x80) {
          ++end;
          continue;
        }
        const text::CodePoint cp = text::decodeUtf8(text_, end);
        if (cp.cp >= text::kInvalidBase) break;
        end += cp.length;
      }
      out.append(data + pos_, end - pos_);
      pos_ = end;
      if (pos_ == size) break;
      const unsigned char c = static_cast<unsigned char>(data[pos_]);
      if (c == '"') return ++pos_, true;
      if (c != '\\') return fail(c < 0x20 ? "control character in a string (escape it)" : "invalid UTF-8 in a string");
      if (!escape(out)) return false;
    }
    return fail("unterminated string");
  }

  size_t digits() {
    const size_t start = pos_;
    while (peek() >= '0' && peek() <= '9') ++pos_;
    return pos_ - start;
  }

  // JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number(Json& out) {
    const size_t start = pos_;
    take('-');
    const size_t intStart = pos_;
    const size_t intDigits = digits();
    if (intDigits == 0) return fail("expected a digit");
    if (intDigits > 1 && text_[intStart] == '0') return pos_ = intStart + 1, fail("leading zero in a number");
    if (take('.') && digits() == 0) return fail("expected a digit after '.'");
    if (take('e') || take('E')) {
      if (!take('+')) take('-');
      if (digits() == 0) return fail("expected a digit in the exponent");
    }
    const std::string_view token = std::string_view(text_.data() + start, pos_ - start);  // (inside the text: no substr check)
    const std::optional<double> value = text::decimalValue(token);
    if (!value) {
      pos_ = start;
      if (!error_) overflowToken_ = token;
      fail("number overflow parsing '");
      return false;
    }
    out.type_ = Json::Type::Number;
    out.number_ = *value;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  const char* error_ = nullptr;        // the first error's reason
  std::string_view overflowToken_;     // the number that overflowed, when that was the error
  size_t errorAt_ = 0;
};

Json parseJson(std::string_view text, std::string* error) {
#ifdef MQLITE_PLATFORM_JSON
  // Valid text is read by the platform; the parser below only says why text is not valid (a
  // terse build does not say: it has no parser).
  Json platform;
  if (parsePlatformJson(text, platform)) return platform;
  if (kTerse) {
    if (error) *error = "not valid JSON";
    return Json::discarded();
  }
#endif
  JsonParser parser(text);
  Json result = parser.parseDocument();
  if (result.is_discarded() && error) parser.describeError(*error);
  return result;
}

}  // namespace mqlite
