#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# End-to-end: real rootless podman 4.3 and `stackprobe doctor` with the
# incident's PATH, whose first newuidmap/newgidmap are plain 0755 copies.
#
# As root (--user): with that PATH the doctor warns (stackprobe start puts the
# setuid folder first, so the start is not stopped) and exits 0; with
# --no-repair it fails and names the folder to put first. podman really fails
# with the PATH as given and works with the PATH the doctor says podman gets.
#
# As the user, the shipped unit's ExecStartPre= line exactly as the user
# manager runs it at boot (env -i, the unit's environment, the pause process
# gone as after a reboot), so the doctor runs real `podman info` too:
#   incident PATH      exit 0, WARN naming the repair, podman info works;
#   no setuid helper   exit 1 at once, FAIL with the reason, podman info's
#   reachable          evidence is podman's own `level=error` line.
#
# stackprobe runs from a staged install (tests/support/stage_install.sh): the
# build folder may lie under a folder the test user cannot enter.
#
# usage: rootless_podman_test.sh STACKPROBE_BINARY PLUGIN_DIR SYSTEMD_DIR
# Needs root and: podman runc uidmap slirp4netns fuse-overlayfs catatonit
# (CI: apt-get install -y podman runc uidmap slirp4netns fuse-overlayfs
# catatonit busybox-static).
set -euo pipefail

usage="usage: $0 STACKPROBE_BINARY PLUGIN_DIR SYSTEMD_DIR"
stackprobe=${1:?$usage}
plugin_dir=${2:?$usage}
units_dir=${3:?$usage}
user_name="stackprobe-e2e"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../support/test_user.sh
source "$here/../support/test_user.sh"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || fail "this test needs root (useradd, runuser)"
for tool in podman runuser useradd userdel jq /usr/bin/newuidmap /usr/bin/newgidmap; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing: apt-get install -y podman runc uidmap slirp4netns fuse-overlayfs catatonit busybox-static jq"
done
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
[[ -f $plugin_dir/doctor.so ]] || fail "doctor plugin missing in $plugin_dir"
unit=$units_dir/ai-stack-startup.service
[[ -f $unit ]] || fail "$unit is missing"
stackprobe=$(realpath "$stackprobe")
plugin_dir=$(realpath "$plugin_dir")
unit=$(realpath "$unit")
# The user's processes inherit the working folder: a user manager gives its
# services one they can enter, and podman fails ("setting up the process")
# in one it cannot, such as a checkout under /root.
cd /

work=$(mktemp -d /tmp/stackprobe-e2e-rootless.XXXXXX)
prefix=
created_user=0
cleanup() {
  if [[ $created_user -eq 1 ]]; then
    # migrate stops the user's pause process, the only one left running.
    as_user /usr/bin:/bin podman system migrate >/dev/null 2>&1 || true
    userdel -r "$user_name" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  [[ -z $prefix ]] || rm -rf "$prefix"
}
trap cleanup EXIT

prefix=$(bash "$here/../support/stage_install.sh" "$stackprobe" "$plugin_dir")
stackprobe=$prefix/bin/stackprobe

fresh_test_user "$user_name"
created_user=1
user_home=$(getent passwd "$user_name" | cut -d: -f6)
runtime_dir=$work/run
mkdir -p "$runtime_dir" "$user_home/.config/containers"
chmod 0700 "$runtime_dir"
chown "$user_name:" "$runtime_dir"
cat >"$user_home/.config/containers/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
cat >"$user_home/.config/containers/storage.conf" <<'CONF'
[storage]
driver = "overlay"
CONF
chown -R "$user_name:" "$user_home/.config"

# A folder with plain (non-setuid) copies, as /run/current-system/sw/bin on
# NixOS, and one with podman alone (no newuidmap anywhere in it).
bad_dir=$work/plain-bin
only_dir=$work/podman-only
mkdir -p "$bad_dir" "$only_dir"
cp /usr/bin/newuidmap /usr/bin/newgidmap "$bad_dir/"
chmod 0755 "$bad_dir/newuidmap" "$bad_dir/newgidmap"
ln -s "$(command -v podman)" "$only_dir/podman"
chmod 0755 "$work"

good_path=/usr/local/bin:/usr/bin:/bin
bad_path=$bad_dir:$good_path

as_user() {
  local path=$1
  shift
  runuser -u "$user_name" -- env HOME="$user_home" XDG_RUNTIME_DIR="$runtime_dir" \
    PATH="$path" "$@"
}
# What a reboot does to the pause process, which would mask a bad PATH.
kill_pause_process() {
  as_user "$good_path" podman system migrate >/dev/null 2>&1 || true
}
run() {  # COMMAND...: sets out and rc
  set +e
  out=$("$@" 2>&1)
  rc=$?
  set -e
  echo "$out"
}

kill_pause_process

echo "--- as root, incident PATH: $bad_path"
run "$stackprobe" doctor --user "$user_name" --path "$bad_path"
[[ $rc -eq 0 ]] || fail "doctor exited $rc with a PATH stackprobe start repairs, expected 0"
grep -qF "WARN newuidmap_setuid: first newuidmap in PATH, $bad_dir/newuidmap" <<<"$out" ||
  fail "doctor does not warn about $bad_dir/newuidmap"
grep -qF "stackprobe start repairs this: podman gets /usr/bin/newuidmap" <<<"$out" ||
  fail "doctor does not name the repair"
[[ $(tail -n 1 <<<"$out") == "containers can start" ]] || fail "verdict is not 'containers can start'"
podman_path=$("$stackprobe" doctor --user "$user_name" --path "$bad_path" --json | jq -r .podman_path)
[[ $podman_path == /usr/bin:* ]] || fail "the PATH podman gets does not start with /usr/bin: $podman_path"

echo "--- as root, incident PATH judged as given (--no-repair)"
run "$stackprobe" doctor --user "$user_name" --path "$bad_path" --no-repair
[[ $rc -eq 1 ]] || fail "doctor --no-repair exited $rc with the wrong PATH, expected 1"
grep -qF "FAIL newuidmap_setuid: first newuidmap in PATH, $bad_dir/newuidmap" <<<"$out" ||
  fail "doctor does not name $bad_dir/newuidmap"
grep -qF "put /usr/bin before $bad_dir in PATH" <<<"$out" ||
  fail "doctor does not say to put /usr/bin before $bad_dir"
[[ $(grep -c "lib.mkForce" <<<"$out") -eq 1 ]] || fail "the shared NixOS fix is not printed once"
[[ $(tail -n 1 <<<"$out") == "containers cannot start: 2 problem(s)" ]] ||
  fail "last line is not the expected verdict"

echo "--- podman with the PATH as given fails, with the PATH podman gets works"
run as_user "$bad_path" podman unshare true
[[ $rc -ne 0 ]] || fail "podman unshare worked with the wrong PATH"
# podman's log quotes the path as \"...\" when stderr is not a terminal.
grep -F "cannot set up namespace using" <<<"$out" | grep -F "$bad_dir/newuidmap" |
  grep -qF "should have setuid or have filecaps setuid" || fail "podman failed for another reason"
kill_pause_process
as_user "$podman_path" podman unshare true || fail "podman unshare failed with the PATH podman gets"

# The shipped unit's ExecStartPre=, run as the user manager would run it.
exec_start_pre=$(sed -n 's/^ExecStartPre=//p' "$unit")
[[ $exec_start_pre == /usr/local/bin/stackprobe\ * ]] || fail "unexpected ExecStartPre=$exec_start_pre"
read -r -a pre_argv <<<"${exec_start_pre/\/usr\/local\/bin\/stackprobe/$stackprobe}"
shipped_path=$(sed -n 's/^Environment="PATH=\(.*\)"$/\1/p' "$unit")
shipped_path=${shipped_path//%h/$user_home}
[[ -n $shipped_path ]] || fail "no Environment=\"PATH=...\" in $unit"
exec_start_pre_as_user() {  # PATH: sets out, rc, seconds
  local began=$SECONDS
  kill_pause_process
  run runuser -u "$user_name" -- env -i HOME="$user_home" XDG_RUNTIME_DIR="$runtime_dir" \
    PATH="$1" "${pre_argv[@]}"
  seconds=$((SECONDS - began))
  [[ $rc -ne 126 && $out != "env: "*"Permission denied"* ]] ||
    fail "ExecStartPre could not run stackprobe as $user_name (exit $rc)"
}

echo "--- ExecStartPre as $user_name, incident PATH: $bad_dir:$shipped_path"
exec_start_pre_as_user "$bad_dir:$shipped_path"
[[ $rc -eq 0 ]] || fail "ExecStartPre exited $rc with the incident's PATH: the start would not run"
grep -qF "WARN newuidmap_setuid: first newuidmap in PATH, $bad_dir/newuidmap" <<<"$out" ||
  fail "ExecStartPre does not warn about $bad_dir/newuidmap"
grep -qF "stackprobe start repairs this" <<<"$out" || fail "ExecStartPre does not name the repair"
grep -q "podman_info" <<<"$out" && fail "podman info did not work with the PATH podman gets"
[[ $(tail -n 1 <<<"$out") == "containers can start" ]] || fail "ExecStartPre's verdict"
kill_pause_process
run runuser -u "$user_name" -- env -i HOME="$user_home" XDG_RUNTIME_DIR="$runtime_dir" \
  PATH="$bad_dir:$shipped_path" "$stackprobe" doctor --json
[[ $(jq -r '.checks[] | select(.id == "podman_info") | .status' <<<"$out") == ok ]] ||
  fail "podman_info is not ok as $user_name with the incident's PATH"

echo "--- ExecStartPre as $user_name, no setuid helper reachable: $bad_dir:$only_dir"
[[ ! -e /run/wrappers/bin/newuidmap ]] ||
  fail "this host has /run/wrappers/bin/newuidmap (the starter's default setuid_dirs): no unrepairable PATH here"
exec_start_pre_as_user "$bad_dir:$only_dir"
[[ $rc -eq 1 ]] || fail "ExecStartPre exited $rc without any setuid helper, expected 1"
[[ $seconds -le 30 ]] || fail "ExecStartPre took ${seconds}s: it must stop at once"
grep -qF "FAIL newuidmap_setuid: first newuidmap in PATH, $bad_dir/newuidmap" <<<"$out" ||
  fail "ExecStartPre does not name $bad_dir/newuidmap"
grep -qF "stackprobe start cannot repair this" <<<"$out" || fail "ExecStartPre does not say why"
grep -qF "fix (NixOS):   systemd.user.services." <<<"$out" || fail "no NixOS fix"
# podman info's evidence: podman's own error line, not its harmless warning.
grep -A1 "^FAIL podman_info: podman info failed (exit " <<<"$out" | grep -q "said:$" ||
  fail "podman info did not fail with its exit code"
evidence=$(grep -A2 "^FAIL podman_info:" <<<"$out" | tail -n 1)
[[ $evidence == *'level=error msg='*'should have setuid or have filecaps setuid'* ]] ||
  fail "podman_info evidence is not podman's level=error line: $evidence"
[[ $evidence != *"shared mount"* ]] || fail "podman_info evidence is the shared-mount warning"
[[ $(tail -n 1 <<<"$out") == "containers cannot start: "* ]] || fail "ExecStartPre's verdict"
echo "PASS"
