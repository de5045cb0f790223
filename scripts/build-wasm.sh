#!/usr/bin/env bash
# Builds the WebAssembly module (core + web/bindings.cpp) into build/wasm/dist:
# mqlite-core.js (ES-module glue) and mqlite-core.wasm. Extra CMake args: MQLITE_WASM_CMAKE_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node ${MQLITE_WASM_CMAKE_ARGS:-} >/dev/null
cmake --build build/wasm --target mqlite_wasm -j2
ls -l build/wasm/dist/mqlite-core.js build/wasm/dist/mqlite-core.wasm >&2
