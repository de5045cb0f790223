// 2^x for the engagement decay (SPEC §2: 0.5^(elapsed / halfLife)), the same in the CLI and the
// .wasm. libm's exp2 carries a 2 KB table of 2^(i/128) into the .wasm (about 2 KB of the gzip
// size: docs/WASM.md); this needs none. x = k + r with k whole and |r| <= 1/2; 2^r = e^(r ln 2)
// from its Taylor series to the 13th power (the next term is below 5e-18 of the sum), then 2^k is
// exact. Within 2 ulp of the correctly rounded value (tests/test_engine_scoring.cpp), and exact
// where x is whole, so a score halves exactly at each half-life.
#pragma once
#include <cmath>

namespace mqlite {

inline double exp2Compact(double x) {
  if (std::isnan(x)) return x;
  if (x >= 1024) return HUGE_VAL;
  if (x < -1076) return 0;
  const double k = std::floor(x + 0.5);
  const double t = (x - k) * 0.693147180559945309417;  // r ln 2, |t| < 0.35
  double sum = 1;
  for (int n = 13; n >= 1; --n) sum = 1 + sum * t / n;  // Horner on t^n / n!
  return std::ldexp(sum, static_cast<int>(k));
}

}  // namespace mqlite
