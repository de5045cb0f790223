// Native number conversions (see numbers.hpp): <charconv>, exact and locale-independent.
// The browser build replaces this file with web/numbers.cpp.
#include "numbers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <system_error>

namespace mqlite::numbers {

size_t shortestText(double value, char (&out)[kShortestCapacity]) {
  // The shortest digits, "d[.ddd]e±x", taken apart into the digits and the power of ten of the
  // first one, then written in the format above.
  char text[kShortestCapacity], digits[kShortestCapacity];
  const auto result = std::to_chars(text, text + kShortestCapacity, std::fabs(value), std::chars_format::scientific);
  const size_t length = static_cast<size_t>(result.ptr - text);
  int count = 0, power = 0;
  size_t i = 0;
  for (; i < length && text[i] != 'e'; ++i)
    if (text[i] != '.') digits[count++] = text[i];
  const bool negativePower = i + 1 < length && text[i + 1] == '-';
  for (i += 2; i < length; ++i) power = power * 10 + (text[i] - '0');
  if (negativePower) power = -power;
  char* p = out;
  if (value < 0) *p++ = '-';
  const int point = power + 1;  // digits before the decimal point
  if (point > 0 && point <= 15) {  // never whole here (see above)
    for (int k = 0; k < count; ++k) {
      if (k == point) *p++ = '.';
      *p++ = digits[k];
    }
  } else if (point > -4 && point <= 0) {
    *p++ = '0';
    *p++ = '.';
    for (int k = point; k < 0; ++k) *p++ = '0';
    for (int k = 0; k < count; ++k) *p++ = digits[k];
  } else {
    *p++ = digits[0];
    if (count > 1) *p++ = '.';
    for (int k = 1; k < count; ++k) *p++ = digits[k];
    *p++ = 'e';
    *p++ = power < 0 ? '-' : '+';
    const int magnitude = std::abs(power);
    if (magnitude >= 100) *p++ = static_cast<char>('0' + magnitude / 100);
    *p++ = static_cast<char>('0' + magnitude / 10 % 10);
    *p++ = static_cast<char>('0' + magnitude % 10);
  }
  return static_cast<size_t>(p - out);
}

namespace {

// The decimal exponent just above a checked decimal's leading digit (2 for "12.5", -2 for
// "0.00125"), saturated: positive for a number too large for a double, negative for one too small.
long leadingPower(std::string_view s) {
  long power = 0;
  bool fraction = false, leading = true;
  size_t i = 0;
  for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
    if (s[i] == '.') fraction = true;
    else if (leading && s[i] == '0') power -= fraction;
    else if (leading) leading = false, power += !fraction;
    else power += !fraction;
  }
  const bool down = i + 1 < s.size() && s[i + 1] == '-';
  long e = 0;
  for (++i; i < s.size(); ++i)
    if (s[i] >= '0' && s[i] <= '9') e = std::min(e * 10 + (s[i] - '0'), 100000L);
  return power + (down ? -e : e);
}

}  // namespace

double nearestDouble(std::string_view decimal) {
  const bool negative = !decimal.empty() && decimal[0] == '-';
  if (!decimal.empty() && (decimal[0] == '+' || negative)) decimal.remove_prefix(1);  // from_chars takes no '+'
  double value = 0;
  const auto result = std::from_chars(decimal.data(), decimal.data() + decimal.size(), value);
  if (result.ec == std::errc::result_out_of_range)  // libstdc++ reports underflow here as well
    value = leadingPower(decimal) > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return negative ? -value : value;
}

}  // namespace mqlite::numbers
