#!/usr/bin/env bash
# Runs every test: native (ctest under ASan+UBSan), fuzz smoke, wasm + npm package (node --test),
# browser (headless Chromium).
# Installs what is missing first (scripts/setup.sh). Idempotent; safe on a fresh clone.
#
# Nothing may hang the run: each node test file has 5 minutes (Node 20's --test-timeout is per
# file; a file that runs out fails with its name after its last passing test, and --test-force-exit
# ends it even if it left Chromium or a server open), and each stage has a ceiling that fails the
# run with the stage's name. On this 2-core machine the whole run takes about 7 minutes; the
# ceilings are several times what each stage needs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

SECONDS=0
stage() { echo "== [$(printf '%dm%02ds' $((SECONDS / 60)) $((SECONDS % 60)))] $*" >&2; }
# within MINUTES WHAT COMMAND...: runs COMMAND, failing the run if it takes longer than MINUTES.
within() {
  local minutes=$1 what=$2; shift 2
  local status=0
  timeout --kill-after=30s "${minutes}m" "$@" || status=$?
  case "$status" in
    124|137) echo "test.sh: $what did not finish within $minutes minutes and was stopped (exit $status):" \
      "something hangs, or the machine is badly overloaded; the output above shows the last step that ran" >&2 ;;
  esac
  return "$status"
}
NODE_TEST=(node --test --test-concurrency=1 --test-timeout=300000 --test-force-exit)

# The native tests run once, under AddressSanitizer + UBSan: compiling them twice would double the
# longest stage on a 2-core machine. The Release tree builds the CLI the later stages run.
stage "native tests under ASan+UBSan (ctest, build/asan)"
within 30 "the native tests" bash scripts/test-asan.sh
stage "native Release CLI (build/native/mqlite)"
within 15 "the native Release build" bash scripts/build-native.sh mqlite
stage "fuzz smoke run (build/fuzz, docs/FUZZING.md)"
MQLITE_FUZZ_SMOKE_SECONDS="${MQLITE_FUZZ_SMOKE_SECONDS:-10}" within 15 "the fuzz smoke run" bash scripts/fuzz.sh --smoke

stage "wasm module, npm package and its tests (node --test js/test)"
within 15 "the wasm build" bash scripts/build-wasm.sh
within 10 "the npm package build" bash scripts/build-js.sh
within 10 "the npm package tests" "${NODE_TEST[@]}" js/test/*.test.mjs

stage "browser tests (script tag, demo, collector; headless Chromium)"
within 5 "the script tag build" bash scripts/build-tag.sh
within 20 "the browser tests" "${NODE_TEST[@]}" tests/browser/
stage "all tests passed"
