#include "sort.hpp"

#include <utility>

namespace mqlite {

// Bottom-up merge sort of positions, between the result and one buffer.
std::vector<size_t> stableOrder(const std::vector<std::string_view>& keys) {
  const size_t n = keys.size();
  std::vector<size_t> order(n), buffer(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      const size_t mid = lo + width < n ? lo + width : n;
      const size_t hi = mid + width < n ? mid + width : n;
      size_t a = lo, b = mid;
      // From the right run only when strictly less: equal keys keep their order.
      for (size_t k = lo; k < hi; ++k)
        buffer[k] = b < hi && (a == mid || keys[order[b]] < keys[order[a]]) ? order[b++] : order[a++];
    }
    order.swap(buffer);
  }
  return order;
}

}  // namespace mqlite
