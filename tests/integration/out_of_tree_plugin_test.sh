#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The SDK end to end, as plugins/README.md tells a plugin author: the ```sh
# blocks of its section "From nothing to a tested, loaded plugin" run as
# written, in order, in one shell: install stackprobe into a prefix, build
# the example plugin against that installation only, run its unit test (the
# test kit), `stackprobe plugins --check` it, install it into a plugin
# folder, run the daemon and scrape it. The only changes: HOME is a fresh
# folder, the shell starts in a view of the source tree whose `build` is
# BUILD_DIR, CXX is CXX_COMPILER, and the README's port 9877 becomes a free
# one. Then: the plugin is the one CXX_COMPILER built (g++ or clang++
# against the same libstdc++: it must load all the same), and
# `plugins --check` of the installed binary fails a broken plugin with the
# reason.
# Usage: out_of_tree_plugin_test.sh BUILD_DIR SOURCE_DIR CXX_COMPILER BROKEN_PLUGIN
set -euo pipefail
build_dir=$1
source_dir=$2
cxx_compiler=$3
broken_plugin=$4
readme="$source_dir/plugins/README.md"
work=$(mktemp -d /tmp/stackprobe-sdk-XXXXXX)
chmod 0755 "$work"
walkthrough_pid=""
cleanup() {
  # The walkthrough and the daemon it starts are one process group.
  [[ -n "$walkthrough_pid" ]] && kill -- "-$walkthrough_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The commands, as the README shows them.
awk '
  /^## / { in_section = ($0 == "## From nothing to a tested, loaded plugin") }
  in_section && /^```sh[[:space:]]*$/ { in_block = 1; next }
  in_block && /^```/ { in_block = 0; print ""; next }
  in_block { print }
' "$readme" >"$work/readme_commands.sh"
for step in 'cmake --install build' 'ctest --test-dir build' \
  'stackprobe plugins --check build/disk_free.so' 'install -m' ' serve' \
  'curl '; do
  grep -qF -- "$step" "$work/readme_commands.sh" ||
    { echo "$readme shows no \"$step\" in its walkthrough"; exit 1; }
done
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
{
  echo 'set -euxo pipefail'
  sed "s/127\.0\.0\.1:9877/127.0.0.1:$port/g" "$work/readme_commands.sh"
} >"$work/walkthrough.sh"

mkdir -m 0755 "$work/home" "$work/source"
ln -s "$build_dir" "$work/source/build"
ln -s "$source_dir/examples" "$work/source/examples"
(cd "$work/source" &&
  HOME="$work/home" CXX="$cxx_compiler" exec setsid bash "$work/walkthrough.sh") \
  >"$work/walkthrough.log" 2>&1 &
walkthrough_pid=$!
if ! wait "$walkthrough_pid"; then
  walkthrough_pid=""
  echo "the walkthrough of $readme failed:"
  cat "$work/walkthrough.log"
  exit 1
fi
walkthrough_pid=""
grep -q '^100% tests passed' "$work/walkthrough.log" ||
  { echo "the example's unit test did not run:"; cat "$work/walkthrough.log"; exit 1; }
grep -q '^stackprobe_disk_free_available_bytes{probe="root_disk"} [0-9]' "$work/walkthrough.log" ||
  { echo "no disk_free sample in the scrape:"; cat "$work/walkthrough.log"; exit 1; }
grep -q 'disk_free.so: 7 passed, 0 failed$' "$work/walkthrough.log" ||
  { echo "plugins --check did not pass:"; cat "$work/walkthrough.log"; exit 1; }

# The library's .comment names clang when clang built it: the plugin loaded
# above is the one CXX_COMPILER made.
plugin="$work/home/.local/lib/stackprobe/plugins/disk_free.so"
built_by_clang=no
if readelf -p .comment "$plugin" | grep -q 'clang version'; then
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

# A plugin that loads but breaks the contract: the installed binary's check
# fails it and says why.
set +e
broken_report=$("$work/home/stackprobe-sdk/bin/stackprobe" plugins --check "$broken_plugin" 2>&1)
broken_code=$?
set -e
if [[ $broken_code -ne 1 ]] || ! grep -q '^FAIL samples: requests-per-second: ' <<<"$broken_report"; then
  echo "plugins --check $broken_plugin exited $broken_code:"
  echo "$broken_report"
  exit 1
fi
echo "out-of-tree plugin built with $cxx_compiler, unit-tested, checked and scraped"
