// Reading test data files whole (Catch2 tests only).
#pragma once
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  INFO(path);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
