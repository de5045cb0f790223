// The core's stable order (src/sort.hpp) and what relies on it: parsed objects with many keys.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "json.hpp"
#include "sort.hpp"

TEST_CASE("stableOrder sorts like std::stable_sort, keeping equal keys in order") {
  std::mt19937 random(7);
  for (size_t n : {0, 1, 2, 3, 5, 8, 13, 64, 100, 1000, 4097}) {
    for (unsigned distinct : {1u, 3u, 50u, 100000u}) {
      INFO("n = " << n << ", distinct keys = " << distinct);
      std::vector<std::string> texts;
      for (size_t i = 0; i < n; ++i) texts.push_back("k" + std::to_string(random() % distinct));
      const std::vector<std::string_view> keys(texts.begin(), texts.end());
      std::vector<size_t> expected(n);
      for (size_t i = 0; i < n; ++i) expected[i] = i;
      std::stable_sort(expected.begin(), expected.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
      CHECK(mqlite::stableOrder(keys) == expected);
    }
  }
}

TEST_CASE("json: an object with 10^5 keys in hostile order parses quickly, and the last repeated key wins") {
  // Descending keys, each twice: every key must move, and the second value must win.
  std::string text = "{";
  const int n = 100000;
  for (int pass = 0; pass < 2; ++pass)
    for (int i = n - 1; i >= 0; --i)
      text += "\"k" + std::to_string(1000000 + i) + "\":" + std::to_string(pass * n + i) + ",";
  text.back() = '}';
  const auto start = std::chrono::steady_clock::now();
  const mqlite::Json j = mqlite::Json::parse(text);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(j.is_object());
  CHECK(j.size() == static_cast<size_t>(n));
  CHECK(j["k1000000"] == n);
  CHECK(j["k1099999"] == 2 * n - 1);
  std::string previous;
  bool ordered = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    ordered = ordered && previous < it.key();
    previous = it.key();
  }
  CHECK(ordered);
  CHECK(seconds < 5);  // O(n log n): about 0.1 s even in a sanitized debug build
}
