#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# End to end with real rootless podman 4.3 and a compose file shaped like the
# AI stack's (LEGACY-CONTRACT.md section 3): container_name, network_mode
# host, x-podman in_pod false, long-form depends_on with service_healthy, CMD
# and CMD-SHELL health checks, variables from .env; three busybox httpd
# services db <- api <- web. As the rootless user, with plain (not setuid)
# newuidmap/newgidmap copies first in PATH and no pause process alive,
# `stackprobe start` (compose_file: only) must:
#   1. create the three missing containers and bring them up healthy, in
#      order, exit 0 (PATH reordered);
#   2. start nothing on a second run;
#   3. after `podman-compose down`, create and start them again; with
#      NOTIFY_SOCKET set (as in a Type=notify unit), no MAINPID= from conmon
#      reaches the socket (podman sends one per started container when it
#      inherits NOTIFY_SOCKET, measured), while stackprobe's STATUS= do;
#   4. with db's health check failing, exit 1 naming db, api and web created
#      but never started.
# It also checks the created containers carry podman-compose's labels and
# the compose file's health check tests, and prints the run times.
#
# usage: compose_podman_test.sh STACKPROBE_BINARY PLUGIN_DIR
# Needs root and: podman runc uidmap slirp4netns fuse-overlayfs catatonit
# busybox-static podman-compose iproute2 jq python3.
set -euo pipefail

stackprobe=${1:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR}
plugin_dir=${2:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR}
user_name=stackprobe-e2e-compose
image=localhost/stackprobe-e2e-compose:latest
names=(sp-compose-db sp-compose-api sp-compose-web)

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || fail "this test needs root (useradd, runuser)"
for tool in podman podman-compose runuser useradd userdel ss jq python3 /bin/busybox /usr/bin/newuidmap /usr/bin/newgidmap; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing: apt-get install -y podman runc uidmap slirp4netns fuse-overlayfs catatonit busybox-static podman-compose iproute2 jq python3"
done
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
[[ -f $plugin_dir/starter.so ]] || fail "starter plugin missing in $plugin_dir"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../support/test_user.sh
source "$here/../support/test_user.sh"

work=$(mktemp -d /tmp/stackprobe-e2e-compose.XXXXXX)
chmod 0755 "$work"
created_user=0
user_home=
runtime_dir=$work/run
good_path=/usr/local/bin:/usr/bin:/bin

extra_env=()  # more VAR=VALUE for as_user
as_user() {  # PATH COMMAND...
  local path=$1
  shift
  runuser -u "$user_name" -- env -i HOME="$user_home" USER="$user_name" \
    XDG_RUNTIME_DIR="$runtime_dir" PATH="$path" "${extra_env[@]}" "$@"
}

listener=
cleanup() {
  [[ -n $listener ]] && kill "$listener" 2>/dev/null
  if [[ $created_user -eq 1 ]]; then
    as_user "$good_path" podman rm -f -t 1 "${names[@]}" >/dev/null 2>&1 || true
    as_user "$good_path" podman system migrate >/dev/null 2>&1 || true
    userdel -r "$user_name" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The build folder may be unreadable for the user (a checkout under /root):
# stage the binary and the plugin where the user can read them.
stage=$work/stage
mkdir -p "$stage/plugins"
cp "$stackprobe" "$stage/stackprobe"
cp "$plugin_dir/starter.so" "$stage/plugins/"
chmod -R a+rX,go-w "$stage"
# Rootless podman fails ("invalid internal status") when the user cannot
# enter the current folder, as a build folder under /root.
cd /

fresh_test_user "$user_name"
created_user=1
user_home=$(getent passwd "$user_name" | cut -d: -f6)
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
printf '[storage]\ndriver = "overlay"\n' >"$user_home/.config/containers/storage.conf"
chown -R "$user_name:" "$user_home/.config"

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
as_user "$good_path" podman import --change 'CMD ["/bin/sh"]' \
  --change 'ENV PATH=/bin:/usr/bin' "$work/bb.tar" "$image" >/dev/null 2>&1 ||
  fail "podman import failed"

# Loopback ports nothing listens on, distinct.
used_ports=
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

# The stack: its folder name is the project name (as for podman-compose).
stack=$work/stack
mkdir -p "$stack"
cat >"$stack/docker-compose.yml" <<YAML
version: "3.9"
x-podman:
  in_pod: false
services:
  db:
    image: $image
    container_name: sp-compose-db
    network_mode: host
    restart: unless-stopped
    init: true
    command: ["httpd", "-f", "-p", "127.0.0.1:\${DB_PORT}", "-h", "/www"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:\${DB_HEALTH_PORT:-\${DB_PORT}}/"]
      interval: 2s
      timeout: 2s
      retries: 2
  api:
    image: $image
    container_name: sp-compose-api
    network_mode: host
    restart: unless-stopped
    init: true
    environment:
      STACK_NAME: \${STACK_NAME:-e2e}
    command: httpd -f -p 127.0.0.1:\${API_PORT} -h /www
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:\${API_PORT}/ && test -n \"\$\$STACK_NAME\""]
      interval: 2s
      timeout: 2s
      retries: 2
  web:
    image: $image
    container_name: sp-compose-web
    network_mode: host
    restart: unless-stopped
    init: true
    command: httpd -f -p 127.0.0.1:\${WEB_PORT} -h /www
    depends_on:
      api:
        condition: service_healthy
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:\${WEB_PORT}/"]
      interval: 2s
      timeout: 2s
      retries: 2
YAML
write_env() {  # [DB_HEALTH_PORT]
  free_port
  local db=$port
  free_port
  local api=$port
  free_port
  {
    echo "DB_PORT=$db"
    echo "API_PORT=$api"
    echo "WEB_PORT=$port"
    echo "STACK_NAME=compose-e2e"
    [[ -n ${1:-} ]] && echo "DB_HEALTH_PORT=$1"
    true
  } >"$stack/.env"
}
write_env
chown -R "$user_name:" "$stack"

state_file=$user_home/last-start.json
config=$work/stackprobe.yml
cat >"$config" <<YAML
probes: []
actions:
  - name: start
    plugin: starter
    config:
      compose_file: $stack/docker-compose.yml
      budget: 150s
      poll_interval: 200ms
      max_poll_interval: 2s
      state_file: $state_file
YAML
chmod 0644 "$config"

# The seed failure: plain copies of newuidmap/newgidmap first in PATH.
bad_dir=$work/plain-bin
mkdir -p "$bad_dir"
cp /usr/bin/newuidmap /usr/bin/newgidmap "$bad_dir/"
chmod 0755 "$bad_dir/newuidmap" "$bad_dir/newgidmap"
bad_path=$bad_dir:$good_path
as_user "$good_path" podman system migrate >/dev/null 2>&1
if as_user "$bad_path" podman unshare true >/dev/null 2>&1; then
  fail "podman worked with a non-setuid newuidmap first: the seed failure is not reproduced"
fi

# Runs `stackprobe start` as the user with the bad PATH; sets output, status,
# took. With "fresh", first kills the user's pause process (`podman system
# migrate`, which also stops running containers), as a boot does.
start() {  # [fresh]
  if [[ ${1:-} == fresh ]]; then
    as_user "$good_path" podman system migrate >/dev/null 2>&1
  fi
  local began=$SECONDS
  set +e
  output=$(as_user "$bad_path" "$stage/stackprobe" --plugin-dir "$stage/plugins" \
    --config "$config" start 2>&1)
  status=$?
  set -e
  took=$((SECONDS - began))
}
inspect() {  # FORMAT NAME
  as_user "$good_path" podman container inspect --format "$1" "$2"
}
results() { jq -r '[.containers[] | .result] | join(" ")' "$state_file"; }
created() { jq -r '[.containers[] | .created] | join(" ")' "$state_file"; }

# 1. Nothing exists: create, start in order, healthy.
for name in "${names[@]}"; do
  ! as_user "$good_path" podman container exists "$name" 2>/dev/null || fail "$name exists before the test"
done
start fresh
[[ $status -eq 0 ]] || fail "first start exited $status:
$output"
grep -q "PATH reordered: /usr/bin first" <<<"$output" || fail "no PATH reordered line:
$output"
[[ $(results) == "ready ready ready" ]] || fail "results: $(results)"
[[ $(created) == "true true true" ]] || fail "created: $(created)"
for name in "${names[@]}"; do
  [[ $(inspect '{{.State.Status}}' "$name") == running ]] || fail "$name is not running"
  as_user "$good_path" podman healthcheck run "$name" >/dev/null || fail "$name is not healthy"
done
db=$(inspect '{{.State.StartedAt.UnixNano}}' sp-compose-db)
api=$(inspect '{{.State.StartedAt.UnixNano}}' sp-compose-api)
web=$(inspect '{{.State.StartedAt.UnixNano}}' sp-compose-web)
[[ $db -lt $api && $api -lt $web ]] || fail "start order db=$db api=$api web=$web"
[[ $(inspect '{{index .Config.Labels "com.docker.compose.project"}}' sp-compose-api) == stack ]] ||
  fail "no podman-compose project label"
[[ $(inspect '{{index .Config.Labels "com.docker.compose.service"}}' sp-compose-api) == api ]] ||
  fail "no podman-compose service label"
db_port=$(sed -n 's/^DB_PORT=//p' "$stack/.env")
api_port=$(sed -n 's/^API_PORT=//p' "$stack/.env")
test_of() { inspect '{{json .Config.Healthcheck.Test}}' "$1" | jq -c .; }
[[ $(test_of sp-compose-db) == '["CMD","wget","-q","-O","/dev/null","http://127.0.0.1:'"$db_port"'/"]' ]] ||
  fail "db's health check test is not the compose file's: $(test_of sp-compose-db)"
[[ $(test_of sp-compose-api) == "$(jq -nc --arg t "wget -q -O /dev/null http://127.0.0.1:$api_port/ && test -n \"\$STACK_NAME\"" '["CMD-SHELL", $t]')" ]] ||
  fail "api's health check test is not the compose file's: $(test_of sp-compose-api)"
echo "ok: created and started db, api, web in order, healthy, from a bad PATH ($took s)"
first_took=$(jq .duration_seconds "$state_file")

# 2. A second run starts nothing.
start
[[ $status -eq 0 ]] || fail "second start exited $status:
$output"
[[ $(results) == "already_ready already_ready already_ready" ]] || fail "second run: $(results)"
[[ $(inspect '{{.State.StartedAt.UnixNano}}' sp-compose-db) == "$db" ]] || fail "db was restarted"
echo "ok: the second start starts nothing ($took s)"

# 3. After podman-compose down, the next start recreates them.
(cd "$stack" && as_user "$good_path" podman-compose down >/dev/null 2>&1) || fail "podman-compose down failed"
for name in "${names[@]}"; do
  ! as_user "$good_path" podman container exists "$name" 2>/dev/null || fail "$name survived podman-compose down"
done
# A notify socket, as systemd gives a Type=notify unit; the user may write.
notify_dir=$work/notify
mkdir -p "$notify_dir"
chmod 0777 "$notify_dir"
cat >"$work/listen.py" <<'PY'
import json, os, socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
sock.settimeout(300)
with open(sys.argv[2], "w") as out:
    print("ready", flush=True)
    while True:
        data = sock.recv(1 << 16).decode(errors="replace")
        if data == "STOP":
            break
        out.write(json.dumps(data) + "\n")
        out.flush()
PY
coproc LISTEN { python3 "$work/listen.py" "$notify_dir/sock" "$work/notify.jsonl"; }
listener=$LISTEN_PID
read -r -u "${LISTEN[0]}" _ || fail "the notify listener did not start"
extra_env=("NOTIFY_SOCKET=$notify_dir/sock")
start fresh
extra_env=()
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"STOP", sys.argv[1])' "$notify_dir/sock"
wait "$listener" || true
listener=
[[ $status -eq 0 ]] || fail "start after down exited $status:
$output"
[[ $(results) == "ready ready ready" && $(created) == "true true true" ]] ||
  fail "after down: $(results) / $(created)"
! grep -q 'MAINPID=' "$work/notify.jsonl" ||
  fail "a MAINPID= reached the unit's notify socket: $(grep MAINPID= "$work/notify.jsonl")"
grep -q 'STATUS=' "$work/notify.jsonl" || fail "stackprobe sent no STATUS= (is the socket usable?)"
echo "ok: after podman-compose down the start created and started them again ($took s); no MAINPID= on the notify socket"
recreate_took=$(jq .duration_seconds "$state_file")

# 4. db's health check fails: api and web are never started.
(cd "$stack" && as_user "$good_path" podman-compose down >/dev/null 2>&1) || fail "podman-compose down failed"
free_port
write_env "$port"
chown "$user_name:" "$stack/.env"
start fresh
[[ $status -eq 1 ]] || fail "failing db: exit $status, expected 1:
$output"
grep -q "failed: sp-compose-db timeout" <<<"$output" || fail "the output does not name db:
$output"
[[ $(inspect '{{.State.Status}}' sp-compose-api) == created ]] || fail "api was started"
[[ $(inspect '{{.State.Status}}' sp-compose-web) == created ]] || fail "web was started"
echo "ok: db's failing health check exits 1 naming it; api and web created, not started ($took s)"
echo "timings: first start ${first_took} s, after down ${recreate_took} s"
exit 0
