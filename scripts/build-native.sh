#!/usr/bin/env bash
# Builds the native Release tree into build/native: everything (core, `mqlite` CLI, native tests),
# or only the targets named, e.g. `scripts/build-native.sh mqlite` for the CLI alone.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release ${MQLITE_CMAKE_ARGS:-} >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build/native -j"$(nproc)" "${targets[@]}"
