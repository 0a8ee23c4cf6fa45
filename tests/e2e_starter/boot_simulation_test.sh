#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs the ExecStartPre= and ExecStart= lines of the shipped
# ai-stack-startup.service the way systemd would at boot: `env -i` with only
# the unit's Environment= lines (%h resolved) and HOME, against the fake
# podman (first in the unit's PATH through a test copy of the unit), and
# checks the stack comes up in order. As root it runs the lines as a test
# user (stackprobe-e2e-boot, created and removed here), as a user manager
# would; the user's own config (~/.config/stackprobe) is then the one read.
#
# usage: boot_simulation_test.sh STACKPROBE_BINARY FAKE_PODMAN SYSTEMD_DIR
set -euo pipefail

stackprobe=${1:?usage: $0 STACKPROBE_BINARY FAKE_PODMAN SYSTEMD_DIR}
fake_podman=${2:?usage: $0 STACKPROBE_BINARY FAKE_PODMAN SYSTEMD_DIR}
units_dir=${3:?usage: $0 STACKPROBE_BINARY FAKE_PODMAN SYSTEMD_DIR}
installed=/usr/local/bin/stackprobe

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
[[ -x $fake_podman ]] || fail "fake podman $fake_podman is missing"
command -v jq >/dev/null || fail "jq is missing: apt-get install -y jq"

user_name=stackprobe-e2e-boot
created_user=0
run_as=()
cleanup() {
  [[ $created_user -eq 1 ]] && userdel -r "$user_name" >/dev/null 2>&1
  [[ -n ${work:-} ]] && rm -rf "$work"
  return 0
}
trap cleanup EXIT
if [[ $(id -u) -eq 0 ]]; then
  if ! id "$user_name" >/dev/null 2>&1; then
    useradd -m "$user_name"
    created_user=1
  fi
  home=$(getent passwd "$user_name" | cut -d: -f6)
  run_as=(runuser -u "$user_name" --)
  user_name_if_root=$user_name
  work=$(mktemp -d /tmp/stackprobe-boot.XXXXXX)
else
  work=$(mktemp -d /tmp/stackprobe-boot.XXXXXX)
  home=$work/home
fi
fake_bin=$work/fake-bin
mkdir -p "$home/.config/stackprobe" "$fake_bin" "$home/podman"
chmod 0755 "$work"
ln -s "$fake_podman" "$fake_bin/podman"

# The test copy: the build's binary, and the fake podman's folder right
# after /run/wrappers/bin so it wins over any real podman.
unit=$work/ai-stack-startup.service
sed -e "s|$installed|$stackprobe|g" \
    -e "s|PATH=/run/wrappers/bin:|PATH=/run/wrappers/bin:$fake_bin:|" \
    "$units_dir/ai-stack-startup.service" >"$unit"
grep -q "$fake_bin" "$unit" || fail "the unit's PATH did not take the fake podman folder"

# `stackprobe doctor` runs podman info too, without the starter's env: the
# fake finds fake-podman.json beside itself. Its info reports the user's
# real subordinate ranges, as podman would.
run_uid=$(id -u "${user_name_if_root:-$(id -un)}")
subuid=$(awk -F: -v u="$(id -un "$run_uid")" '$1 == u {print $2 ":" $3; exit}' /etc/subuid)
subgid=$(awk -F: -v u="$(id -un "$run_uid")" '$1 == u {print $2 ":" $3; exit}' /etc/subgid)
[[ -n $subuid && -n $subgid ]] || fail "no /etc/subuid or /etc/subgid range for uid $run_uid"
idmap() {  # ID START:SIZE
  echo "[{\"container_id\":0,\"host_id\":$1,\"size\":1},{\"container_id\":1,\"host_id\":${2%%:*},\"size\":${2##*:}}]"
}
cat >"$fake_bin/fake-podman.json" <<JSON
{"info_json": {"host": {"security": {"rootless": true},
                        "idMappings": {"uidmap": $(idmap "$run_uid" "$subuid"),
                                       "gidmap": $(idmap "$(id -g "$run_uid")" "$subgid")}},
               "store": {"graphDriverName": "overlay"}},
 "containers": {"db": {"healthy_after_ms": 200}, "cache": {},
                "api": {"healthy_after_ms": 100}}}
JSON
cat >"$home/.config/stackprobe/stackprobe.yml" <<YAML
probes: []
actions:
  - name: start
    plugin: starter
    config:
      poll_interval: 50ms
      podman_info_interval: 100ms
      env:
        STACKPROBE_FAKE_PODMAN_SCENARIO: $fake_bin/fake-podman.json
        STACKPROBE_FAKE_PODMAN_LOG: $home/podman/podman.log
        STACKPROBE_FAKE_PODMAN_STATE: $home/podman/state
      containers:
        - {name: db, timeout: 10s}
        - {name: cache, timeout: 10s}
        - {name: api, depends_on: [db, cache], timeout: 10s}
YAML
[[ ${#run_as[@]} -eq 0 ]] || chown -R "$user_name:" "$home" "$fake_bin"

# Environment= lines: one or more KEY=VALUE words, optionally quoted.
env_args=("HOME=$home")
while IFS= read -r line; do
  value=${line#Environment=}
  value=${value#\"}
  value=${value%\"}
  value=${value//%h/$home}
  [[ $value == HOME=* ]] && continue
  env_args+=("$value")
done < <(grep '^Environment=' "$unit")

run_exec_line() {  # KEY
  local line status
  line=$(sed -n "s/^$1=//p" "$unit")
  [[ -n $line ]] || fail "$1= missing in the unit"
  local ignore_failure=0
  if [[ $line == -* ]]; then
    ignore_failure=1
    line=${line#-}
  fi
  line=${line//%h/$home}
  local -a argv
  read -r -a argv <<<"$line"
  echo "+ env -i ${env_args[*]} ${argv[*]}"
  set +e
  "${run_as[@]}" env -i "${env_args[@]}" "${argv[@]}"
  status=$?
  set -e
  if [[ $status -ne 0 && $ignore_failure -eq 0 ]]; then
    fail "$1 exited $status"
  fi
}

run_exec_line ExecStartPre
run_exec_line ExecStart

state=$home/.local/state/stackprobe/last-start.json
[[ -f $state ]] || fail "no state file at $state"
[[ $(jq -r .outcome "$state") == success ]] || fail "outcome is not success: $(cat "$state")"
starts=$(jq -r 'select(.argv[0] == "start") | .argv[1]' "$home/podman/podman.log" | tr '\n' ' ')
[[ $starts == "db cache api " || $starts == "cache db api " ]] ||
  fail "start order was: $starts"
first_path=$(jq -r .path "$home/podman/podman.log" | head -1)
[[ $first_path == *"$fake_bin"* ]] || fail "podman did not get the unit's PATH: $first_path"
echo "ok: the stack came up as at boot (starts: $starts)"
