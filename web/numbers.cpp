// The browser build's number conversions (src/numbers.hpp): JavaScript's own, from web/numbers.js.
// Number.prototype.toExponential() writes the shortest digits that read back, and Number() reads
// correctly rounded, as <charconv> does in the native build; the .wasm needs no code of its own.
#include "numbers.hpp"

extern "C" {
size_t mqliteShortestScientific(double value, char* out);
double mqliteNearestDouble(const char* text, size_t length);
}

namespace mqlite::numbers {

size_t shortestScientific(double value, char (&out)[kShortestCapacity]) {
  return mqliteShortestScientific(value, out);
}

double nearestDouble(std::string_view decimal) {
  return mqliteNearestDouble(decimal.data(), decimal.size());
}

}  // namespace mqlite::numbers
