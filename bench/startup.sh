#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 4, start-up: `stackprobe start` (starter plugin, defaults) over
# seven fake containers (tests/fake_podman, with start and readiness delays)
# vs baseline/startup_poll.sh (serial, 5 s polls): time from start to all
# ready. Run through bench/run.sh.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)

REPS=${STARTUP_REPS:-2}
podman="$BUILD/test-bin/fake-podman"
[[ -x $podman ]] || { echo "startup: $podman is missing (target stackprobe_fake_podman)" >&2; exit 1; }

work="$OUT/startup"
mkdir -p "$work"
# Delays in ms: image start, then time until the healthcheck passes (model
# loading makes embeddings and llama.cpp the slow ones).
cat >"$work/scenario.json" <<'JSON'
{"info": "ok", "containers": {
  "local-ai-postgres": {"start_delay_ms": 300, "healthy_after_ms": 3000},
  "local-ai-redis": {"start_delay_ms": 200, "healthy_after_ms": 1000},
  "local-ai-qdrant": {"start_delay_ms": 300, "healthy_after_ms": 2000},
  "local-ai-embeddings": {"start_delay_ms": 400, "healthy_after_ms": 9000},
  "local-ai-llama-cpp": {"start_delay_ms": 400, "healthy_after_ms": 7000},
  "local-ai-aidb": {"start_delay_ms": 300, "healthy_after_ms": 4000},
  "local-ai-hybrid-coordinator": {"start_delay_ms": 300, "healthy_after_ms": 3000}}}
JSON
cat >"$work/stackprobe.yml" <<YML
listen: ['127.0.0.1:$(FreePort)']
probes: []
actions:
  - name: start
    plugin: starter
    config:
      podman: $podman
      state_file: $work/last-start.json
      env: {STACKPROBE_FAKE_PODMAN_SCENARIO: $work/scenario.json, STACKPROBE_FAKE_PODMAN_STATE: $work/state}
YML
export STACKPROBE_FAKE_PODMAN_SCENARIO=$work/scenario.json STACKPROBE_FAKE_PODMAN_STATE=$work/state

for rep in $(seq "$REPS"); do
  Note "startup: rep $rep/$REPS"
  rm -rf "$work/state"
  Record bench=startup who=baseline rep="$rep" load1="$(Load1)" \
    result="$("$here/lib/timed.py" --timeout 300 -- bash "$here/baseline/startup_poll.sh" "$podman")"
  rm -rf "$work/state"
  Record bench=startup who=stackprobe rep="$rep" load1="$(Load1)" \
    result="$("$here/lib/timed.py" --timeout 300 -- "$BUILD/bin/stackprobe" --config "$work/stackprobe.yml" \
      --log-level warning start)"
  Record bench=startup_state rep="$rep" outcome="$(jq -r .outcome "$work/last-start.json")" \
    ready="$(jq '[.containers[] | select(.ready)] | length' "$work/last-start.json")"
done
