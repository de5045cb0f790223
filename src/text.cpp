#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mqlite::text {

CodePoint decodeUtf8(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return {b0, 1};
  size_t length;
  uint32_t cp, minimum;
  if ((b0 & 0xE0) == 0xC0) { length = 2; cp = b0 & 0x1F; minimum = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { length = 3; cp = b0 & 0x0F; minimum = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { length = 4; cp = b0 & 0x07; minimum = 0x10000; }
  else return {kInvalidBase + b0, 1};
  if (i + length > s.size()) return {kInvalidBase + b0, 1};
  for (size_t k = 1; k < length; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return {kInvalidBase + b0, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kInvalidBase + b0, 1};
  return {cp, length};
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

// Blocks where upper and lower case alternate: the upper case letter has parity `upperParity`.
uint32_t foldAlternating(uint32_t cp, uint32_t upperParity) {
  return (cp % 2 == upperParity) ? cp + 1 : cp;
}

uint32_t foldLatinExtendedA(uint32_t cp) {
  if (cp == 0x0130) return 'i';        // İ (Turkish dotted capital I)
  if (cp == 0x0178) return 0x00FF;     // Ÿ
  if (cp == 0x017F) return 's';        // ſ (long s)
  if (cp <= 0x0137) return cp == 0x0131 ? cp : foldAlternating(cp, 0);
  if (cp >= 0x0139 && cp <= 0x0148) return foldAlternating(cp, 1);
  if (cp >= 0x014A && cp <= 0x0177) return foldAlternating(cp, 0);
  if (cp >= 0x0179 && cp <= 0x017E) return foldAlternating(cp, 1);
  return cp;
}

uint32_t foldGreek(uint32_t cp) {
  if (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2) return cp + 0x20;
  if (cp == 0x0386) return 0x03AC;
  if (cp >= 0x0388 && cp <= 0x038A) return cp + 0x25;
  if (cp == 0x038C) return 0x03CC;
  if (cp == 0x038E || cp == 0x038F) return cp + 0x3F;
  if (cp == 0x03C2) return 0x03C3;  // final sigma
  return cp;
}

uint32_t foldCyrillic(uint32_t cp) {
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;
  if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF)) return foldAlternating(cp, 0);
  if (cp == 0x04C0) return 0x04CF;
  if (cp >= 0x04C1 && cp <= 0x04CE) return foldAlternating(cp, 1);
  if (cp >= 0x04D0 && cp <= 0x052F) return foldAlternating(cp, 0);
  return cp;
}

}  // namespace

uint32_t foldCase(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp >= 0x00C0 && cp <= 0x00DE && cp != 0x00D7) return cp + 32;
  if (cp >= 0x0100 && cp <= 0x017F) return foldLatinExtendedA(cp);
  if (cp >= 0x0370 && cp <= 0x03FF) return foldGreek(cp);
  if (cp >= 0x0400 && cp <= 0x052F) return foldCyrillic(cp);
  return cp;
}

std::string foldUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const CodePoint c = decodeUtf8(s, i);
    if (c.cp >= kInvalidBase) out += s[i];
    else appendUtf8(out, foldCase(c.cp));
    i += c.length;
  }
  return out;
}

std::string validUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const CodePoint c = decodeUtf8(s, i);
    if (c.cp >= kInvalidBase) out += "\xEF\xBF\xBD";
    else out.append(s.substr(i, c.length));
    i += c.length;
  }
  return out;
}

std::string shortestNumber(double value) {
  if (value == 0) return "0";  // also for -0
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  char buffer[40];
  if (value == std::trunc(value) && std::fabs(value) < 1e17) {  // integers without an exponent
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
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
  const double value = std::strtod(std::string(s).c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const bool same = foldCase(static_cast<unsigned char>(a[i - 1])) ==
                        foldCase(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 64) return std::nullopt;
  const size_t tolerance = word.size() <= 3 ? 1 : 2;
  std::optional<std::string> best;
  size_t bestDistance = tolerance + 1;
  for (const auto& candidate : candidates) {
    const size_t d = editDistance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace mqlite::text
