#!/usr/bin/env bash
# Runs every test: native (ctest), wasm + npm package (node --test), browser (headless Chromium).
# Installs what is missing first (scripts/setup.sh). Idempotent; safe on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== native build and tests (ctest)" >&2
bash scripts/build-native.sh
ctest --test-dir build/native --output-on-failure --no-tests=error -j2

echo "== native tests under ASan+UBSan (build/asan); fuzz smoke run (build/fuzz, docs/FUZZING.md)" >&2
bash scripts/test-asan.sh
bash scripts/fuzz.sh --smoke

echo "== wasm module, npm package and its tests (node --test js/test)" >&2
bash scripts/build-wasm.sh
bash scripts/build-js.sh
node --test --test-concurrency=1 js/test/*.test.mjs

echo "== browser tests (script tag, demo, collector; headless Chromium)" >&2
bash scripts/build-tag.sh
node --test --test-concurrency=1 tests/browser/
