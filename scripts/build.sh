#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Configures and builds stackprobe with -j2 (Ninja when installed). Usage:
#   scripts/build.sh BUILD_DIR [Release|Debug|RelWithDebInfo] [--target T]... [cmake args]
# Without --target it builds everything (every test included); ./run.sh
# builds only `stackprobe_runtime` (the daemon and the plugins) or
# `stackprobe_demo` in the same folder, so ./test.sh afterwards reuses it.
set -euo pipefail
build_dir=$1
build_type=${2:-RelWithDebInfo}
shift $(($# >= 2 ? 2 : $#))
source_dir=$(cd "$(dirname "$0")/.." && pwd)

targets=()
cmake_args=()
while (($# > 0)); do
  if [[ "$1" == "--target" ]]; then
    targets+=("$2")
    shift 2
  else
    cmake_args+=("$1")
    shift
  fi
done

# A folder configured before keeps its generator; a new one gets Ninja.
if [[ ! -f "$build_dir/CMakeCache.txt" ]] && command -v ninja >/dev/null; then
  cmake_args+=(-G Ninja)
fi
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" "${cmake_args[@]}" >/dev/null
build_args=(--build "$build_dir" -j"${STACKPROBE_JOBS:-2}")
if ((${#targets[@]} > 0)); then
  build_args+=(--target "${targets[@]}")
fi
cmake "${build_args[@]}"
