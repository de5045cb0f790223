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

// `value` (finite, > 0) as the fewest significant digits that read back as it, in scientific
// notation "d[.ddd]e±x" ("1e-7" or "1e-07", "1.2345e+21"), closest to `value` when several do.
// Returns the length written to `out` (no terminating NUL).
size_t shortestScientific(double value, char (&out)[kShortestCapacity]);

// The double nearest a decimal number ([+-]digits[.digits][(e|E)[+-]digits], checked by the
// caller), ties to even; ±infinity beyond the largest double, 0 below the smallest.
double nearestDouble(std::string_view decimal);

}  // namespace mqlite::numbers
