#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The SDK end to end: install stackprobe into a temporary prefix, build the
# out-of-tree example plugin against that installation only, load it with the
# installed binary, and find its samples in a scrape. CXX_COMPILER may be
# another compiler than the build's (g++ or clang++ against the same
# libstdc++): the plugin must load all the same.
# Usage: out_of_tree_plugin_test.sh BUILD_DIR EXAMPLE_DIR CXX_COMPILER
set -euo pipefail
build_dir=$1
example_dir=$2
cxx_compiler=$3
work=$(mktemp -d /tmp/stackprobe-sdk-XXXXXX)
chmod 0755 "$work"
daemon_pid=""
cleanup() {
  [[ -n "$daemon_pid" ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/stackprobe/plugin.h"

cmake -S "$example_dir" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_COMPILER="$cxx_compiler" >/dev/null
cmake --build "$work/example" >/dev/null
# The library's .comment names clang when clang built it: the plugin loaded
# below is the one CXX_COMPILER made.
built_by_clang=no
if readelf -p .comment "$work/example/disk_free.so" | grep -q 'clang version'; then
  built_by_clang=yes
fi
wanted_clang=no
if "$cxx_compiler" --version | head -n1 | grep -q clang; then
  wanted_clang=yes
fi
if [[ "$built_by_clang" != "$wanted_clang" ]]; then
  echo "disk_free.so was not built by $cxx_compiler (clang: $built_by_clang)"
  exit 1
fi
install -d -m 0755 "$work/plugins"
install -m 0755 "$work/example/disk_free.so" "$work/plugins/disk_free.so"

cat >"$work/stackprobe.yml" <<YAML
listen: ["127.0.0.1:0"]
plugin_dirs: ["$work/plugins"]
probes:
  - {name: root_disk, plugin: disk_free, interval: 1s, timeout: 1s, config: {path: /}}
YAML
"$work/prefix/bin/stackprobe" --config "$work/stackprobe.yml" config check
"$work/prefix/bin/stackprobe" --config "$work/stackprobe.yml" serve 2>"$work/log" &
daemon_pid=$!

address=""
for _ in $(seq 1 200); do
  address=$(grep -o 'addresses=[0-9.:]*' "$work/log" | head -n1 | cut -d= -f2 || true)
  [[ -n "$address" ]] && break
  sleep 0.05
done
[[ -n "$address" ]] || { echo "the daemon did not start:"; cat "$work/log"; exit 1; }

for _ in $(seq 1 100); do
  if curl -sf "http://$address/metrics" | grep -q '^stackprobe_disk_free_available_bytes{probe="root_disk"} [0-9]'; then
    curl -sf "http://$address/metrics" | grep '^stackprobe_plugin_info{.*plugin="disk_free"'
    echo "out-of-tree plugin scraped"
    exit 0
  fi
  sleep 0.1
done
echo "no disk_free sample in the scrape:"
curl -s "http://$address/metrics" | grep -v '^#' | head -n 40
cat "$work/log"
exit 1
