#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `systemd-analyze verify` must print nothing for every shipped unit. The
# units name the installed binary (/usr/local/bin/stackprobe, the default
# CMake prefix); verify fails for a missing ExecStart binary, so the test
# checks temp copies with that path replaced by the build's binary (every
# other line is verified as shipped).
#
# usage: units_verify_test.sh STACKPROBE_BINARY SYSTEMD_DIR
set -euo pipefail

stackprobe=${1:?usage: $0 STACKPROBE_BINARY SYSTEMD_DIR}
units_dir=${2:?usage: $0 STACKPROBE_BINARY SYSTEMD_DIR}
installed=/usr/local/bin/stackprobe

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing: apt-get install -y systemd"
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"

work=$(mktemp -d /tmp/stackprobe-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/user" "$work/system" "$work/runtime"
chmod 0700 "$work/runtime"

copy_unit() {  # SOURCE DEST
  grep -q "$installed" "$1" || fail "$1 does not run $installed"
  sed "s|$installed|$stackprobe|g" "$1" >"$2"
}

status=0
check() {  # LABEL COMMAND...
  local label=$1 output
  shift
  if ! output=$("$@" 2>&1) || [[ -n $output ]]; then
    echo "FAIL: $label:" >&2
    echo "$output" >&2
    status=1
  else
    echo "ok: $label"
  fi
}

for unit in ai-stack-startup.service stackprobe.service; do
  [[ -f $units_dir/$unit ]] || fail "$units_dir/$unit is missing"
  copy_unit "$units_dir/$unit" "$work/user/$unit"
  check "--user verify $unit" env XDG_RUNTIME_DIR="$work/runtime" \
    systemd-analyze --user verify "$work/user/$unit"
done
[[ -f $units_dir/stackprobe@.service ]] || fail "$units_dir/stackprobe@.service is missing"
copy_unit "$units_dir/stackprobe@.service" "$work/system/stackprobe@.service"
# A template is verified through an instance; root exists everywhere.
ln -s "$work/system/stackprobe@.service" "$work/system/stackprobe@root.service"
check "verify stackprobe@root.service" systemd-analyze verify "$work/system/stackprobe@root.service"

# A start the doctor stops (ExecStartPre=) must not be retried in a loop.
grep -q '^Restart=no$' "$units_dir/ai-stack-startup.service" ||
  fail "ai-stack-startup.service: Restart=no is missing"
grep -q '^ExecStartPre=/usr/local/bin/stackprobe doctor$' "$units_dir/ai-stack-startup.service" ||
  fail "ai-stack-startup.service: ExecStartPre= is not the doctor"

# The starter's budget must end before systemd's start timeout.
timeout=$(sed -n 's/^TimeoutStartSec=\([0-9]*\)$/\1/p' "$units_dir/ai-stack-startup.service")
[[ -n $timeout && $timeout -gt 270 ]] ||
  fail "ai-stack-startup.service: TimeoutStartSec ($timeout) must exceed the 270s budget"
exit "$status"
