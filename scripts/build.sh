#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Configures and builds stackprobe with -j2. Usage:
#   scripts/build.sh BUILD_DIR [Release|Debug|RelWithDebInfo] [extra cmake args]
set -euo pipefail
build_dir=$1
build_type=${2:-RelWithDebInfo}
shift $(( $# >= 2 ? 2 : $# ))
source_dir=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" "$@" >/dev/null
cmake --build "$build_dir" -j2
