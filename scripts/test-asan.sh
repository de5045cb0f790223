#!/usr/bin/env bash
# Builds the native tests with AddressSanitizer + UBSan into build/asan and runs them (ctest).
# -O1 keeps the build quick and the stacks readable; without NDEBUG, asserts are checked too.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/asan -DMQLITE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g1" >/dev/null
cmake --build build/asan -j2
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build/asan --output-on-failure --no-tests=error -j2
