#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 8, one-shot start: `stackprobe check` with one HTTP probe
# configured, side by side with a `curl` process fetching the same URL and
# with `stackprobe --version` (start-up alone), ONESHOT_REPS (30) rounds, the
# three commands in turn in each round. Wall and CPU per run, process start
# included.
# Run through bench/run.sh (which sets BUILD, OUT, BIN).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)

REPS=${ONESHOT_REPS:-30}
trap StopAll EXIT

StartTarget 1 600
url=$(TargetUrl 0 1)
work=$(mktemp -d)
cat >"$work/stackprobe.yml" <<YML
probes:
  - {name: target, plugin: http, config: {url: '$url'}}
YML

declare -A commands=(
  [curl]="curl -sf -o /dev/null $url"
  [stackprobe_check]="$BUILD/bin/stackprobe --config $work/stackprobe.yml check"
  [stackprobe_version]="$BUILD/bin/stackprobe --version"
)
Note "oneshot: $REPS rounds"
for ((rep = 0; rep < REPS; rep++)); do
  for who in curl stackprobe_check stackprobe_version; do
    read -r -a argv <<<"${commands[$who]}"
    result="$("$here/lib/timed.py" --timeout 30 -- "${argv[@]}")"
    Record bench=oneshot rep="$rep" who="$who" load1="$(Load1)" result="$result"
  done
done
rm -rf "$work"
