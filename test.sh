#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing (build and test packages: Prometheus, Redis,
# PostgreSQL, podman, ...), builds, and runs every test through CTest.
#   ./test.sh             the normal build, in build/, and every test
#   ./test.sh --quick     the same build, then only the unit tests (label
#                         `unit`: the core's modules and every plugin), for
#                         the edit loop
#   ./test.sh --sanitize  an AddressSanitizer + UndefinedBehaviorSanitizer
#                         build (clang 14), in build-asan/, and its tests
#   ./test.sh --fuzz      the libFuzzer targets of that same build, each for
#                         STACKPROBE_FUZZ_SECONDS (default 60), two at a time
# STACKPROBE_FOLDER_FILTER=REGEX builds only the plugins/ and tests/ folders
# whose names match; STACKPROBE_CTEST_JOBS=N runs N tests at a time (2);
# extra arguments after the mode go to ctest (-R, -L, ...).
set -euo pipefail
cd "$(dirname "$0")"
mode=full
case "${1:-}" in
  --quick) mode=quick; shift ;;
  --sanitize) mode=sanitize; shift ;;
  --fuzz) mode=fuzz; shift ;;
esac
scripts/install-deps.sh test
build_dir=build
build_type=RelWithDebInfo
cmake_args=()
if [[ "${CI:-}" == "true" ]]; then
  cmake_args+=(-DSTACKPROBE_WERROR=ON)
fi
if [[ -n "${STACKPROBE_FOLDER_FILTER:-}" ]]; then
  cmake_args+=("-DSTACKPROBE_FOLDER_FILTER=$STACKPROBE_FOLDER_FILTER")
fi
ctest_args=(--output-on-failure --timeout 600)
ctest_jobs=${STACKPROBE_CTEST_JOBS:-2}
exclude_label=${STACKPROBE_CTEST_EXCLUDE_LABEL:-}
build_targets=()
case "$mode" in
  quick) ctest_args+=(-L '^unit$') ;;
  sanitize | fuzz)
    # One clang build serves both: the tests under the sanitizers, and the
    # libFuzzer targets (every library compiled with coverage for them).
    # -O0: sanitizer builds compile much faster and give exact stack traces.
    build_type=Debug
    build_dir=build-asan
    # Line tables are all a sanitizer report needs (-g1, not -g).
    cmake_args+=(-DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14
      -DSTACKPROBE_SANITIZE=ON -DSTACKPROBE_FUZZ=ON
      "-DSTACKPROBE_FUZZ_SECONDS=${STACKPROBE_FUZZ_SECONDS:-60}"
      -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DCMAKE_C_FLAGS_DEBUG=-g1)
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    if [[ "$mode" == fuzz ]]; then
      build_targets=(--target stackprobe_fuzzers)
      ctest_args+=(-L '^fuzz$')
      ctest_jobs=2  # libFuzzer runs on one core: one target per core
    else
      exclude_label="^fuzz\$${exclude_label:+|$exclude_label}"
    fi
    ;;
esac
ctest_args+=(-j"$ctest_jobs")
scripts/build.sh "$build_dir" "$build_type" "${build_targets[@]}" "${cmake_args[@]}"
if [[ -n "$exclude_label" ]]; then
  ctest_args+=(-LE "$exclude_label")
fi
ctest --test-dir "$build_dir" "${ctest_args[@]}" "$@"
