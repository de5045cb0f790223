// Number <-> text where the platform does it best: a native build uses <charconv>
// (src/numbers.cpp), the browser build JavaScript's own conversions (web/numbers.cpp). Both are
// correctly rounded and give the shortest text that reads back, so the CLI and the wasm core read
// and write every number alike, and the .wasm carries no big-number arithmetic of its own.
// text.hpp's shortestNumber and decimalValue are the interface the rest of the core uses.
#pragma once
#include <cstddef>
#include <string_view>

namespace mqlite::numbers {

inline constexpr size_t kShortestCapacity = 32;

// `value` (finite, not a whole number below 1e17) in the fewest significant digits that read back
// as it, closest to `value` when several do; written as JavaScript writes numbers between 1e-4 and
// 1e15, else with an exponent of at least two digits (nlohmann's format, kept since the Grisu2
// printer): 0.00015, -123.45, 1.5e-05, 1e+21. Returns the length written to `out` (no NUL).
size_t shortestText(double value, char (&out)[kShortestCapacity]);

// The double nearest a decimal number ([+-]digits[.digits][(e|E)[+-]digits], checked by the
// caller), ties to even; ±infinity beyond the largest double, 0 below the smallest.
double nearestDouble(std::string_view decimal);

}  // namespace mqlite::numbers
