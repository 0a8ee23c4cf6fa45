#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs the ExecStartPre= and ExecStart= lines of the shipped
# ai-stack-startup.service the way systemd would at boot: `env -i` with only
# the unit's Environment= lines (%h resolved) and HOME, against the fake
# podman (first in the unit's PATH through a test copy of the unit), and
# checks the stack comes up in order. As root it runs the lines as a test
# user (stackprobe-e2e-boot, created and removed here), as a user manager
# would; the user's own config (~/.config/stackprobe) is then the one read,
# and stackprobe runs from a staged install under /tmp
# (tests/support/stage_install.sh): the build folder may lie under a folder
# the test user cannot enter.
#
# Three boots, each with the starter's `preflight_probe: rootless`:
#   shipped:      the unit as shipped: doctor passes, the stack comes up.
#   incident:     plain 0755 copies of newuidmap/newgidmap first in the unit's
#                 PATH (the incident). stackprobe start repairs that PATH, so
#                 the doctor (ExecStartPre) warns, names the repair, exits 0,
#                 and the stack comes up with the setuid folder first.
#   unrepairable: the plain copies and no setuid helper anywhere in PATH or
#                 the starter's setuid_dirs: the doctor stops the start at
#                 once (exit 1, reason and fix; the unit has Restart=no), and
#                 the start itself, run anyway, exits 2 with the preflight
#                 probe's reason before podman runs.
#
# usage: boot_simulation_test.sh STACKPROBE_BINARY FAKE_PODMAN SYSTEMD_DIR [PLUGIN_DIR]
#   PLUGIN_DIR: the build's plugin folder (default: found under the build)
set -euo pipefail

usage="usage: $0 STACKPROBE_BINARY FAKE_PODMAN SYSTEMD_DIR [PLUGIN_DIR]"
stackprobe=${1:?$usage}
fake_podman=${2:?$usage}
units_dir=${3:?$usage}
plugin_dir=${4:-}
installed=/usr/local/bin/stackprobe
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stage_install=$here/../support/stage_install.sh
# shellcheck source=../support/test_user.sh
source "$here/../support/test_user.sh"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
[[ -x $fake_podman ]] || fail "fake podman $fake_podman is missing"
command -v jq >/dev/null || fail "jq is missing: apt-get install -y jq"
if [[ -z $plugin_dir ]]; then
  build_root=$(dirname "$(dirname "$(realpath "$stackprobe")")")
  plugin_dir=$(dirname "$(find "$build_root" -maxdepth 5 -path '*/stackprobe/plugins/doctor.so' -print -quit)")
  [[ $plugin_dir != . ]] || fail "no */stackprobe/plugins/doctor.so under $build_root: pass PLUGIN_DIR"
fi

user_name="stackprobe-e2e-boot"
created_user=0
run_as=()
prefix=
work=
cleanup() {
  [[ $created_user -eq 1 ]] && userdel -r "$user_name" >/dev/null 2>&1
  [[ -n $work ]] && rm -rf "$work"
  [[ -n $prefix ]] && rm -rf "$prefix"
  return 0
}
trap cleanup EXIT
work=$(mktemp -d /tmp/stackprobe-boot.XXXXXX)
chmod 0755 "$work"
if [[ $(id -u) -eq 0 ]]; then
  fresh_test_user "$user_name"
  created_user=1
  home=$(getent passwd "$user_name" | cut -d: -f6)
  run_as=(runuser -u "$user_name" --)
  user_name_if_root=$user_name
  prefix=$(bash "$stage_install" "$stackprobe" "$plugin_dir")
  stackprobe=$prefix/bin/stackprobe
else
  home=$work/home
fi
fake_bin=$work/fake-bin
mkdir -p "$fake_bin"
install -m 0755 "$fake_podman" "$fake_bin/podman"

# Plain 0755 copies, as /run/current-system/sw/bin on NixOS.
plain_bin=$work/plain-bin
mkdir -p "$plain_bin"
for tool in newuidmap newgidmap; do
  if [[ -f /usr/bin/$tool ]]; then
    install -m 0755 "/usr/bin/$tool" "$plain_bin/$tool"
  else
    printf '#!/bin/sh\nexit 1\n' >"$plain_bin/$tool"
    chmod 0755 "$plain_bin/$tool"
  fi
done

# The test copy: the staged binary, and the fake podman's folder right
# after /run/wrappers/bin so it wins over any real podman.
shipped=$(sed -n 's/^Environment="PATH=\(.*\)"$/\1/p' "$units_dir/ai-stack-startup.service")
[[ $shipped == /run/wrappers/bin:* ]] || fail "the shipped unit's PATH does not start with /run/wrappers/bin: $shipped"
shipped_path=/run/wrappers/bin:$fake_bin:${shipped#/run/wrappers/bin:}

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
chmod -R a+rX "$work"
# The fake keeps its state beside the scenario (fake-podman.json.state).
[[ ${#run_as[@]} -eq 0 ]] || chown -R "$user_name:" "$fake_bin"

# One boot: the unit with PATH=$1, ExecStartPre then ExecStart.
# Sets pre_status, pre_output, pre_seconds, start_status, start_output.
boot() {  # NAME PATH
  local name=$1 path=$2
  echo "=== boot: $name (PATH=$path)"
  rm -rf "$home/.config/stackprobe" "$home/.local/state/stackprobe" "$home/podman"
  mkdir -p "$home/.config/stackprobe" "$home/podman"
  cat >"$home/.config/stackprobe/stackprobe.yml" <<YAML
probes:
  - {name: rootless, plugin: rootless}
actions:
  - name: start
    plugin: starter
    config:
      preflight_probe: rootless
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
  [[ ${#run_as[@]} -eq 0 ]] || chown -R "$user_name:" "$home"
  unit=$work/$name.service
  sed -e "s|$installed|$stackprobe|g" \
      -e "s|^Environment=\"PATH=.*\"$|Environment=\"PATH=$path\"|" \
      "$units_dir/ai-stack-startup.service" >"$unit"
  grep -qF "PATH=$path\"" "$unit" || fail "$name: the unit's PATH was not replaced"
  read_environment
  local began=$SECONDS
  run_exec_line ExecStartPre
  pre_status=$exec_status pre_output=$exec_output pre_seconds=$((SECONDS - began))
  run_exec_line ExecStart
  start_status=$exec_status start_output=$exec_output
}

# Environment= lines: one or more KEY=VALUE words, optionally quoted.
read_environment() {
  local line value
  env_args=("HOME=$home")
  while IFS= read -r line; do
    value=${line#Environment=}
    value=${value#\"}
    value=${value%\"}
    value=${value//%h/$home}
    [[ $value == HOME=* ]] && continue
    env_args+=("$value")
  done < <(grep '^Environment=' "$unit")
}

run_exec_line() {  # KEY: sets exec_status and exec_output
  local line
  line=$(sed -n "s/^$1=//p" "$unit")
  [[ -n $line ]] || fail "$1= missing in the unit"
  line=${line#-}
  line=${line//%h/$home}
  local -a argv
  read -r -a argv <<<"$line"
  echo "+ env -i ${env_args[*]} ${argv[*]}"
  set +e
  exec_output=$(cd / && "${run_as[@]}" env -i "${env_args[@]}" "${argv[@]}" 2>&1)
  exec_status=$?
  set -e
  echo "$exec_output"
  echo "($1 exited $exec_status)"
  if [[ $exec_status -eq 126 || $exec_output == "env: "*"Permission denied"* ]]; then
    fail "$1 could not run stackprobe as the test user (exit $exec_status)"
  fi
}

state=$home/.local/state/stackprobe/last-start.json
expect_stack_up() {  # NAME
  [[ -f $state ]] || fail "$1: no state file at $state"
  [[ $(jq -r .outcome "$state") == success ]] || fail "$1: outcome is not success: $(cat "$state")"
  local starts
  starts=$(jq -r 'select(.argv[0] == "start") | .argv[1]' "$home/podman/podman.log" | tr '\n' ' ')
  [[ $starts == "db cache api " || $starts == "cache db api " ]] ||
    fail "$1: start order was: $starts"
  echo "ok: $1: the stack came up as at boot (starts: $starts)"
}

boot shipped "$shipped_path"
[[ $pre_status -eq 0 ]] || fail "shipped: ExecStartPre exited $pre_status"
[[ $(tail -n 1 <<<"$pre_output") == "containers can start" ]] || fail "shipped: doctor's verdict"
[[ $start_status -eq 0 ]] || fail "shipped: ExecStart exited $start_status"
expect_stack_up shipped
first_path=$(jq -r .path "$home/podman/podman.log" | head -1)
[[ $first_path == *"$fake_bin"* ]] || fail "podman did not get the unit's PATH: $first_path"

# The incident: the plain copies first. Where the setuid helpers live here
# (Debian: /usr/bin; NixOS: /run/wrappers/bin) they come later in PATH.
boot incident "$plain_bin:$shipped_path"
[[ $pre_status -eq 0 ]] || fail "incident: ExecStartPre exited $pre_status: a PATH the starter repairs must not stop the start"
grep -qF "WARN newuidmap_setuid: first newuidmap in PATH, $plain_bin/newuidmap" <<<"$pre_output" ||
  fail "incident: doctor does not warn about $plain_bin/newuidmap"
grep -q "stackprobe start repairs this: podman gets /.*/newuidmap" <<<"$pre_output" ||
  fail "incident: doctor does not name the repair"
grep -qF "fix (NixOS):   systemd.user.services." <<<"$pre_output" || fail "incident: no NixOS fix"
[[ $(grep -c "lib.mkForce" <<<"$pre_output") -eq 1 ]] || fail "incident: the shared fix is not printed once"
[[ $(tail -n 1 <<<"$pre_output") == "containers can start" ]] || fail "incident: doctor's verdict"
[[ $start_status -eq 0 ]] || fail "incident: ExecStart exited $start_status"
grep -qF "PATH reordered" <<<"$start_output" || fail "incident: start does not say it reordered PATH"
grep -qF "step=preflight probe=rootless result=degraded" <<<"$start_output" ||
  fail "incident: start does not report the preflight probe's warning"
expect_stack_up incident
first_path=$(jq -r .path "$home/podman/podman.log" | head -1)
[[ $first_path != "$plain_bin"* ]] || fail "incident: podman got the plain copies first: $first_path"

# No setuid helper anywhere: only the plain copies and the fake podman.
[[ ! -e /run/wrappers/bin/newuidmap ]] ||
  fail "this host has /run/wrappers/bin/newuidmap (the starter's default setuid_dirs): the unrepairable boot cannot be built here"
boot unrepairable "$plain_bin:$fake_bin"
[[ $pre_status -ne 0 ]] || fail "unrepairable: ExecStartPre exited 0"
[[ $pre_seconds -le 20 ]] || fail "unrepairable: ExecStartPre took ${pre_seconds}s: it must stop at once"
grep -qF "FAIL newuidmap_setuid: first newuidmap in PATH, $plain_bin/newuidmap, is not setuid" <<<"$pre_output" ||
  fail "unrepairable: doctor does not name $plain_bin/newuidmap"
grep -qF "stackprobe start cannot repair this" <<<"$pre_output" || fail "unrepairable: doctor does not say why"
grep -q "^  fix" <<<"$pre_output" || fail "unrepairable: doctor prints no fix"
[[ $(tail -n 1 <<<"$pre_output") == "containers cannot start: "* ]] || fail "unrepairable: doctor's verdict"
grep -q '^Restart=no$' "$unit" || fail "the unit must not restart a failed start"
# systemd would not run ExecStart= now; run it anyway: its preflight stops it.
[[ $start_status -eq 2 ]] || fail "unrepairable: ExecStart exited $start_status, expected 2"
grep -qF "preflight probe rootless is down: containers cannot start" <<<"$start_output" ||
  fail "unrepairable: start does not give the preflight probe's reason"
grep -qF "newuidmap_setuid: first newuidmap in PATH, $plain_bin/newuidmap" <<<"$start_output" ||
  fail "unrepairable: start does not name the failing check"
[[ $(jq -r .outcome "$state") == preflight_failed ]] || fail "unrepairable: outcome $(jq -r .outcome "$state")"
if [[ -f $home/podman/podman.log ]] &&
  jq -e 'select(.argv[0] == "start")' "$home/podman/podman.log" >/dev/null; then
  fail "unrepairable: a container was started"
fi
echo "ok: unrepairable: doctor stopped the boot in ${pre_seconds}s; start exited 2 with the reason"
echo "PASS"
