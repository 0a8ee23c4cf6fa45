#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Guards issue #19: a newcomer clones into root's home (mode 0700 on Debian)
# and the tests that run stackprobe as another user must still pass. This
# copies the source's tests/ and systemd/ folders and the build's binary,
# plugins and fake podman into a folder of mode 0700, checks that another
# user really cannot reach the copied binary, then runs TEST_SCRIPT from the
# copy and fails when it does not pass (or when anything says
# "Permission denied" / exit 126 about stackprobe).
#
# usage: private_build_dir_test.sh SOURCE_DIR STACKPROBE_BINARY PLUGIN_DIR FAKE_PODMAN TEST_SCRIPT [ARG...]
#   TEST_SCRIPT: a path relative to SOURCE_DIR (e.g.
#   tests/e2e_starter/boot_simulation_test.sh); in ARGs @stackprobe@,
#   @plugins@, @fake_podman@ and @source@ stand for the private copies.
set -euo pipefail

usage="usage: $0 SOURCE_DIR STACKPROBE_BINARY PLUGIN_DIR FAKE_PODMAN TEST_SCRIPT [ARG...]"
source_dir=${1:?$usage}
stackprobe=${2:?$usage}
plugin_dir=${3:?$usage}
fake_podman=${4:?$usage}
test_script=${5:?$usage}
shift 5

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ $(id -u) -eq 0 ]] ||
  fail "this test needs root: it checks that tests running stackprobe as another user pass from a folder only root can enter"
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
[[ -d $plugin_dir ]] || fail "plugin folder $plugin_dir is missing"
[[ -x $fake_podman ]] || fail "fake podman $fake_podman is missing"
[[ -f $source_dir/$test_script ]] || fail "$source_dir/$test_script is missing"

private=$(mktemp -d /tmp/stackprobe-private.XXXXXX)
trap 'rm -rf "$private"' EXIT
chmod 0700 "$private"

# A clone with its build folder inside, as under /root.
clone=$private/stackprobe
build=$clone/build
build_root=$(dirname "$(dirname "$(realpath "$stackprobe")")")
plugin_rel=$(realpath --relative-to="$build_root" "$plugin_dir")
[[ $plugin_rel != ../* ]] || fail "$plugin_dir is not inside the build folder $build_root"
mkdir -p "$clone/tests" "$build/bin" "$build/$plugin_rel" "$build/test-bin"
cp -a "$source_dir/systemd" "$clone/"
for dir in support e2e_starter e2e_rootless fixtures; do
  [[ -d $source_dir/tests/$dir ]] && cp -a "$source_dir/tests/$dir" "$clone/tests/"
done
cp -a "$stackprobe" "$build/bin/stackprobe"
cp -a "$plugin_dir"/*.so "$build/$plugin_rel/"
cp -a "$fake_podman" "$build/test-bin/fake-podman"

# The precondition this guards: another user cannot reach the build.
id nobody >/dev/null 2>&1 || fail "user nobody is missing"
if runuser -u nobody -- test -x "$build/bin/stackprobe" 2>/dev/null; then
  fail "nobody can reach $build/bin/stackprobe: the folder is not private, nothing is tested"
fi

args=()
for arg in "$@"; do
  arg=${arg//@stackprobe@/$build/bin/stackprobe}
  arg=${arg//@plugins@/$build/$plugin_rel}
  arg=${arg//@fake_podman@/$build/test-bin/fake-podman}
  arg=${arg//@source@/$clone}
  args+=("$arg")
done
echo "+ $clone/$test_script ${args[*]}"
set +e
output=$(cd "$private" && bash "$clone/$test_script" "${args[@]}" 2>&1)
status=$?
set -e
echo "$output"
if grep -E 'stackprobe[^ ]*: Permission denied|exited 126' <<<"$output"; then
  fail "$test_script could not execute stackprobe from a private build folder"
fi
[[ $status -eq 0 ]] || fail "$test_script exited $status from a build folder under a 0700 folder"
echo "PASS: $test_script passes from a build under a 0700 folder"
