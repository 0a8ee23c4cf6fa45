#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 7, memory under scraping: SCRAPED_PROBES (1000) HTTP probes at
# 15 s. First SCRAPED_QUIET_SECONDS (60) unscraped, then SCRAPED_SECONDS
# (300) while a real Prometheus scrapes stackprobe's /metrics every 15 s
# (Prometheus always asks for gzip) and, in the same job file, Debian's
# node_exporter, the usual neighbour on such a host. stackprobe's RSS is
# sampled every second through both phases. Then, with Prometheus stopped,
# SCRAPED_REPS sequential scrapes of each exporter, plain and gzip, for the
# exporter's CPU per scrape and the body size.
# Run through bench/run.sh (which sets BUILD, OUT, BIN).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

N=${SCRAPED_PROBES:-1000}
QUIET=${SCRAPED_QUIET_SECONDS:-60}
SCRAPED=${SCRAPED_SECONDS:-300}
REPS=${SCRAPED_REPS:-200}
TARGET_PORTS=10
trap StopAll EXIT

StartTarget "$TARGET_PORTS" 1800

dir="$OUT/scraped"
mkdir -p "$dir"
sp_port=$(FreePort)
ne_port=$(FreePort)
prom_port=$(FreePort)
WriteHttpProbesConfig "$dir/stackprobe.yml" "$sp_port" "$N" "$TARGET_PORTS"
cat >"$dir/prometheus.yml" <<YML
global: {scrape_interval: 15s, scrape_timeout: 10s, evaluation_interval: 1m}
scrape_configs:
  - job_name: stackprobe
    static_configs: [{targets: ['127.0.0.1:$sp_port']}]
  - job_name: node
    static_configs: [{targets: ['127.0.0.1:$ne_port']}]
YML

Spawn sp_pid scraped-stackprobe "$BUILD/bin/stackprobe" --config "$dir/stackprobe.yml" serve
Spawn ne_pid scraped-node-exporter prometheus-node-exporter \
  --web.listen-address="127.0.0.1:$ne_port" --log.level=warn
WaitHttp "http://127.0.0.1:$sp_port/-/ready" 60
WaitHttp "http://127.0.0.1:$ne_port/metrics"

# RSS of stackprobe every second for SECONDS; prints "median max last" in KB.
SampleRss() {
  local seconds=$1 t0 s samples=()
  t0=$(date +%s.%N)
  for ((s = 1; s <= seconds; s++)); do
    SleepUntil "$(awk -v a="$t0" -v s="$s" 'BEGIN { printf "%.3f", a + s }')"
    samples+=("$(RssKb "$sp_pid")")
  done
  printf '%s\n' "${samples[@]}" | sort -n |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[NR] }' | tr '\n' ' '
  echo "${samples[-1]}"
}

Note "scraped: $N probes, ${QUIET}s unscraped"
read -r quiet_median quiet_max quiet_last < <(SampleRss "$QUIET")
Note "scraped: ${SCRAPED}s scraped by Prometheus every 15 s (gzip)"
Spawn prom_pid scraped-prometheus prometheus --config.file="$dir/prometheus.yml" \
  --storage.tsdb.path="$dir/tsdb" --web.listen-address="127.0.0.1:$prom_port" --log.level=warn
WaitHttp "http://127.0.0.1:$prom_port/-/ready"
read -r scraped_median scraped_max scraped_last < <(SampleRss "$SCRAPED")

PromValue() {  # EXPR -> first value or "nan"
  curl -sf --max-time 5 "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" |
    jq -r '.data.result[0].value[1] // "nan"'
}
window="${SCRAPED}s"
sp_scrape_s=$(PromValue "avg_over_time(scrape_duration_seconds{job=\"stackprobe\"}[$window])")
ne_scrape_s=$(PromValue "avg_over_time(scrape_duration_seconds{job=\"node\"}[$window])")
sp_samples=$(PromValue 'scrape_samples_scraped{job="stackprobe"}')
ne_samples=$(PromValue 'scrape_samples_scraped{job="node"}')
sp_scrapes=$(PromValue "count_over_time(up{job=\"stackprobe\"}[$window])")
sp_up=$(PromValue 'up{job="stackprobe"}')
Stop "$prom_pid"
rm -rf "$dir/tsdb"

# Sequential scrapes, one connection kept alive, as Prometheus scrapes.
Scrape() {  # URL PID ENCODING
  "$BIN/stackprobe-bench-load" --url "$1" --concurrency 1 --requests "$REPS" \
    --max-seconds 60 --pid "$2" --header "Accept-Encoding: $3" || true
}
sp_plain=$(Scrape "http://127.0.0.1:$sp_port/metrics" "$sp_pid" identity)
sp_gzip=$(Scrape "http://127.0.0.1:$sp_port/metrics" "$sp_pid" gzip)
ne_plain=$(Scrape "http://127.0.0.1:$ne_port/metrics" "$ne_pid" identity)
ne_gzip=$(Scrape "http://127.0.0.1:$ne_port/metrics" "$ne_pid" gzip)
series_per_probe=$(curl -sf "http://127.0.0.1:$sp_port/metrics" | grep -c 'probe="p7"' || true)
after_scrapes=$(RssKb "$sp_pid")

Record bench=scraped probes="$N" load1="$(Load1)" quiet_s="$QUIET" scraped_s="$SCRAPED" \
  rss_quiet_median_kb="$quiet_median" rss_quiet_max_kb="$quiet_max" rss_quiet_last_kb="$quiet_last" \
  rss_scraped_median_kb="$scraped_median" rss_scraped_max_kb="$scraped_max" \
  rss_scraped_last_kb="$scraped_last" rss_after_load_kb="$after_scrapes" \
  ne_rss_kb="$(RssKb "$ne_pid")" \
  prom_scrapes="$sp_scrapes" prom_up="$sp_up" \
  sp_scrape_duration_s="$sp_scrape_s" ne_scrape_duration_s="$ne_scrape_s" \
  sp_samples="$sp_samples" ne_samples="$ne_samples" series_per_probe="$series_per_probe" \
  sp_plain="$sp_plain" sp_gzip="$sp_gzip" ne_plain="$ne_plain" ne_gzip="$ne_gzip"
StopAll
