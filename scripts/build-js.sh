#!/usr/bin/env bash
# Builds the npm package's dist (js/dist): the ES modules of js/src, the wasm glue,
# mqlite-core.wasm and mqlite-core-terse.wasm from the wasm build (run scripts/build-wasm.sh first, or set MQLITE_WASM_DIR).
# The script-tag bundle (scripts/build-tag.sh) bundles js/src itself.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_DIR="${MQLITE_WASM_DIR:-build/wasm/dist}"
for f in mqlite-core.js mqlite-core.wasm mqlite-core-terse.wasm; do
  [ -f "$WASM_DIR/$f" ] || { echo "build-js: $WASM_DIR/$f is missing: run scripts/build-wasm.sh first" >&2; exit 1; }
done
rm -rf js/dist
mkdir -p js/dist
cp js/src/*.js js/dist/
cp "$WASM_DIR/mqlite-core.js" "$WASM_DIR/mqlite-core.wasm" "$WASM_DIR/mqlite-core-terse.wasm" js/dist/
cp LICENSE js/LICENSE  # npm packs a LICENSE beside package.json
# The shipped glue must run under a CSP without 'unsafe-eval'.
if grep -Eq '\beval\(|new Function' js/dist/*.js; then
  echo "build-js: js/dist contains eval / new Function" >&2; exit 1
fi
echo "build-js: js/dist ($(ls js/dist | wc -l) files, wasm $(stat -c %s js/dist/mqlite-core.wasm) B)" >&2
