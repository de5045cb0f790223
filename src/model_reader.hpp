// Internal: reads parts of a model document, recording every problem with its JSON pointer.
// Each read returns nullopt (after recording why) or the value; reading goes on after a problem
// so that one pass reports everything.
#pragma once
#include <cassert>
#include <cstddef>
#include <initializer_list>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "match.hpp"
#include "model.hpp"
#include "terse.hpp"

namespace mqlite::model_detail {

// Largest magnitude accepted for points, bounds and thresholds: keeps every sum finite.
inline constexpr double kMaxMagnitude = 1e9;

// A JSON pointer kept as a chain of stack frames while reading descends, and only spelled out
// (RFC 6901: "~" and "/" escaped) when a problem is reported. A child must not outlive its parent.
// A terse build reports no pointer: its Ptr is empty (nothing stored as reading descends).
template <bool Terse>
class PtrOf;

template <>
class PtrOf<true> {
 public:
  explicit PtrOf(std::string_view = {}) {}
  PtrOf(const PtrOf&, std::string_view) {}
  PtrOf(const PtrOf&, size_t) {}
  void appendTo(std::string&) const {}
};

using Ptr = PtrOf<kTerse>;

template <>
class PtrOf<false> {
 public:
  // A whole pointer as written ("" is the document itself).
  explicit PtrOf(std::string_view text = {}) : key_(text.data()), size_(text.size()) {}
  // `parent` + "/" + key (escaped) or + "/" + index.
  PtrOf(const PtrOf& parent, std::string_view key) : parent_(&parent), key_(key.data()), size_(key.size()) {}
  PtrOf(const PtrOf& parent, size_t index) : parent_(&parent), size_(index) {}

  void appendTo(std::string& out) const;

 private:
  const PtrOf* parent_ = nullptr;
  const char* key_ = nullptr;  // null for an index (a key, from a string or a literal, never is)
  size_t size_;                // the key's length, or the index
};

// A fixed list of words (allowed keys, operators), written as messages list them: "a, b, c" (one
// literal, not an array of views: most of its bytes would be pointers and lengths).
struct Words {
  static constexpr size_t kMax = 11;  // the most words a list holds (the operators)
  static constexpr size_t npos = static_cast<size_t>(-1);

  const char* list;
  constexpr Words(const char* joined) : list(joined) {}
  // The index of `word`, or npos when it is not one of them.
  size_t find(std::string_view word) const;
  // Word `index` (< the count).
  std::string_view word(size_t index) const;
  // Views each word into `out` (room for kMax); returns how many.
  size_t split(std::string_view* out) const;
};

// One value put into a problem's message at a '%' of its text. Numbers, pointers, word lists and
// "did you mean" hints are kept as they are and only spelled out when the problem is recorded, so a
// caller builds no std::string of its own.
class Part {
 public:
  Part(const char* text) : kind_(Kind::Text), text_(text) {}
  Part(std::string_view text) : kind_(Kind::Text), text_(text) {}
  Part(const std::string& text) : Part(std::string_view(text)) {}
  Part(double number) : kind_(Kind::Number), number_(number) {}
  Part(const Ptr& pointer) : kind_(Kind::Pointer), pointer_(&pointer) {}
  // The words as listed.
  Part(Words words) : kind_(Kind::List), words_{{}, words} {}
  // "; did you mean \"…\"?" when `word` is a likely typo of one of `words`, else nothing.
  static Part hint(std::string_view word, Words words) {
    Part part(words);
    part.kind_ = Kind::Hint;
    part.words_.word = word;
    return part;
  }

  void appendTo(std::string& out) const;

 private:
  enum class Kind : unsigned char { Text, Number, Pointer, List, Hint };
  Kind kind_;
  union {
    std::string_view text_;
    double number_;
    const Ptr* pointer_;
    struct {
      std::string_view word;  // for Hint
      Words list;
    } words_;
  };
};

// Gives `slots`, still empty, `count` default entries, constructed in place: an empty vector owns
// nothing, so no move-assignment (and its per-type code) is needed. Returns the first entry.
template <class T>
T* makeSlots(std::vector<T>& slots, size_t count) {
  assert(slots.empty());
  new (&slots) std::vector<T>(count);
  return slots.data();
}

// The JSON types (bits by json::Type) a condition's value may have, and the problem when it has another.
struct Expected {
  unsigned types;
  const char* otherwise;
};

class Reader {
 public:
  std::vector<Problem>& problems;  // where each problem is recorded
  // Bit k set: a problem was reported in the tracked section (a field of the document) of key k.
  unsigned sectionsWithProblems = 0;
  // A terse build's problems have no words: only counted while reading, made by finish().
  size_t reported = 0;

  // The problems reported so far.
  size_t count() const { return kTerse ? reported : problems.size(); }
  // Makes a terse build's counted problems (in place, at once: no growth code); reading is done.
  void finish() {
    if (kTerse && reported) makeSlots(problems, reported);
  }

  // Records a problem at `at`: `message` with each '%' replaced by the next of `values`. A problem
  // with the document itself is recorded at Ptr("/") (the pointer "" would be written as it is).
  void report(const Ptr& at, const char* message, std::initializer_list<Part> values = {});

  // Reports every key of `object` not in `allowed`.
  void checkKeys(const json& object, const Ptr& at, Words allowed);

  // Type checks on the value at `at`; each reports "must be …" when wrong.
  bool expectObject(const json& value, const Ptr& at);
  bool expectArray(const json& value, const Ptr& at);

  // A match: object of event field → condition. Fills `out`, which may be left incomplete where a
  // problem was reported (harmless: a model with a problem is discarded).
  void match(const json& value, const Ptr& at, Match& out);
  // A condition: a glob string, a number or boolean, or an object of operators. Fills `out` as match.
  void condition(const json& value, const Ptr& at, Condition& out);

  // A finite number, else reports "must be a number" or "must be a finite number".
  std::optional<double> checkedNumber(const json& value, const Ptr& at);

 private:
  void term(std::string_view op, const json& arg, const Ptr& at, Term& out);
  // Fills `out` with `value` when its type is expected (a number also finite), else reports why not.
  void scalar(const json& value, const Ptr& at, const Expected& expected, Value& out);
};

// Reports lifecycle thresholds that can never be met (model_reach.cpp). The "no positive rule" and
// "sum of fit points" checks only run when their section (/engagement, /fit) had no problem (`…Complete`).
void checkReachable(Reader& r, const Model& m, bool engagementRulesComplete, bool fitRulesComplete);

}  // namespace mqlite::model_detail
