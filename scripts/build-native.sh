#!/usr/bin/env bash
# Builds the core, the `mqlite` CLI and the native tests into build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release ${MQLITE_CMAKE_ARGS:-} >/dev/null
cmake --build build/native -j"$(nproc)"
