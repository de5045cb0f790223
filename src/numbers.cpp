// Native number conversions (see numbers.hpp): <charconv>, exact and locale-independent.
// The browser build replaces this file with web/numbers.cpp.
#include "numbers.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <system_error>

namespace mqlite::numbers {

size_t shortestScientific(double value, char (&out)[kShortestCapacity]) {
  const auto result = std::to_chars(out, out + kShortestCapacity, value, std::chars_format::scientific);
  return static_cast<size_t>(result.ptr - out);
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
