#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs libFuzzer targets built with STACKPROBE_FUZZ=ON.
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# Each target (default: every *_fuzzer in BUILD_DIR/bin) fuzzes for SECONDS,
# starting from a scratch copy of fuzz/corpus/<target>/ plus the committed
# regressions. A finding (crash, sanitizer report, leak, timeout, OOM) fails
# the script and leaves the input under BUILD_DIR/fuzz-artifacts/; commit it
# to fuzz/regressions/<target>/ with the fix, and the replay test in the
# normal build keeps it fixed.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
seconds=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for binary in "$build_dir"/bin/*_fuzzer; do
    [[ -x $binary ]] || continue
    name=$(basename "$binary")
    targets+=("${name%_fuzzer}")
  done
fi
if [[ ${#targets[@]} -eq 0 ]]; then
  echo "FAIL: no *_fuzzer binaries in $build_dir/bin (configure with -DSTACKPROBE_FUZZ=ON and clang)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts="$build_dir/fuzz-artifacts"
mkdir -p "$artifacts"

failed=()
for name in "${targets[@]}"; do
  binary="$build_dir/bin/${name}_fuzzer"
  if [[ ! -x $binary ]]; then
    echo "FAIL: $binary is missing" >&2
    failed+=("$name")
    continue
  fi
  corpus="$work/$name"
  mkdir -p "$corpus"
  seeds=()
  for folder in "$here/corpus/$name" "$here/regressions/$name"; do
    [[ -d $folder ]] && seeds+=("$folder")
  done
  echo "== $name: ${seconds}s"
  # detect_leaks stays on: a leak is a finding too.
  if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
      UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
      "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/${name}-" "$corpus" "${seeds[@]}" \
        >"$work/$name.log" 2>&1; then
    tail -n 60 "$work/$name.log" >&2
    echo "FAIL: $name found a problem; the input is in $artifacts/ (copy it to fuzz/regressions/$name/)" >&2
    failed+=("$name")
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$name.log" || true
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing passed: ${targets[*]}"
