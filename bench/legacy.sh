#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 3, legacy collection: `stackprobe collect --legacy-json PATH`
# over the fake AI stack vs the shell baseline (baseline/legacy_collector.sh),
# healthy and with llama.cpp hanging (its port accepts and never answers).
# Wall and CPU time include process start-up. Run through bench/run.sh.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
here=$(cd "$(dirname "$0")" && pwd)

REPS=${LEGACY_REPS:-5}
HANG_REPS=${LEGACY_HANG_REPS:-3}
TIMEOUT=${LEGACY_TIMEOUT:-1s}  # the old collector's curl --max-time 1
trap StopAll EXIT

base=$(FreePortRange 6)
spare=$((base + 5))
telemetry="$OUT/legacy-telemetry"
mkdir -p "$telemetry"
config="$OUT/legacy-stackprobe.yml"

export AIDB_PORT=$((base + 1)) HYBRID_PORT=$((base + 2)) QDRANT_PORT=$((base + 3))
export LLAMA_PORT=$((base + 4)) EMBEDDINGS_PORT=$base TELEMETRY_DIR=$telemetry

StartStack() {  # healthy|hang
  local llama=$LLAMA_PORT
  if [[ $1 == hang ]]; then
    llama=$spare
    Spawn hang_pid legacy-hang "$BIN/stackprobe-bench-target" --hang-ports "$LLAMA_PORT" --max-seconds 600
    WaitLog "$OUT/logs/legacy-hang.log" ready
  fi
  Spawn stack_pid "legacy-stack-$1" "$BUILD/bin/stackprobe-fake-stack" \
    --ports "embeddings=$EMBEDDINGS_PORT,aidb=$AIDB_PORT,hybrid=$HYBRID_PORT,qdrant=$QDRANT_PORT,llama=$llama" \
    --telemetry-dir "$telemetry" --write-config "$config.generated" --listen "127.0.0.1:$(FreePort)"
  WaitLog "$OUT/logs/legacy-stack-$1.log" "wrote "
  WaitHttp "http://127.0.0.1:$AIDB_PORT/health"
}

StartStack healthy
# The fake stack's own config, with the old collector's timeout, plus the
# telemetry probes the legacy file needs (the sink is added by --legacy-json).
sed -e "s/timeout: 5s/timeout: $TIMEOUT/" "$config.generated" >"$config"
cat >>"$config" <<YML
  - {name: aidb_telemetry, plugin: telemetry, timeout: $TIMEOUT, config: {path: "$telemetry/aidb-events.jsonl"}}
  - {name: hybrid_telemetry, plugin: telemetry, timeout: $TIMEOUT, config: {path: "$telemetry/hybrid-events.jsonl"}}
YML
"$BUILD/bin/stackprobe" --config "$config" config check >"$OUT/logs/legacy-config-check.log" 2>&1

stackprobe_cmd=("$BUILD/bin/stackprobe" --config "$config" --log-level error collect --legacy-json "$OUT/ai_metrics.stackprobe.json")
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
