// The core's one sort: a stable order of strings, O(n log n) in every case (inputs can be hostile:
// a parsed object may have 10^5 keys). Written out, and shared by its users, because
// std::stable_sort and std::map instantiate kilobytes of machinery in the WebAssembly build.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace mqlite {

// The positions of `keys` sorted bytewise; equal keys keep their order.
std::vector<size_t> stableOrder(const std::vector<std::string_view>& keys);

}  // namespace mqlite
