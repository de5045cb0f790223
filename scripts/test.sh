#!/usr/bin/env bash
# Runs every test: native (ctest under ASan+UBSan), fuzz smoke, wasm + npm package (node --test),
# browser (headless Chromium).
# Installs what is missing first (scripts/setup.sh). Idempotent; safe on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# The native tests run once, under AddressSanitizer + UBSan: compiling them twice would double the
# longest stage on a 2-core machine. The Release tree builds the CLI the later stages run.
echo "== native tests under ASan+UBSan (ctest, build/asan)" >&2
bash scripts/test-asan.sh
echo "== native Release CLI (build/native/mqlite)" >&2
bash scripts/build-native.sh mqlite
echo "== fuzz smoke run (build/fuzz, docs/FUZZING.md)" >&2
MQLITE_FUZZ_SMOKE_SECONDS="${MQLITE_FUZZ_SMOKE_SECONDS:-10}" bash scripts/fuzz.sh --smoke

echo "== wasm module, npm package and its tests (node --test js/test)" >&2
bash scripts/build-wasm.sh
bash scripts/build-js.sh
node --test --test-concurrency=1 js/test/*.test.mjs

echo "== browser tests (script tag, demo, collector; headless Chromium)" >&2
bash scripts/build-tag.sh
node --test --test-concurrency=1 tests/browser/
