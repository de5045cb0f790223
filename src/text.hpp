// Internal text helpers shared by URL parsing and matching: UTF-8 decoding that never fails,
// simple case folding, the number <-> text conversions used by conditions, and typo hints.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mqlite::text {

// An invalid byte decodes to kInvalidBase + byte (outside Unicode): it equals only itself.
inline constexpr uint32_t kInvalidBase = 0x110000;

struct CodePoint {
  uint32_t cp;
  size_t length;  // bytes consumed, ≥ 1
};

// Decodes the code point starting at s[i] (i < s.size()). Overlong forms, surrogates and
// truncated sequences decode one byte at a time as invalid.
CodePoint decodeUtf8(std::string_view s, size_t i);

void appendUtf8(std::string& out, uint32_t cp);

// The value of hex digit `c` (either case), -1 for any other character.
int hexDigit(char c);

// Simple case folding for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic.
uint32_t foldCase(uint32_t cp);

// `s` case-folded; invalid bytes are kept as they are.
std::string foldUtf8(std::string_view s);

// `s` with every invalid UTF-8 sequence replaced by U+FFFD (safe to put in JSON).
std::string validUtf8(std::string_view s);

// Appends `n` in decimal digits (the core's one integer writer: no std::to_string and its tables).
void appendWhole(std::string& out, uint64_t n);

// Shortest decimal text that reads back as `value`: 75 → "75", 2.5 → "2.5", 0.1 → "0.1"; closest to
// `value` when several do (the platform's conversion, src/numbers.hpp); "nan", "inf", "-inf".
std::string shortestNumber(double value);
// The same appended to `out` (no string made per number).
void appendShortestNumber(std::string& out, double value);

// The double nearest the decimal number `s` ([+-]digits[.digits][(e|E)[+-]digits], checked by the
// caller), correctly rounded; nullopt beyond double range.
std::optional<double> decimalValue(std::string_view s);

// A plain decimal number ("-2", "2.50", "1e3"); nullopt for anything else, including hex,
// inf/nan, surrounding spaces and non-finite results.
std::optional<double> parseNumber(std::string_view s);

// Levenshtein distance, ignoring ASCII case.
size_t editDistance(std::string_view a, std::string_view b);

// The closest of `candidates` to `word` when it is near enough to be a typo (1 edit for words of
// up to 3 characters, else 2), for "did you mean" hints.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);
// The same over `count` candidates in an array; the result views one of them.
std::optional<std::string_view> closest(std::string_view word, const std::string_view* candidates, size_t count);

}  // namespace mqlite::text
