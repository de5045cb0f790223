#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the wasm core and the script tag, and
# serves the demo site + the local collector on 127.0.0.1 (Ctrl-C stops it). Idempotent: builds are
# incremental and the collector keeps de-duplicating across restarts (demo/data/messages.jsonl).
# MQLITE_DEMO_PORT picks the port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== building the mqlite command line (the collector's funnel report uses it)" >&2
bash scripts/build-native.sh mqlite >/dev/null
echo "== building the WebAssembly core" >&2
bash scripts/build-wasm.sh
if [ -f scripts/build-js.sh ]; then
  echo "== building the npm package" >&2
  bash scripts/build-js.sh
fi
echo "== building the script tag" >&2
bash scripts/build-tag.sh

echo "== starting the demo and the collector (Ctrl-C to stop)" >&2
exec node demo/collector.mjs --port "${MQLITE_DEMO_PORT:-8080}" --data demo/data/messages.jsonl
