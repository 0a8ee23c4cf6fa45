#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# CI entry for fuzzing: configures BUILD_DIR (default build-fuzz) with
# clang-14 and STACKPROBE_FUZZ=ON (only the folders the targets need),
# builds the *_fuzzer targets and runs `ctest -L fuzz` (each target for
# STACKPROBE_FUZZ_SECONDS, default 60; two targets at a time, each on one
# core). Needs the Debian packages clang-14
# and libclang-rt-14-dev (scripts/install-deps.sh test).
#   fuzz/ci.sh [BUILD_DIR] [SECONDS]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$root/build-fuzz}
seconds=${2:-${STACKPROBE_FUZZ_SECONDS:-60}}
jobs=${STACKPROBE_JOBS:-2}

for tool in clang-14 clang++-14; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool is missing (apt-get install clang-14 libclang-rt-14-dev)" >&2
    exit 1
  fi
done

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DSTACKPROBE_FUZZ=ON -DSTACKPROBE_BUILD_TESTS=OFF \
  -DSTACKPROBE_FUZZ_SECONDS="$seconds" \
  -DSTACKPROBE_FOLDER_FILTER='^(http|qdrant|aidb|telemetry)$' >/dev/null

targets=(config_fuzzer json_assertion_fuzzer telemetry_fuzzer http_request_fuzzer
         qdrant_fuzzer aidb_fuzzer exposition_fuzzer)
cmake --build "$build_dir" --target "${targets[@]}" -j"$jobs"
ctest --test-dir "$build_dir" -L '^fuzz$' --output-on-failure -j"$jobs"
