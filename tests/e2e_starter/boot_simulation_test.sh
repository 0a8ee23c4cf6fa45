#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs the ExecStartPre= and ExecStart= lines of the shipped
# ai-stack-startup.service the way systemd would at boot: `env -i` with only
# the unit's Environment= lines (%h resolved) and HOME, against the fake
# podman (first in the unit's PATH through a test copy of the unit), and
# checks the stack comes up in order.
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

work=$(mktemp -d /tmp/stackprobe-boot.XXXXXX)
trap 'rm -rf "$work"' EXIT
home=$work/home
fake_bin=$work/fake-bin
mkdir -p "$home/.config/stackprobe" "$fake_bin"
ln -s "$fake_podman" "$fake_bin/podman"

# The test copy: the build's binary, and the fake podman's folder right
# after /run/wrappers/bin so it wins over any real podman.
unit=$work/ai-stack-startup.service
sed -e "s|$installed|$stackprobe|g" \
    -e "s|PATH=/run/wrappers/bin:|PATH=/run/wrappers/bin:$fake_bin:|" \
    "$units_dir/ai-stack-startup.service" >"$unit"
grep -q "$fake_bin" "$unit" || fail "the unit's PATH did not take the fake podman folder"

cat >"$work/scenario.json" <<'JSON'
{"containers": {"db": {"healthy_after_ms": 200}, "cache": {},
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
        STACKPROBE_FAKE_PODMAN_SCENARIO: $work/scenario.json
        STACKPROBE_FAKE_PODMAN_LOG: $work/podman.log
        STACKPROBE_FAKE_PODMAN_STATE: $work/podman-state
      containers:
        - {name: db, timeout: 10s}
        - {name: cache, timeout: 10s}
        - {name: api, depends_on: [db, cache], timeout: 10s}
YAML

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
  env -i "${env_args[@]}" "${argv[@]}"
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
starts=$(jq -r 'select(.argv[0] == "start") | .argv[1]' "$work/podman.log" | tr '\n' ' ')
[[ $starts == "db cache api " || $starts == "cache db api " ]] ||
  fail "start order was: $starts"
first_path=$(jq -r .path "$work/podman.log" | head -1)
[[ $first_path == *"$fake_bin"* ]] || fail "podman did not get the unit's PATH: $first_path"
echo "ok: the stack came up as at boot (starts: $starts)"
