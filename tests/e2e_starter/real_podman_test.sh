#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# End to end with real podman 4.3: three busybox httpd containers A, B, C
# (B depends on A, C on B) brought up by `stackprobe start`, rootful and
# rootless. With A's healthcheck failing the start exits 1 naming A and B, C
# are never started. Rootless, podman also starts from a PATH whose first
# newuidmap/newgidmap lack setuid, because the starter puts the setuid
# folder first (and says so).
#
# usage: real_podman_test.sh STACKPROBE_BINARY PLUGIN_DIR
# Needs root and: podman runc uidmap slirp4netns fuse-overlayfs catatonit
# busybox-static (CI's scripts/install-deps.sh test list has them).
set -euo pipefail

stackprobe=${1:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR}
plugin_dir=${2:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR}
user_name=stackprobe-e2e-start
image=localhost/stackprobe-e2e-start:latest
names=(sp-e2e-start-a sp-e2e-start-b sp-e2e-start-c)

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

quietly() {  # COMMAND...: runs it, and fails with its output if it fails
  local output
  output=$("$@" 2>&1) || fail "$* failed:
$output"
}

[[ $(id -u) -eq 0 ]] || fail "this test needs root (useradd, runuser)"
for tool in podman runuser useradd userdel ss /bin/busybox /usr/bin/newuidmap /usr/bin/newgidmap; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing: apt-get install -y podman runc uidmap slirp4netns fuse-overlayfs catatonit busybox-static iproute2"
done
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
[[ -f $plugin_dir/starter.so ]] || fail "starter plugin missing in $plugin_dir"

# The build folder may be closed to the user (a checkout under /root, mode
# 0700): run a copy laid out as installed, from a folder everyone can enter.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../support/test_user.sh
source "$here/../support/test_user.sh"
prefix=$(bash "$here/../support/stage_install.sh" "$stackprobe" "$plugin_dir")
stackprobe=$prefix/bin/stackprobe
plugin_dir=$(dirname "$(find "$prefix" -name starter.so -print -quit)")
cd /

work=$(mktemp -d /tmp/stackprobe-e2e-start.XXXXXX)
chmod 0755 "$work"
created_user=0
user_home=
runtime_dir=$work/run

as_user() {  # PATH COMMAND...
  local path=$1
  shift
  runuser -u "$user_name" -- env -i HOME="$user_home" USER="$user_name" \
    XDG_RUNTIME_DIR="$runtime_dir" PATH="$path" "$@"
}

remove_all() {  # RUNNER... (nothing: rootful)
  "$@" podman rm -f -t 1 "${names[@]}" >/dev/null 2>&1 || true
  "$@" podman rmi -f "$image" >/dev/null 2>&1 || true
}

cleanup() {
  CONTAINERS_CONF=$work/containers.conf remove_all
  if [[ $created_user -eq 1 ]]; then
    remove_all as_user /usr/bin:/bin
    as_user /usr/bin:/bin podman system migrate >/dev/null 2>&1 || true
    userdel -r "$user_name" >/dev/null 2>&1 || true
  fi
  rm -rf "$work" "$prefix"
}
trap cleanup EXIT

cat >"$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF

# A busybox image without a registry.
rootfs=$work/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/www"
cp /bin/busybox "$rootfs/bin/"
for applet in $("$rootfs/bin/busybox" --list); do
  [[ $applet == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$rootfs/etc/passwd"
echo 'root:x:0:' >"$rootfs/etc/group"
echo ok >"$rootfs/www/index.html"
tar -C "$rootfs" -cf "$work/bb.tar" .
chmod 0644 "$work/bb.tar"

# Sets `port` to a loopback port nothing listens on, not handed out before
# (no subshell, so used_ports remembers).
read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range
free_port() {
  while :; do
    # Below the ephemeral range: tests running beside this one hold ports
    # of that range for their outgoing connections and port-0 listeners.
    port=$((20000 + RANDOM % (ephemeral_low - 20000)))
    [[ " $used_ports " == *" $port "* ]] && continue
    [[ -z $(ss -Hltn "sport = :$port") ]] && break
  done
  used_ports+=" $port"
}
used_ports=

# create_containers RUNNER... : A, B, C serving on free loopback ports; A's
# healthcheck asks $a_health_port (its own port, or a dead one).
create_containers() {
  local i port health_port
  "$@" podman rm -f -t 1 "${names[@]}" >/dev/null 2>&1 || true
  for i in 0 1 2; do
    free_port
    health_port=$port
    [[ $i -eq 0 ]] && health_port=${a_health_port:-$port}
    "$@" podman create --name "${names[$i]}" --network host --init \
      --health-cmd "wget -q -O /dev/null http://127.0.0.1:$health_port/" \
      --health-interval disable \
      "$image" httpd -f -p "127.0.0.1:$port" -h /www >/dev/null
  done
}

write_config() {  # FILE STATE_FILE
  cat >"$1" <<YAML
probes: []
actions:
  - name: start
    plugin: starter
    config:
      budget: 90s
      poll_interval: 200ms
      state_file: $2
      containers:
        - {name: ${names[0]}, timeout: 15s}
        - {name: ${names[1]}, depends_on: [${names[0]}], timeout: 15s}
        - {name: ${names[2]}, depends_on: [${names[1]}], timeout: 15s}
YAML
  chmod 0644 "$1"
}

started_at() {  # RUNNER... NAME (last argument)
  local name=${*: -1}
  set -- "${@:1:$#-1}"
  "$@" podman container inspect --format '{{.State.StartedAt.UnixNano}}' "$name"
}

status_of() {  # RUNNER... NAME
  local name=${*: -1}
  set -- "${@:1:$#-1}"
  "$@" podman container inspect --format '{{.State.Status}}' "$name"
}

# scenario LABEL CONFIG RUNNER... : the success and the failure case.
scenario() {
  local label=$1 config=$2 output status
  shift 2
  a_health_port= create_containers "$@"
  set +e
  output=$("$@" "$stackprobe" --plugin-dir "$plugin_dir" --config "$config" start 2>&1)
  status=$?
  set -e
  [[ $status -eq 0 ]] || fail "$label: start exited $status:
$output"
  local a b c
  a=$(started_at "$@" "${names[0]}")
  b=$(started_at "$@" "${names[1]}")
  c=$(started_at "$@" "${names[2]}")
  [[ $a -lt $b && $b -lt $c ]] || fail "$label: start order A=$a B=$b C=$c"
  echo "ok: $label: A, B, C started in order"

  # Idempotent: a second start leaves them alone.
  output=$("$@" "$stackprobe" --plugin-dir "$plugin_dir" --config "$config" start 2>&1) ||
    fail "$label: second start failed: $output"
  [[ $(started_at "$@" "${names[0]}") == "$a" ]] || fail "$label: A was restarted"
  grep -q already_ready <<<"$output" || fail "$label: second run did not say already_ready: $output"
  echo "ok: $label: second start is a no-op"

  a_health_port=1 create_containers "$@"
  set +e
  output=$("$@" "$stackprobe" --plugin-dir "$plugin_dir" --config "$config" start 2>&1)
  status=$?
  set -e
  [[ $status -eq 1 ]] || fail "$label: failing A: exit $status, expected 1:
$output"
  grep -q "failed: ${names[0]} timeout" <<<"$output" || fail "$label: output does not name A:
$output"
  [[ $(status_of "$@" "${names[1]}") == created ]] || fail "$label: B was started"
  [[ $(status_of "$@" "${names[2]}") == created ]] || fail "$label: C was started"
  echo "ok: $label: failing A exits 1, B and C not started"
  "$@" podman rm -f -t 1 "${names[@]}" >/dev/null
}

# --- rootful ---------------------------------------------------------------
export CONTAINERS_CONF=$work/containers.conf
quietly podman import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin:/usr/bin' \
  "$work/bb.tar" "$image"
write_config "$work/root.yml" "$work/root-state.json"
scenario rootful "$work/root.yml" env
remove_all
unset CONTAINERS_CONF

# --- rootless --------------------------------------------------------------
fresh_test_user "$user_name"
created_user=1
user_home=$(getent passwd "$user_name" | cut -d: -f6)
mkdir -p "$runtime_dir" "$user_home/.config/containers"
chmod 0700 "$runtime_dir"
chown "$user_name:" "$runtime_dir"
cp "$work/containers.conf" "$user_home/.config/containers/containers.conf"
printf '[storage]\ndriver = "overlay"\n' >"$user_home/.config/containers/storage.conf"
chown -R "$user_name:" "$user_home/.config"

good_path=/usr/local/bin:/usr/bin:/bin
quietly as_user "$good_path" podman import --change 'CMD ["/bin/sh"]' \
  --change 'ENV PATH=/bin:/usr/bin' "$work/bb.tar" "$image"
write_config "$work/user.yml" "$user_home/last-start.json"
scenario rootless "$work/user.yml" as_user "$good_path"

# The seed failure: plain copies of newuidmap/newgidmap first in PATH.
bad_dir=$work/plain-bin
mkdir -p "$bad_dir"
cp /usr/bin/newuidmap /usr/bin/newgidmap "$bad_dir/"
chmod 0755 "$bad_dir/newuidmap" "$bad_dir/newgidmap"
bad_path=$bad_dir:$good_path
quietly as_user "$good_path" podman system migrate
if as_user "$bad_path" podman unshare true >/dev/null 2>&1; then
  fail "podman worked with a non-setuid newuidmap first: the seed failure is not reproduced"
fi
quietly as_user "$good_path" podman system migrate
a_health_port= create_containers as_user "$good_path"
quietly as_user "$good_path" podman system migrate
set +e
output=$(as_user "$bad_path" "$stackprobe" --plugin-dir "$plugin_dir" --config "$work/user.yml" start 2>&1)
status=$?
set -e
[[ $status -eq 0 ]] || fail "rootless with a bad PATH: start exited $status:
$output"
grep -q "PATH reordered: /usr/bin first" <<<"$output" ||
  fail "the start did not say it reordered PATH:
$output"
echo "ok: rootless with a non-setuid newuidmap first in PATH starts (PATH reordered)"
exit 0
