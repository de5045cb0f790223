#!/usr/bin/env bash
# Builds the WebAssembly modules (core + web/bindings.cpp) into build/wasm/dist: mqlite-core.js
# (ES-module glue), mqlite-core.wasm (the full core) and mqlite-core-terse.wasm (the same checks
# without the words of a refusal: what pages load). Extra CMake args: MQLITE_WASM_CMAKE_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node ${MQLITE_WASM_CMAKE_ARGS:-} >/dev/null
cmake --build build/wasm --target mqlite_wasm mqlite_wasm_terse -j2
# One glue serves both modules (same bindings, same imports): the terse link's own copy must match.
if ! cmp -s build/wasm/dist/mqlite-core.js build/wasm/dist/mqlite-core-terse.js; then
  echo "build-wasm: the two modules' glues differ; the terse core needs its own glue" >&2
  exit 1
fi
rm build/wasm/dist/mqlite-core-terse.js
ls -l build/wasm/dist/mqlite-core.js build/wasm/dist/mqlite-core.wasm build/wasm/dist/mqlite-core-terse.wasm >&2
