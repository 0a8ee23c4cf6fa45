#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Stages a built stackprobe the way `cmake --install` lays it out, in a fresh
# folder under /tmp that every user can read and traverse, and prints that
# folder (the prefix). Tests that run stackprobe as another user (runuser,
# a user manager) run PREFIX/bin/stackprobe: the build folder may sit under a
# folder other users cannot enter (root's home is 0700 on Debian), and then
# executing the build's binary in place fails with "Permission denied"
# (exit 126).
#
# usage: bash tests/support/stage_install.sh STACKPROBE_BINARY PLUGIN_DIR [FILE...]
#   STACKPROBE_BINARY  the build's bin/stackprobe
#   PLUGIN_DIR         the build's plugin folder (STACKPROBE_BUILD_PLUGIN_DIR)
#   FILE...            more programs the test needs (a fake podman, ...):
#                      copied into PREFIX/libexec/ under their own names
# prints: PREFIX, holding
#   PREFIX/bin/stackprobe                 0755
#   PREFIX/<plugin dir relative to the build root>/*.so   0755 (the binary
#       finds its plugins there by itself, as an installed one does)
#   PREFIX/libexec/FILE                   0755
# Every folder is 0755 and owned by the caller (root in CI); plugins stay
# owned by the caller, which the loader accepts (root or the running user).
# The caller removes PREFIX (rm -rf) when done.
set -euo pipefail

usage="usage: $0 STACKPROBE_BINARY PLUGIN_DIR [FILE...]"
binary=${1:?$usage}
plugin_dir=${2:?$usage}
shift 2

fail() {
  echo "FAIL: stage_install: $*" >&2
  exit 1
}
[[ -f $binary && -x $binary ]] || fail "$binary is not an executable file"
[[ -d $plugin_dir ]] || fail "plugin folder $plugin_dir is missing"
binary=$(realpath "$binary")
plugin_dir=$(realpath "$plugin_dir")
build_root=$(dirname "$(dirname "$binary")")
case $plugin_dir/ in
  "$build_root"/*) plugin_rel=${plugin_dir#"$build_root"/} ;;
  *) fail "$plugin_dir is not under $build_root, where $binary looks for its plugins" ;;
esac

prefix=$(mktemp -d /tmp/stackprobe-stage.XXXXXX)
staged=0
cleanup_on_error() {
  [[ $staged -eq 1 ]] || rm -rf "$prefix"
}
trap cleanup_on_error EXIT
chmod 0755 "$prefix"
install -d -m 0755 "$prefix/bin" "$prefix/$plugin_rel" "$prefix/libexec"
# install -d leaves existing parents alone: make every level traversable.
dir=$prefix/$plugin_rel
while [[ $dir != "$prefix" ]]; do
  chmod 0755 "$dir"
  dir=$(dirname "$dir")
done
install -m 0755 "$binary" "$prefix/bin/stackprobe"
shopt -s nullglob
plugins=("$plugin_dir"/*.so)
[[ ${#plugins[@]} -gt 0 ]] || fail "no plugins (*.so) in $plugin_dir"
install -m 0755 "${plugins[@]}" "$prefix/$plugin_rel/"
for file in "$@"; do
  [[ -f $file ]] || fail "$file is missing"
  install -m 0755 "$file" "$prefix/libexec/$(basename "$file")"
done
staged=1
echo "$prefix"
