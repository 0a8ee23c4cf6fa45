#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# End-to-end: real rootless podman 4.3 with a PATH whose first newuidmap has
# no setuid bit. `stackprobe doctor` must exit 1 naming that file and the
# folder to put first, and podman must really fail with that PATH; with the
# corrected PATH both succeed.
#
# usage: rootless_podman_test.sh STACKPROBE_BINARY PLUGIN_DIR
# Needs root and: podman runc uidmap slirp4netns fuse-overlayfs catatonit
# (CI: apt-get install -y podman runc uidmap slirp4netns fuse-overlayfs
# catatonit busybox-static).
set -euo pipefail

stackprobe=${1:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR}
plugin_dir=${2:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR}
user_name=stackprobe-e2e

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || fail "this test needs root (useradd, runuser)"
for tool in podman runuser useradd userdel /usr/bin/newuidmap /usr/bin/newgidmap; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing: apt-get install -y podman runc uidmap slirp4netns fuse-overlayfs catatonit busybox-static"
done
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
[[ -f $plugin_dir/doctor.so ]] || fail "doctor plugin missing in $plugin_dir"

work=$(mktemp -d /tmp/stackprobe-e2e-rootless.XXXXXX)
created_user=0
cleanup() {
  if [[ $created_user -eq 1 ]]; then
    # migrate stops the user's pause process, the only one left running.
    as_user /usr/bin:/bin podman system migrate >/dev/null 2>&1 || true
    userdel -r "$user_name" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! id "$user_name" >/dev/null 2>&1; then
  useradd -m "$user_name"
  created_user=1
fi
user_uid=$(id -u "$user_name")
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

# A folder with plain (non-setuid) copies, as /run/current-system/sw/bin on NixOS.
bad_dir=$work/plain-bin
mkdir -p "$bad_dir"
cp /usr/bin/newuidmap /usr/bin/newgidmap "$bad_dir/"
chmod 0755 "$bad_dir/newuidmap" "$bad_dir/newgidmap"
chmod 0755 "$work"

good_path=/usr/local/bin:/usr/bin:/bin
bad_path=$bad_dir:$good_path

as_user() {
  local path=$1
  shift
  runuser -u "$user_name" -- env HOME="$user_home" XDG_RUNTIME_DIR="$runtime_dir" \
    PATH="$path" "$@"
}

# A live pause process would mask the PATH: kill it first.
as_user "$good_path" podman system migrate >/dev/null 2>&1 || true

echo "--- wrong PATH: $bad_path"
set +e
doctor_out=$("$stackprobe" --plugin-dir "$plugin_dir" doctor --user "$user_name" --path "$bad_path" 2>&1)
doctor_rc=$?
set -e
echo "$doctor_out"
[[ $doctor_rc -eq 1 ]] || fail "doctor exited $doctor_rc with the wrong PATH, expected 1"
grep -qF "$bad_dir/newuidmap" <<<"$doctor_out" || fail "doctor does not name $bad_dir/newuidmap"
grep -qF "put /usr/bin before $bad_dir in PATH" <<<"$doctor_out" ||
  fail "doctor does not say to put /usr/bin before $bad_dir"
[[ $(tail -n 1 <<<"$doctor_out") == "containers cannot start: 2 problem(s)" ]] ||
  fail "last line is not the expected verdict"

set +e
podman_out=$(as_user "$bad_path" podman unshare true 2>&1)
podman_rc=$?
set -e
echo "$podman_out"
[[ $podman_rc -ne 0 ]] || fail "podman unshare worked with the wrong PATH"
# podman's log quotes the path as \"...\" when stderr is not a terminal.
grep -F "cannot set up namespace using" <<<"$podman_out" | grep -F "$bad_dir/newuidmap" |
  grep -qF "should have setuid or have filecaps setuid" || fail "podman failed for another reason"

echo "--- corrected PATH: $good_path"
set +e
doctor_out=$("$stackprobe" --plugin-dir "$plugin_dir" doctor --user "$user_name" --path "$good_path" 2>&1)
doctor_rc=$?
set -e
echo "$doctor_out"
[[ $doctor_rc -eq 0 ]] || fail "doctor exited $doctor_rc with the corrected PATH, expected 0"
[[ $(tail -n 1 <<<"$doctor_out") == "containers can start" ]] || fail "verdict is not 'containers can start'"

as_user "$good_path" podman system migrate >/dev/null 2>&1 || true
as_user "$good_path" podman unshare true || fail "podman unshare failed with the corrected PATH"
echo "PASS"
