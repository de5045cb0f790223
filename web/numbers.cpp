// The browser build's number conversions (src/numbers.hpp): JavaScript's own, from web/numbers.js.
// Number.prototype.toExponential() and String() write the shortest digits that read back, and
// Number() reads correctly rounded, as <charconv> does in the native build; the .wasm needs no code
// of its own, not even the format's.
#include "numbers.hpp"

extern "C" {
size_t mqliteShortestText(double value, char* out);
double mqliteNearestDouble(const char* text, size_t length);
}

namespace mqlite::numbers {

size_t shortestText(double value, char (&out)[kShortestCapacity]) {
  return mqliteShortestText(value, out);
}

double nearestDouble(std::string_view decimal) {
  return mqliteNearestDouble(decimal.data(), decimal.size());
}

}  // namespace mqlite::numbers
