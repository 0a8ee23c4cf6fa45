#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Start-up from the compose file: `stackprobe start` with compose_file (the
# stack-shaped fixture tests/fixtures/compose/ai-stack, services aidb,
# hybrid-coordinator and llama-cpp: the seven containers of benchmark 4,
# none existing yet) against tests/fake_podman with benchmark 4's delays and
# the default poll settings, vs baseline/startup_poll.sh (the old script's
# shape) on the same delays, and the slowest dependency chain of the
# compose file (embeddings -> hybrid-coordinator: 0.4 + 9 + 0.3 + 3 s).
# Prints one line per run; not wired into run.sh (about 35 s per rep).
#
# usage: bench/startup_compose.sh BUILD_DIR [REPS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR [REPS]}" && pwd)
reps=${2:-2}
podman=$build/test-bin/fake-podman
stackprobe=$build/bin/stackprobe
for file in "$podman" "$stackprobe" "$build/lib/stackprobe/plugins/starter.so"; do
  [[ -e $file ]] || { echo "missing $file (build stackprobe starter stackprobe_fake_podman)" >&2; exit 1; }
done
command -v jq >/dev/null || { echo "jq is missing" >&2; exit 1; }

work=$(mktemp -d /tmp/stackprobe-bench-compose.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ai-stack"
cp "$here/../tests/fixtures/compose/ai-stack/docker-compose.yml" \
  "$here/../tests/fixtures/compose/ai-stack/.env" "$work/ai-stack/"

scenario() {  # EXISTS (true|false)
  jq -n --argjson exists "$1" '{info: "ok", containers: ({
    "local-ai-postgres": {start_delay_ms: 300, healthy_after_ms: 3000},
    "local-ai-redis": {start_delay_ms: 200, healthy_after_ms: 1000},
    "local-ai-qdrant": {start_delay_ms: 300, healthy_after_ms: 2000},
    "local-ai-embeddings": {start_delay_ms: 400, healthy_after_ms: 9000},
    "local-ai-llama-cpp": {start_delay_ms: 400, healthy_after_ms: 7000},
    "local-ai-aidb": {start_delay_ms: 300, healthy_after_ms: 4000},
    "local-ai-hybrid-coordinator": {start_delay_ms: 300, healthy_after_ms: 3000}}
    | map_values(. + {exists: $exists}))}'
}
cat >"$work/stackprobe.yml" <<YML
probes: []
actions:
  - name: start
    plugin: starter
    config:
      podman: $podman
      compose_file: $work/ai-stack/docker-compose.yml
      services: [aidb, hybrid-coordinator, llama-cpp]
      state_file: $work/last-start.json
      env: {STACKPROBE_FAKE_PODMAN_SCENARIO: $work/scenario.json, STACKPROBE_FAKE_PODMAN_STATE: $work/state}
YML
export STACKPROBE_FAKE_PODMAN_SCENARIO=$work/scenario.json STACKPROBE_FAKE_PODMAN_STATE=$work/state
echo "slowest dependency chain: 12.70 s (embeddings 0.4 + 9.0, hybrid-coordinator 0.3 + 3.0)"
for rep in $(seq "$reps"); do
  rm -rf "$work/state"
  scenario false >"$work/scenario.json"
  "$stackprobe" --plugin-dir "$build/lib/stackprobe/plugins" --config "$work/stackprobe.yml" \
    --log-level warning start >/dev/null
  echo "rep $rep: stackprobe (compose, creating 7): $(jq -r '"\(.duration_seconds * 100 | round / 100) s, \(.message)"' "$work/last-start.json")"
  rm -rf "$work/state"
  scenario true >"$work/scenario.json"
  began=$(date +%s%N)
  bash "$here/baseline/startup_poll.sh" "$podman" >/dev/null
  centis=$((($(date +%s%N) - began) / 10000000))
  printf 'rep %s: old script'"'"'s shape (starting 7): %d.%02d s\n' "$rep" $((centis / 100)) $((centis % 100))
done
