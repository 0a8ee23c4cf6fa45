#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs what is missing, builds, and starts the exporter on the bundled
# config (the AI stack on localhost), listening on 127.0.0.1:9877.
#   ./run.sh           probe the real stack on this host
#   ./run.sh --demo    start fake AI services on loopback and probe those
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh build
# Only what runs: the daemon and its plugins (and the fake stack for --demo),
# in the folder ./test.sh builds everything else into later.
if [[ "${1:-}" == "--demo" ]]; then
  scripts/build.sh build RelWithDebInfo --target stackprobe_demo
  exec scripts/demo.sh build
fi
scripts/build.sh build RelWithDebInfo --target stackprobe_runtime
echo "stackprobe: http://127.0.0.1:9877/ (metrics at /metrics); Ctrl-C stops" >&2
echo "stackprobe: writes the old dashboard's file" \
  "~/.local/share/nixos-system-dashboard/ai_metrics.json after every round" \
  "(examples/stackprobe.yml, sink legacy_dashboard)" >&2
exec build/bin/stackprobe --config examples/stackprobe.yml serve
