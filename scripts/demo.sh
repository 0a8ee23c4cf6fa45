#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The demo behind `./run.sh --demo`: fake AI services on loopback (one of
# them failing and recovering in turn), and stackprobe probing them, with
# the legacy ai_metrics.json written to a demo folder.
# Usage: scripts/demo.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/.." && pwd)
demo_dir=${STACKPROBE_DEMO_DIR:-/tmp/stackprobe-demo}
mkdir -p "$demo_dir/telemetry"

fake_pid=""
cleanup() { [[ -n "$fake_pid" ]] && kill "$fake_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"$build_dir/bin/stackprobe-fake-stack" \
  --ports embeddings=18081,aidb=18091,hybrid=18092,qdrant=16333,llama=18080 \
  --fixtures-dir "$source_dir/tests/fixtures" \
  --telemetry-dir "$demo_dir/telemetry" --demo &
fake_pid=$!

cat >"$demo_dir/stackprobe.yml" <<YAML
# Written by scripts/demo.sh: the fake AI stack on loopback.
listen: ["127.0.0.1:9877"]
defaults: {interval: 5s, timeout: 2s}
probes:
  - {name: embeddings, plugin: embeddings, config: {base_url: "http://127.0.0.1:18081"}}
  - {name: qdrant, plugin: qdrant, config: {base_url: "http://127.0.0.1:16333", embeddings_probe: embeddings}}
  - {name: llama_cpp, plugin: llama_cpp, config: {base_url: "http://127.0.0.1:18080"}}
  - {name: aidb, plugin: aidb, config: {base_url: "http://127.0.0.1:18091"}}
  - {name: hybrid_coordinator, plugin: hybrid_coordinator, depends_on: [qdrant], config: {base_url: "http://127.0.0.1:18092"}}
  - {name: aidb_telemetry, plugin: telemetry, config: {path: "$demo_dir/telemetry/aidb-events.jsonl"}}
  - {name: hybrid_telemetry, plugin: telemetry, config: {path: "$demo_dir/telemetry/hybrid-events.jsonl"}}
sinks:
  - name: legacy_dashboard
    plugin: legacy_ai_metrics
    config:
      path: "$demo_dir/ai_metrics.json"
      ports: {aidb: 18091, hybrid_coordinator: 18092, qdrant: 16333, llama_cpp: 18080, embeddings: 18081}
      embeddings_endpoint: "http://localhost:18081"
YAML

cat >&2 <<TEXT
stackprobe demo: fake AI services on 127.0.0.1:18080-18092 and :16333, one failing in turn.
  status page     http://127.0.0.1:9877/
  metrics         http://127.0.0.1:9877/metrics
  legacy file     $demo_dir/ai_metrics.json
Ctrl-C stops.
TEXT
"$build_dir/bin/stackprobe" --config "$demo_dir/stackprobe.yml" serve
