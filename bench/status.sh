#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 6, status page: STATUS_PROBES (1000) HTTP probes, each with a full
# history strip (30 runs, probed every second while it fills), then, at rest
# (a reload to a 1 h interval keeps the histories), STATUS_REPS fetches of `/`
# side by side with /metrics of the same daemon: bytes plain and gzipped,
# latency, and the daemon's CPU per request.
# Run through bench/run.sh (which sets BUILD, OUT, BIN).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

N=${STATUS_PROBES:-1000}
REPS=${STATUS_REPS:-20}
TARGET_PORTS=10
trap StopAll EXIT

StartTarget "$TARGET_PORTS" 900

port=$(FreePort)
work=$(mktemp -d)
WriteConfig() {  # INTERVAL
  {
    echo "listen: [\"127.0.0.1:$port\"]"
    echo "defaults: {interval: $1, timeout: 900ms}"
    echo "probes:"
    for ((i = 0; i < N; i++)); do
      echo "  - {name: p$i, plugin: http, config: {url: \"$(TargetUrl "$i" "$TARGET_PORTS")\"}}"
    done
  } >"$work/stackprobe.yml"
}
WriteConfig 1s
Spawn sp_pid status-stackprobe "$BUILD/bin/stackprobe" --config "$work/stackprobe.yml" serve
WaitHttp "http://127.0.0.1:$port/-/ready"
Note "status: $N probes filling their history (35 s)"
sleep 35
WriteConfig 1h
kill -HUP "$sp_pid"
sleep 2

for ((rep = 0; rep < REPS; rep++)); do
  for path in / /metrics; do
    for encoding in identity gzip; do
      cpu_before=$(CpuSeconds "$sp_pid")
      read -r bytes seconds < <(curl -s -o /dev/null -H "Accept-Encoding: $encoding" \
        -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$port$path")
      cpu_after=$(CpuSeconds "$sp_pid")
      Record bench=status rep="$rep" load1="$(Load1)" path="$path" encoding="$encoding" \
        probes="$N" bytes="$bytes" seconds="$seconds" \
        cpu_s="$(python3 -c "print($cpu_after - $cpu_before)")"
    done
  done
done
Record bench=status_meta probes="$N" reps="$REPS" rss_kb="$(RssKb "$sp_pid")"
rm -rf "$work"
