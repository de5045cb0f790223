// The core's JSON value: small, exception-free, written for a small WebAssembly build (a general
// JSON library's templates were most of the .wasm: docs/WASM.md). Its interface follows the subset
// of nlohmann::json the core used, so reading and building documents look the same.
// Numbers are doubles (what JavaScript has); objects keep their keys sorted, so output is stable.
// Parsing of untrusted text goes through parseJson(): it never throws and refuses nesting deeper
// than kMaxJsonDepth, invalid UTF-8 and numbers beyond double range.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace mqlite {

inline constexpr int kMaxJsonDepth = 64;

class Json {
 public:
  enum class Type : uint8_t { Null, Bool, Number, String, Array, Object, Discarded };

  // Over an array's elements or an object's values; key() is the member's name (objects only).
  template <class J>
  class Iterator {
   public:
    Iterator(J* owner, size_t index) : owner_(owner), index_(index) {}
    J& value() const { return owner_->type_ == Type::Object ? owner_->memberAt(index_) : owner_->items_[index_]; }
    const std::string& key() const { return owner_->keyAt(index_); }
    J& operator*() const { return value(); }
    J* operator->() const { return &value(); }
    Iterator& operator++() { ++index_; return *this; }
    bool operator==(const Iterator& o) const { return index_ == o.index_; }
    bool operator!=(const Iterator& o) const { return index_ != o.index_; }

   private:
    J* owner_;
    size_t index_;
  };
  using iterator = Iterator<Json>;
  using const_iterator = Iterator<const Json>;

  // items(): like begin()/end(), but each element is the iterator itself (item.key(), item.value()).
  template <class J>
  class Items {
   public:
    struct Cursor : Iterator<J> {
      using Iterator<J>::Iterator;
      const Cursor& operator*() const { return *this; }
    };
    explicit Items(J* owner) : owner_(owner) {}
    Cursor begin() const { return {owner_, 0}; }
    Cursor end() const { return {owner_, owner_->size()}; }

   private:
    J* owner_;
  };

  Json() : number_(0) {}
  Json(std::nullptr_t) : Json() {}
  template <class B, std::enable_if_t<std::is_same_v<B, bool>, int> = 0>
  Json(B value) : type_(Type::Bool), bool_(value) {}
  template <class N, std::enable_if_t<std::is_arithmetic_v<N> && !std::is_same_v<N, bool>, int> = 0>
  Json(N value) : type_(Type::Number), number_(static_cast<double>(value)) {}
  Json(const char* text) : type_(Type::String), string_(text) {}
  Json(std::string text) : type_(Type::String), string_(std::move(text)) {}
  Json(std::string_view text) : type_(Type::String), string_(text) {}
  template <class A, class B>
  Json(const std::pair<A, B>& pair) : Json(array({Json(pair.first), Json(pair.second)})) {}
  template <class T>
  Json(const std::vector<T>& elements) : Json() {
    become(Type::Array);
    for (const auto& e : elements) append() = Json(e);
  }
  template <class T>
  Json(const std::map<std::string, T>& members) : Json() {
    become(Type::Object);
    for (const auto& [key, value] : members) (*this)[key] = Json(value);
  }
  // An object when every element is a [string, value] pair (as {{"key", value}, …}), else an array.
  Json(std::initializer_list<Json> elements);
  Json(const Json&);
  Json(Json&&) noexcept;
  Json& operator=(const Json&);
  Json& operator=(Json&&) noexcept;
  ~Json();

  static Json array(std::initializer_list<Json> elements = {});
  static Json object();
  static Json discarded();
  // Parses `text`; a discarded value when it is not valid JSON (parseJson says why).
  static Json parse(std::string_view text);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_boolean() const { return type_ == Type::Bool; }
  bool is_number() const { return type_ == Type::Number; }
  bool is_number_integer() const;  // a number with no fraction
  bool is_number_unsigned() const { return is_number_integer() && number_ >= 0; }
  bool is_number_float() const { return is_number() && !is_number_integer(); }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }
  bool is_structured() const { return is_array() || is_object(); }
  bool is_discarded() const { return type_ == Type::Discarded; }

  // Values of the wrong type read as false, 0 or "" (callers check the type first).
  template <class T>
  T get() const {
    if constexpr (std::is_same_v<T, bool>) return is_boolean() && bool_;
    else if constexpr (std::is_same_v<T, std::string>) return get_ref<std::string>();
    else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(is_number() ? number_ : 0);
    else return static_cast<T>(clampedInteger());
  }
  template <class T>
  const std::string& get_ref() const { return is_string() ? string_ : emptyString(); }
  // A string's text moved out (the value keeps an empty string); "" for other types.
  std::string take_string() { return is_string() ? std::move(string_) : std::string(); }

  // Elements of an array or members of an object; scalars have none.
  size_t size() const;
  bool empty() const { return size() == 0; }

  // Objects. The const forms give a null for a missing key; the others add it (a null becomes an
  // object). Adding a member invalidates references into this object.
  bool contains(std::string_view key) const { return findIndex(key) != npos; }
  const Json* member(std::string_view key) const;  // the member's value, or nullptr
  const Json& operator[](std::string_view key) const;
  Json& operator[](std::string_view key);
  const Json& operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  Json& operator[](const char* key) { return (*this)[std::string_view(key)]; }
  const Json& at(std::string_view key) const { return (*this)[key]; }
  void erase(std::string_view key);  // removes the member, if any
  iterator find(std::string_view key) { return {this, foundOrEnd(key)}; }
  const_iterator find(std::string_view key) const { return {this, foundOrEnd(key)}; }
  std::string value(std::string_view key, const char* fallback) const;
  double value(std::string_view key, double fallback) const;

  // Arrays. push_back turns a null into an array.
  const Json& operator[](size_t index) const { return items_[index]; }
  Json& operator[](size_t index) { return items_[index]; }
  const Json& operator[](int index) const { return items_[static_cast<size_t>(index)]; }
  Json& operator[](int index) { return items_[static_cast<size_t>(index)]; }
  const Json& at(size_t index) const { return items_[index]; }
  const Json& front() const { return items_.front(); }
  const Json& back() const { return items_.back(); }
  void push_back(Json value);
  template <class... A>
  void emplace_back(A&&... args) { push_back(Json(std::forward<A>(args)...)); }

  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size()}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  Items<Json> items() { return Items<Json>(this); }
  Items<const Json> items() const { return Items<const Json>(this); }

  // Compact text (indent < 0), or pretty with `indent` spaces. Strings come out as valid UTF-8
  // (an invalid sequence becomes U+FFFD); numbers in shortest form; keys sorted.
  std::string dump(int indent = -1) const;

  friend bool operator==(const Json& a, const Json& b);
  friend bool operator!=(const Json& a, const Json& b) { return !(a == b); }

 private:
  static constexpr size_t npos = static_cast<size_t>(-1);
  friend class JsonParser;
  friend class JsonTapeReader;  // web/json-platform.cpp

  // Sorts an object's members by key, once they are all read; of repeated keys the last one wins.
  static void sortMembers(Json& object);

  static const std::string& emptyString();
  // The value's payload is a union: these construct, destroy and take over the member of type_.
  void destroy();
  void copyFrom(const Json& other);
  void moveFrom(Json& other);
  void become(Type type);  // destroys the payload, then an empty one of `type`
  Json& append();  // a null added at the end of items_ (an array's or object's)

  size_t findIndex(std::string_view key) const;
  size_t foundOrEnd(std::string_view key) const;
  Json& memberAt(size_t index);
  const Json& memberAt(size_t index) const;
  const std::string& keyAt(size_t index) const;
  int64_t clampedInteger() const;
  void dumpTo(std::string& out, int indent, int depth) const;

  // An array's elements, or an object's members: a block of `capacity` values, the first `size`
  // of them made, grown to twice its size and 4 when full. Written out rather than a
  // std::vector<Json>, whose growth, copy and destruction code was a tenth of the parser in the wasm.
  struct Elements {
    Json* data;
    size_t size;
    size_t capacity;
    Json& operator[](size_t i) const { return data[i]; }
    Json& front() const { return data[0]; }
    Json& back() const { return data[size - 1]; }
  };

  // A tagged union (24 bytes in wasm32): scalars, or one of string, elements.
  Type type_ = Type::Null;
  union {
    bool bool_;
    double number_;
    std::string string_;
    // An array's elements; an object's members as key (a string), value, key, value…, sorted by
    // key: one type for both.
    Elements items_;
  };
};

using json = Json;

// Parses `text`; on failure returns a discarded value and sets `error` ("not valid JSON: parse
// error at line 1, column 5: …").
Json parseJson(std::string_view text, std::string* error);

#ifdef MQLITE_PLATFORM_JSON
// The browser build reads valid text with the platform's JSON.parse (web/json-platform.cpp):
// false, `out` untouched, when the text is not valid JSON by the rules above.
bool parsePlatformJson(std::string_view text, Json& out);
#endif

// Appends `text` as a JSON string, exactly as dump() writes one (for writers of JSON text that
// build no document: the saved state).
void appendJsonString(std::string& out, std::string_view text);

// Appends `number` as dump() writes one: shortest form, no fraction when it has none, null when
// not finite.
void appendJsonNumber(std::string& out, double number);

}  // namespace mqlite
