#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "numbers.hpp"

namespace mqlite::text {

CodePoint decodeUtf8(std::string_view s, size_t i) {
  const unsigned char b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  const CodePoint invalid{kInvalidBase + b0, 1};
  const size_t length = b0 < 0xC0 ? 0 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : b0 < 0xF8 ? 4 : 0;
  if (length == 0 || i + length > s.size()) return invalid;
  uint32_t cp = b0 & (0x7Fu >> length);  // the lead byte's payload bits
  for (size_t k = 1; k < length; ++k) {
    const unsigned char b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return invalid;
    cp = (cp << 6) | (b & 0x3F);
  }
  const uint32_t minimum = length == 2 ? 0x80 : 1u << (5 * length - 4);  // shorter forms are overlong
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return invalid;
  return {cp, length};
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);  // lower case for letters
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

// Upper case letters beyond ASCII, as ranges: every `step`-th code point from `first` to `last`
// folds to itself + `delta` (step 2 where upper and lower case alternate); the first range holding
// a code point decides, so the exceptions come before the ranges they sit in.
struct FoldRange {
  uint16_t first, last;
  int16_t delta;
  uint8_t step;
};

constexpr FoldRange kFoldRanges[] = {
    {0x00C0, 0x00D6, 32, 1},   {0x00D8, 0x00DE, 32, 1},                             // Latin-1
    {0x0130, 0x0130, 'i' - 0x0130, 1},                                              // İ (Turkish dotted I)
    {0x0100, 0x0137, 1, 2},    {0x0139, 0x0148, 1, 2},   {0x014A, 0x0177, 1, 2},    // Latin Extended-A
    {0x0178, 0x0178, 0x00FF - 0x0178, 1},                                           // Ÿ
    {0x0179, 0x017E, 1, 2},    {0x017F, 0x017F, 's' - 0x017F, 1},                   // ſ (long s)
    {0x0386, 0x0386, 0x03AC - 0x0386, 1}, {0x0388, 0x038A, 0x25, 1},                // Greek
    {0x038C, 0x038C, 0x03CC - 0x038C, 1}, {0x038E, 0x038F, 0x3F, 1},
    {0x0391, 0x03A1, 32, 1},   {0x03A3, 0x03AB, 32, 1},  {0x03C2, 0x03C2, 1, 1},    // final sigma
    {0x0400, 0x040F, 0x50, 1}, {0x0410, 0x042F, 32, 1},                             // Cyrillic
    {0x0460, 0x0481, 1, 2},    {0x048A, 0x04BF, 1, 2},   {0x04C0, 0x04C0, 0x04CF - 0x04C0, 1},
    {0x04C1, 0x04CE, 1, 2},    {0x04D0, 0x052F, 1, 2},
};

}  // namespace

uint32_t foldCase(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  for (const FoldRange& r : kFoldRanges)
    if (cp >= r.first && cp <= r.last) return (cp - r.first) % r.step == 0 ? cp + r.delta : cp;
  return cp;
}

namespace {

// `s` code point by code point: folded (invalid bytes kept as they are), or else as it is with
// invalid bytes replaced by U+FFFD. (No reserve() here, in percentDecode or in assignKept, the wasm's
// only callers of it: libc++'s reserve is ~250 B of code; the string grows by doubling instead.)
std::string rewriteUtf8(std::string_view s, bool fold) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const CodePoint c = decodeUtf8(s, i);
    if (c.cp >= kInvalidBase) {
      if (fold) out += s[i];
      else out += "\xEF\xBF\xBD";
    } else if (fold) {
      appendUtf8(out, foldCase(c.cp));
    } else {
      out.append(s.substr(i, c.length));
    }
    i += c.length;
  }
  return out;
}

}  // namespace

std::string foldUtf8(std::string_view s) { return rewriteUtf8(s, true); }

std::string validUtf8(std::string_view s) { return rewriteUtf8(s, false); }

std::optional<double> decimalValue(std::string_view s) {
  // Whole numbers of up to 15 digits (timestamps, counts: most numbers read) are exact doubles:
  // read here, without a call to the platform's conversion.
  const bool negative = s[0] == '-';
  size_t i = negative || s[0] == '+';
  if (s.size() - i <= 15) {
    uint64_t whole = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
    if (i == s.size()) return negative ? -static_cast<double>(whole) : static_cast<double>(whole);
  }
  const double value = numbers::nearestDouble(s);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

void appendWhole(std::string& out, uint64_t n) {
  char digits[20];  // UINT64_MAX has 20
  char* const end = digits + sizeof digits;
  char* p = end;
  do *--p = static_cast<char>('0' + n % 10);
  while (n /= 10);
  out.append(p, static_cast<size_t>(end - p));
}

void appendShortestNumber(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
    return;
  }
  if (value == std::trunc(value) && std::fabs(value) < 1e17) {  // integers without an exponent
    if (value < 0) out += '-';  // -0 is written 0
    appendWhole(out, static_cast<uint64_t>(std::fabs(value)));
    return;
  }
  char text[numbers::kShortestCapacity];
  out.append(text, numbers::shortestText(value, text));
}

std::string shortestNumber(double value) {
  std::string text;
  appendShortestNumber(text, value);
  return text;
}

std::optional<double> parseNumber(std::string_view s) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t mantissa = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != s.size() || s.size() > 64) return std::nullopt;
  return decimalValue(s);
}

size_t editDistance(std::string_view a, std::string_view b) {
  // One row of the table: row[j] is the distance between a's first i characters and b's first j.
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t diagonal = row[0]++;  // row[0] was i: now i + 1
    const unsigned folded = foldCase(static_cast<unsigned char>(a[i]));
    for (size_t j = 0; j < b.size(); ++j) {
      const size_t above = row[j + 1];
      const size_t replace = diagonal + (folded != foldCase(static_cast<unsigned char>(b[j])));
      row[j + 1] = std::min(replace, std::min(above, row[j]) + 1);
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string_view> closest(std::string_view word, const std::string_view* candidates, size_t count) {
  if (word.empty() || word.size() > 64) return std::nullopt;
  const size_t tolerance = word.size() <= 3 ? 1 : 2;
  std::optional<std::string_view> best;
  size_t bestDistance = tolerance + 1;
  for (size_t i = 0; i < count; ++i) {
    const size_t d = editDistance(word, candidates[i]);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidates[i];
    }
  }
  return best;
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  const auto best = closest(word, views.data(), views.size());
  if (!best) return std::nullopt;
  return std::string(*best);
}

}  // namespace mqlite::text
