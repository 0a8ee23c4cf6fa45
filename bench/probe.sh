#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 1, per-probe cost: the same HTTP health probe of a local service
# through a bare libcurl loop (the floor), blackbox_exporter's /probe and
# stackprobe's /probe?probe=NAME, at the same concurrency, interleaved, REPS
# times. Run through bench/run.sh (which sets BUILD, OUT, BIN).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

REQUESTS=${PROBE_REQUESTS:-2000}
CONCURRENCY=${PROBE_CONCURRENCY:-2}
REPS=${PROBE_REPS:-3}
trap StopAll EXIT

target_port=$(FreePort)
Spawn target_pid target "$BIN/stackprobe-bench-target" --ports "$target_port" --max-seconds 900
WaitLog "$OUT/logs/target.log" ready
url="http://127.0.0.1:$target_port/health"

bb_port=$(FreePort)
cat >"$OUT/blackbox.yml" <<YML
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
YML
Spawn bb_pid blackbox prometheus-blackbox-exporter --config.file="$OUT/blackbox.yml" \
  --web.listen-address="127.0.0.1:$bb_port" --log.level=warn
WaitHttp "http://127.0.0.1:$bb_port/-/healthy"

sp_port=$(FreePort)
cat >"$OUT/probe-stackprobe.yml" <<YML
listen: ["127.0.0.1:$sp_port"]
probes:
  - {name: target, plugin: http, interval: 1h, timeout: 5s, config: {url: "$url"}}
YML
Spawn sp_pid stackprobe "$BUILD/bin/stackprobe" --config "$OUT/probe-stackprobe.yml" serve
WaitHttp "http://127.0.0.1:$sp_port/-/ready"

bb_url="http://127.0.0.1:$bb_port/probe?module=http_2xx&target=$url"
sp_url="http://127.0.0.1:$sp_port/probe?probe=target"
scrape_header="X-Prometheus-Scrape-Timeout-Seconds: 10"
load=("$BIN/stackprobe-bench-load" --concurrency "$CONCURRENCY" --max-seconds 120)

# Warm-up (first connections, lazy initialisation, page faults).
"${load[@]}" --requests 300 --fresh --url "$url" >/dev/null
"${load[@]}" --requests 300 --probe-duration --header "$scrape_header" --url "$bb_url" >/dev/null
"${load[@]}" --requests 300 --probe-duration --header "$scrape_header" --url "$sp_url" >/dev/null

for rep in $(seq "$REPS"); do
  Note "probe: rep $rep/$REPS"
  floor=$("${load[@]}" --requests "$REQUESTS" --fresh --url "$url")
  Record bench=probe rep="$rep" who=libcurl_floor load1="$(Load1)" result="$floor"
  bb=$("${load[@]}" --requests "$REQUESTS" --probe-duration --header "$scrape_header" \
        --pid "$bb_pid" --url "$bb_url")
  Record bench=probe rep="$rep" who=blackbox_exporter load1="$(Load1)" result="$bb"
  sp=$("${load[@]}" --requests "$REQUESTS" --probe-duration --header "$scrape_header" \
        --pid "$sp_pid" --url "$sp_url")
  Record bench=probe rep="$rep" who=stackprobe load1="$(Load1)" result="$sp"
done
Record bench=probe_meta requests="$REQUESTS" concurrency="$CONCURRENCY" reps="$REPS" \
  blackbox_rss_kb="$(RssKb "$bb_pid")" stackprobe_rss_kb="$(RssKb "$sp_pid")" \
  blackbox_hwm_kb="$(HwmKb "$bb_pid")" stackprobe_hwm_kb="$(HwmKb "$sp_pid")"
