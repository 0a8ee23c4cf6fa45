#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 3, legacy collection: `stackprobe collect --legacy-json PATH`
# with the shipped examples/stackprobe.yml, unchanged, over the fake AI stack
# vs the shell baseline (baseline/legacy_collector.sh), healthy and with
# llama.cpp hanging (its port accepts and never answers). The example probes
# the stack's real ports and ~/ paths: the bench runs in a network namespace
# of its own (unshare, as root) with the fake stack on those ports, and with
# a HOME of its own holding the telemetry files. Wall and CPU time include
# process start-up. Run through bench/run.sh.
set -euo pipefail
if [[ ${LEGACY_PRIVATE_NETWORK:-0} != 1 ]]; then
  exec unshare --net env LEGACY_PRIVATE_NETWORK=1 bash "$0" "$@"
fi
ip link set lo up
source "$(dirname "$0")/lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
example="$here/../examples/stackprobe.yml"

REPS=${LEGACY_REPS:-5}
HANG_REPS=${LEGACY_HANG_REPS:-3}
trap StopAll EXIT

export HOME="$OUT/legacy-home"
telemetry="$HOME/.local/share/nixos-ai-stack/telemetry"
mkdir -p "$telemetry"
spare=$(FreePort)

# The stack's real ports (LEGACY-CONTRACT.md §1), as the example config has them.
export AIDB_PORT=8091 HYBRID_PORT=8092 QDRANT_PORT=6333
export LLAMA_PORT=8080 EMBEDDINGS_PORT=8081 TELEMETRY_DIR=$telemetry

StartStack() {  # healthy|hang
  local llama=$LLAMA_PORT
  if [[ $1 == hang ]]; then
    llama=$spare
    Spawn hang_pid legacy-hang "$BIN/stackprobe-bench-target" --hang-ports "$LLAMA_PORT" --max-seconds 600
    WaitLog "$OUT/logs/legacy-hang.log" ready
  fi
  Spawn stack_pid "legacy-stack-$1" "$BUILD/bin/stackprobe-fake-stack" \
    --ports "embeddings=$EMBEDDINGS_PORT,aidb=$AIDB_PORT,hybrid=$HYBRID_PORT,qdrant=$QDRANT_PORT,llama=$llama" \
    --telemetry-dir "$telemetry" --listen "127.0.0.1:$(FreePort)"
  WaitHttp "http://127.0.0.1:$AIDB_PORT/health"
}

StartStack healthy
"$BUILD/bin/stackprobe" --config "$example" config check >"$OUT/logs/legacy-config-check.log" 2>&1

stackprobe_cmd=("$BUILD/bin/stackprobe" --config "$example" --log-level error collect --legacy-json "$OUT/ai_metrics.stackprobe.json")
baseline_cmd=(env OUTPUT="$OUT/ai_metrics.baseline.json" bash "$here/baseline/legacy_collector.sh")

# Processes per run (execve calls), counted once each, outside the timings.
CountExec() { strace -f -qq -e trace=execve -o "$OUT/strace.tmp" "$@" >/dev/null 2>&1 || true
  grep -c 'execve(' "$OUT/strace.tmp"; rm -f "$OUT/strace.tmp"; }
Record bench=legacy_processes baseline="$(CountExec "${baseline_cmd[@]}")" stackprobe="$(CountExec "${stackprobe_cmd[@]}")"

RunBoth() {  # SCENARIO REPS
  local scenario=$1 reps=$2 rep
  for rep in $(seq "$reps"); do
    Record bench=legacy scenario="$scenario" who=baseline rep="$rep" load1="$(Load1)" \
      result="$("$here/lib/timed.py" --timeout 60 -- "${baseline_cmd[@]}")"
    Record bench=legacy scenario="$scenario" who=stackprobe rep="$rep" load1="$(Load1)" \
      result="$("$here/lib/timed.py" --timeout 60 -- "${stackprobe_cmd[@]}")"
  done
}

Note "legacy: healthy x$REPS"
RunBoth healthy "$REPS"
# Same answers from both (the fields the dashboard reads).
fields='[.services[].status, .services.qdrant.metrics.collection_count, .knowledge_base.total_points, .services.llama_cpp.model, .services.embeddings.model]'
Record bench=legacy_check scenario=healthy \
  baseline="$(jq -c "$fields" "$OUT/ai_metrics.baseline.json")" \
  stackprobe="$(jq -c "$fields" "$OUT/ai_metrics.stackprobe.json")"

Stop "$stack_pid"
StartStack hang
Note "legacy: llama.cpp hanging x$HANG_REPS"
RunBoth hang "$HANG_REPS"
Record bench=legacy_check scenario=hang \
  baseline="$(jq -c "$fields" "$OUT/ai_metrics.baseline.json")" \
  stackprobe="$(jq -c "$fields" "$OUT/ai_metrics.stackprobe.json")"
