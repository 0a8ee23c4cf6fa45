#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 5, memory safety under churn: stackprobe serve with probes every
# 100 ms, a reload every second (POST /-/reload, alternating two configs that
# add, drop and change probes) and a /metrics scrape every second, for
# CHURN_SECONDS (default 300: an hour of 12 reloads a minute... compressed).
# Samples RSS, open fds and threads every 10 s; start = after the first 10 s.
# Run through bench/run.sh.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

DURATION=${CHURN_SECONDS:-300}
trap StopAll EXIT

work="$OUT/churn"
mkdir -p "$work"
target_port=$(FreePort)
refused_port=$(FreePort)  # nothing listens there: refused connections
Spawn target_pid churn-target "$BIN/stackprobe-bench-target" --ports "$target_port" --max-seconds $((DURATION + 120))
WaitLog "$OUT/logs/churn-target.log" ready
sp_port=$(FreePort)

WriteConfig() {  # FILE VARIANT(a|b)
  {
    echo "listen: ['127.0.0.1:$sp_port']"
    echo "workers: 4"
    echo "probes:"
    if [[ $2 == a ]]; then
      for i in $(seq 0 19); do
        echo "  - {name: p$i, plugin: http, interval: 100ms, timeout: 90ms, config: {url: 'http://127.0.0.1:$target_port/a/$i'}}"
      done
      echo "  - {name: down0, plugin: http, interval: 100ms, timeout: 90ms, config: {url: 'http://127.0.0.1:$refused_port/'}}"
    else
      for i in $(seq 0 4); do  # kept names, changed settings
        echo "  - {name: p$i, plugin: http, interval: 100ms, timeout: 50ms, labels: {variant: b}, config: {url: 'http://127.0.0.1:$target_port/b/$i', valid_status_codes: [200]}}"
      done
      for i in $(seq 0 14); do  # new names
        echo "  - {name: q$i, plugin: http, interval: 100ms, timeout: 90ms, config: {url: 'http://127.0.0.1:$target_port/q/$i', body_must_match: ['ok']}}"
      done
    fi
  } >"$1"
}
WriteConfig "$work/a.yml" a
WriteConfig "$work/b.yml" b
cp "$work/a.yml" "$work/churn.yml"

Spawn sp_pid churn-stackprobe "$BUILD/bin/stackprobe" --config "$work/churn.yml" serve
WaitHttp "http://127.0.0.1:$sp_port/-/ready"
base="http://127.0.0.1:$sp_port"

Sample() {  # LABEL
  Record bench=churn_sample t="$1" load1="$(Load1)" rss_kb="$(RssKb "$sp_pid")" \
    fds="$(FdCount "$sp_pid")" threads="$(ThreadCount "$sp_pid")" cpu_s="$(CpuSeconds "$sp_pid")"
}

Note "churn: ${DURATION}s"
Sample 0
reload_ok=0 reload_failed=0 scrapes_ok=0
start=$SECONDS
for ((i = 1; i <= DURATION; i++)); do
  # Paced to one reload per second of wall time (bounded by the loop count).
  while ((SECONDS - start < i)); do sleep 0.05; done
  if ((i % 2)); then src=b; else src=a; fi
  cp "$work/$src.yml" "$work/churn.yml.tmp" && mv "$work/churn.yml.tmp" "$work/churn.yml"
  if curl -sf -o /dev/null --max-time 10 -X POST "$base/-/reload"; then
    reload_ok=$((reload_ok + 1))
  else
    reload_failed=$((reload_failed + 1))
  fi
  curl -sf -o /dev/null --max-time 10 "$base/metrics" && scrapes_ok=$((scrapes_ok + 1))
  ((i % 10 == 0)) && Sample "$i"
done
runs=$(curl -sf "$base/api/v1/status" | jq '[.probes[].runs] | add')
Record bench=churn seconds="$DURATION" reload_ok="$reload_ok" reload_failed="$reload_failed" \
  scrapes_ok="$scrapes_ok" runs_of_current_config="$runs" \
  last_reload_ok="$(curl -sf "$base/metrics" | awk '/^stackprobe_config_last_reload_successful / { print $2 }')"
