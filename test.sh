#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing (build and test packages: Prometheus, Redis,
# PostgreSQL, podman, ...), builds, and runs every test through CTest.
#   ./test.sh             the normal build, in build/
#   ./test.sh --sanitize  an AddressSanitizer + UndefinedBehaviorSanitizer build, in build-asan/
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test
build_dir=build
cmake_args=()
if [[ "${CI:-}" == "true" ]]; then
  cmake_args+=(-DSTACKPROBE_WERROR=ON)
fi
if [[ -n "${STACKPROBE_FOLDER_FILTER:-}" ]]; then
  cmake_args+=("-DSTACKPROBE_FOLDER_FILTER=$STACKPROBE_FOLDER_FILTER")
fi
build_type=RelWithDebInfo
if [[ "${1:-}" == "--sanitize" ]]; then
  # -O0: sanitizer builds compile much faster and give exact stack traces.
  build_type=Debug
  build_dir=build-asan
  cmake_args+=(-DSTACKPROBE_SANITIZE=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
scripts/build.sh "$build_dir" "$build_type" "${cmake_args[@]}"
ctest_args=(--test-dir "$build_dir" --output-on-failure -j2 --timeout 600)
if [[ -n "${STACKPROBE_CTEST_EXCLUDE_LABEL:-}" ]]; then
  ctest_args+=(-LE "$STACKPROBE_CTEST_EXCLUDE_LABEL")
fi
ctest "${ctest_args[@]}"
