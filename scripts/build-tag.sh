#!/usr/bin/env bash
# Builds the script-tag bundle (build/tag/mqlite.js, mqlite-core-terse.wasm, mqlite-core.wasm) from web/script-tag.js and
# js/src. Needs the wasm build (scripts/build-wasm.sh) first.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build-tag.mjs "$@"
