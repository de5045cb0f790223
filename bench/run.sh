#!/usr/bin/env bash
# The benchmarks, side by side with Snowplow and Segment (docs/BENCHMARKS.md). Installs what is
# missing, builds the wasm core, the npm package, the script tag and the native CLI, then prints
# the table and writes bench/results/latest.json. Arguments pick sections (size startup per-event
# growth delivery). Exit 3: mqlite's bytes are above Segment's (the byte budget).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-wasm.sh >/dev/null 2>&1 || { echo "bench: the wasm build failed: run scripts/build-wasm.sh to see why" >&2; exit 1; }
bash scripts/build-js.sh
bash scripts/build-tag.sh
cmake -S . -B build/bench/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/bench/native --target mqlite -j2 >/dev/null
exec node bench/run.mjs "$@"
