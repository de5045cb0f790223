#!/usr/bin/env bash
# Builds the libFuzzer targets into build/fuzz and runs them (docs/FUZZING.md).
#   scripts/fuzz.sh --smoke            each target for MQLITE_FUZZ_SMOKE_SECONDS (default 20) s
#   scripts/fuzz.sh --long [SECONDS]   each target for SECONDS (default 600), nice'd
#   scripts/fuzz.sh --build            build only
# Seeds are read from tests/fuzz/corpus/<target>/ (never written); inputs libFuzzer finds go to
# build/fuzz/corpus/<target>/, crashes to build/fuzz/artifacts/<target>/. Exit 1 on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(fuzz_model fuzz_state fuzz_ingest)
mode="${1:---smoke}"
case "$mode" in
  --smoke) seconds="${MQLITE_FUZZ_SMOKE_SECONDS:-20}" ;;
  --long) seconds="${2:-600}" ;;
  --build) seconds=0 ;;
  *) echo "usage: scripts/fuzz.sh --smoke | --long [SECONDS] | --build" >&2; exit 2 ;;
esac

CC=clang CXX=clang++ cmake -S . -B build/fuzz -DMQLITE_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/fuzz -j2 --target "${TARGETS[@]}"
[ "$mode" = --build ] && exit 0

nice_cmd=()
[ "$mode" = --long ] && nice_cmd=(nice -n 15)
failed=()
for target in "${TARGETS[@]}"; do
  work="build/fuzz/corpus/$target" artifacts="build/fuzz/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  echo "== fuzz $target for ${seconds}s" >&2
  # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: the machine is shared.
  if ! "${nice_cmd[@]}" "build/fuzz/tests/fuzz/$target" "$work" "tests/fuzz/corpus/$target" \
      -dict=tests/fuzz/json.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=16384 -artifact_prefix="$artifacts/" -print_final_stats=1 \
      >"build/fuzz/$target.log" 2>&1; then
    failed+=("$target")
    tail -n 60 "build/fuzz/$target.log" >&2
  else
    grep -E '^(stat::number_of_executed_units|stat::new_units_added)' "build/fuzz/$target.log" \
      | sed "s/^/  $target /" >&2
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crash in ${failed[*]}: reproducer in build/fuzz/artifacts/<target>/" >&2
  exit 1
fi
echo "fuzz: ${TARGETS[*]}: no crash in ${seconds}s each" >&2
