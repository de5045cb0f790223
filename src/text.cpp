#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

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

namespace {

constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

std::string unsignedDigits(uint64_t n) {
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  do *--p = static_cast<char>('0' + n % 10);
  while (n /= 10);
  return std::string(p, end);
}

}  // namespace

namespace {

// Big integers in place, no allocation: exact comparison of big decimal and binary numbers (correct
// rounding in decimalValue) and the exact decimal digits of a double (shortestNumber).
class BigInt {
 public:
  explicit BigInt(uint64_t n) : words_{static_cast<uint32_t>(n), static_cast<uint32_t>(n >> 32)} {}

  void multiply(uint32_t factor) {
    uint64_t carry = 0;
    for (size_t i = 0; i < size_; ++i) {
      carry += static_cast<uint64_t>(words_[i]) * factor;
      words_[i] = static_cast<uint32_t>(carry);
      carry >>= 32;
    }
    if (carry && size_ < kWords) words_[size_++] = static_cast<uint32_t>(carry);
  }

  void multiplyByPowerOfFive(int n) {
    for (; n >= 13; n -= 13) multiply(1220703125);  // 5^13
    uint32_t rest = 1;
    while (n-- > 0) rest *= 5;
    multiply(rest);
  }

  void shiftLeft(int bits) {
    for (; bits >= 31; bits -= 31) multiply(uint32_t{1} << 31);
    multiply(uint32_t{1} << bits);
  }

  // Divides by `divisor`; returns the remainder.
  uint32_t divide(uint32_t divisor) {
    uint64_t remainder = 0;
    for (size_t i = size_; i-- > 0;) {
      const uint64_t part = (remainder << 32) | words_[i];
      words_[i] = static_cast<uint32_t>(part / divisor);
      remainder = part % divisor;
    }
    trim();
    return static_cast<uint32_t>(remainder);
  }

  bool isZero() {
    trim();
    return size_ == 0;
  }

  friend int compare(BigInt& a, BigInt& b) {
    a.trim();
    b.trim();
    if (a.size_ != b.size_) return a.size_ < b.size_ ? -1 : 1;
    for (size_t i = a.size_; i-- > 0;)
      if (a.words_[i] != b.words_[i]) return a.words_[i] < b.words_[i] ? -1 : 1;
    return 0;
  }

 private:
  void trim() {
    while (size_ > 0 && words_[size_ - 1] == 0) --size_;
  }
  // compareDecimal's numbers stay below about 1150 bits (a 64-bit mantissa times 5^310 shifted by
  // at most ~365 bits, or a 53-bit k times 5^400 or 2^970); the digits of the smallest doubles
  // need a 53-bit mantissa times 5^1074, about 2550 bits: 2688 bits leave room.
  static constexpr size_t kWords = 84;
  uint32_t words_[kWords];
  size_t size_ = 2;
};

// Sign of mantissa·10^exponent − k·2^p, exactly.
int compareDecimal(uint64_t mantissa, long exponent, uint64_t k, int p) {
  BigInt decimal(mantissa), binary(k);
  if (exponent >= 0) decimal.multiplyByPowerOfFive(static_cast<int>(exponent));
  else binary.multiplyByPowerOfFive(static_cast<int>(-exponent));
  const long twos = exponent - p;  // the 2^exponent of 10^exponent against 2^p
  if (twos >= 0) decimal.shiftLeft(static_cast<int>(twos));
  else binary.shiftLeft(static_cast<int>(-twos));
  return compare(decimal, binary);
}

// The double nearest mantissa·10^exponent, from an estimate within a few units in the last place:
// steps up or down while the decimal lies beyond the halfway point to the neighbour (ties to even).
double roundCorrectly(double estimate, uint64_t mantissa, long exponent) {
  double x = std::isfinite(estimate) ? estimate : std::numeric_limits<double>::max();
  for (int step = 0; step < 64; ++step) {
    uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const uint64_t biased = bits >> 52, fraction = bits & ((uint64_t{1} << 52) - 1);
    const uint64_t m = biased ? fraction | (uint64_t{1} << 52) : fraction;
    const int e = biased ? static_cast<int>(biased) - 1075 : -1074;  // x = m·2^e
    const int up = compareDecimal(mantissa, exponent, 2 * m + 1, e - 1);
    if (up > 0 || (up == 0 && (m & 1))) {
      if (x == std::numeric_limits<double>::max()) return std::numeric_limits<double>::infinity();
      x = std::nextafter(x, std::numeric_limits<double>::infinity());
      continue;
    }
    if (x == 0) return x;
    const bool narrowBelow = fraction == 0 && biased > 1;  // the next double down is half as far
    const int down = narrowBelow ? compareDecimal(mantissa, exponent, 4 * m - 1, e - 2)
                                 : compareDecimal(mantissa, exponent, 2 * m - 1, e - 1);
    if (down < 0 || (down == 0 && (m & 1))) {
      x = std::nextafter(x, 0.0);
      continue;
    }
    return x;
  }
  return x;
}

// The double nearest mantissa·10^exponent (infinity beyond the largest).
double nearestDouble(uint64_t mantissa, long exponent) {
  double value = static_cast<double>(mantissa);
  if (mantissa == 0 || exponent == 0) return value;
  const bool exact = mantissa <= (uint64_t{1} << 53) && exponent >= -22 && exponent <= 22;
  exponent = std::clamp(exponent, -400L, 400L);  // beyond double range even with 19 digits
  long e = exponent;
  for (; e > 22; e -= 22) value *= 1e22;
  for (; e < -22; e += 22) value /= 1e22;
  if (e > 0) value *= kPowersOfTen[e];
  else if (e < 0) value /= kPowersOfTen[-e];
  // Correctly rounded: at once when both factors are exact doubles, else checked exactly
  // (digits beyond the 19th, which JavaScript never writes, only within a unit in the last place).
  return exact || exponent > 310 ? value : roundCorrectly(value, mantissa, exponent);
}

}  // namespace

std::optional<double> decimalValue(std::string_view s) {
  size_t i = 0;
  const bool negative = i < s.size() && s[i] == '-';
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  // Up to 19 significant digits exactly in an integer; later ones only move the exponent.
  uint64_t mantissa = 0;
  int kept = 0;
  long exponent = 0;
  bool fraction = false;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') {
      fraction = true;
      continue;
    }
    if (kept < 19) {
      mantissa = mantissa * 10 + static_cast<uint64_t>(s[i] - '0');
      if (mantissa > 0) ++kept;
      if (fraction) --exponent;
    } else {
      if (!fraction) ++exponent;
    }
  }
  if (i < s.size()) {  // the exponent, saturated far beyond double range
    ++i;
    const bool down = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    long e = 0;
    for (; i < s.size(); ++i) e = std::min(e * 10 + (s[i] - '0'), 100000L);
    exponent += down ? -e : e;
  }
  const double value = nearestDouble(mantissa, exponent);
  if (!std::isfinite(value)) return std::nullopt;
  return negative ? -value : value;
}

namespace {

// The exact decimal value of a finite double > 0: value = digits · 10^exponent, digits without
// leading zeros. m·2^e is itself an integer for e ≥ 0, and m·5^-e · 10^e for e < 0.
std::string exactDigits(double value, int* exponent) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const uint64_t biased = bits >> 52, fraction = bits & ((uint64_t{1} << 52) - 1);
  const int e = biased ? static_cast<int>(biased) - 1075 : -1074;
  BigInt n(biased ? fraction | (uint64_t{1} << 52) : fraction);
  *exponent = e < 0 ? e : 0;
  if (e < 0) n.multiplyByPowerOfFive(-e);
  else n.shiftLeft(e);
  std::string digits;  // least significant first
  while (!n.isZero()) {
    uint32_t chunk = n.divide(1000000000);
    for (int k = 0; k < 9; ++k, chunk /= 10) digits += static_cast<char>('0' + chunk % 10);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// `digits` · 10^exponent rounded half to even to at most `count` significant digits, without
// trailing zeros (the exponent follows).
std::string roundedDigits(std::string digits, size_t count, int* exponent) {
  if (digits.size() > count) {
    const char next = digits[count];
    const bool beyondHalf = digits.find_first_not_of('0', count + 1) != std::string::npos;
    const bool up = next > '5' || (next == '5' && (beyondHalf || (digits[count - 1] - '0') % 2 == 1));
    *exponent += static_cast<int>(digits.size() - count);
    digits.resize(count);
    size_t i = count;
    if (up) {
      while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
      if (i > 0) ++digits[i - 1];
      else digits.insert(0, 1, '1');  // 99…9 rounded up: 100…0, one digit longer
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back(), ++*exponent;
  return digits;
}

// As JavaScript writes numbers between 1e-4 and 1e15, else with an exponent of at least two digits
// (nlohmann's format, kept from the Grisu2 printer this replaced): 0.00015, 123.45, 1.5e-05, 1e+21.
std::string decimalText(const std::string& digits, int exponent) {
  const int length = static_cast<int>(digits.size()), point = length + exponent;
  if (point > 0 && point <= 15) return digits.substr(0, point) + "." + digits.substr(point);  // never whole here
  if (point > -4 && point <= 0) return "0." + std::string(-point, '0') + digits;
  std::string out = digits.substr(0, 1);
  if (length > 1) out += "." + digits.substr(1);
  const int e = point - 1;
  out += e < 0 ? "e-" : "e+";
  if (std::abs(e) < 10) out += '0';
  return out + std::to_string(std::abs(e));
}

}  // namespace

std::string shortestNumber(double value) {
  if (value == 0) return "0";  // also for -0
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
  if (value == std::trunc(value) && std::fabs(value) < 1e17) {  // integers without an exponent
    const std::string digits = unsignedDigits(static_cast<uint64_t>(std::fabs(value)));
    return value < 0 ? "-" + digits : digits;
  }
  // The fewest significant digits, correctly rounded from the exact value, that read back as the
  // value. 17 always do, and so do all the exact digits: `hi` reads back, `lo` does not (0: none
  // tried). Computed values (a decayed score) mostly need 16 or 17, so the search steps down from
  // hi by 1, 2, 4… and halves once a count fails. A closer text reads back whenever a farther one
  // does, but for the uneven gaps at powers of two, where this may keep one digit more than the
  // fewest (tests/test_json.cpp counts them).
  const double magnitude = std::fabs(value);
  int exactExponent = 0;
  const std::string exact = exactDigits(magnitude, &exactExponent);
  size_t lo = 0, hi = std::min<size_t>(17, exact.size());
  int bestExponent = exactExponent;
  std::string best = roundedDigits(exact, hi, &bestExponent);
  for (size_t step = 1; hi - lo > 1;) {
    const size_t count = lo == 0 && step < hi ? hi - step : (lo + hi) / 2;
    int exponent = exactExponent;
    std::string digits = roundedDigits(exact, count, &exponent);
    uint64_t mantissa = 0;
    for (const char c : digits) mantissa = mantissa * 10 + static_cast<uint64_t>(c - '0');
    if (nearestDouble(mantissa, exponent) == magnitude) {
      best = std::move(digits);
      bestExponent = exponent;
      hi = count;
      step *= 2;
    } else {
      lo = count;
    }
  }
  return (value < 0 ? "-" : "") + decimalText(best, bestExponent);
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
