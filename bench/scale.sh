#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark 2, scale: N configured HTTP probes (interval 15 s) against local
# services, for each N in SCALE_SIZES. Side by side in the same window:
#   stackprobe serve (scraped every 15 s by its own Prometheus), and
#   blackbox_exporter with the same N targets, driven by a real Prometheus
#   (15 s), as users run it.
# After the window (with the blackbox side stopped), /metrics latency under 8
# concurrent scrapers.
# Run through bench/run.sh (which sets BUILD, OUT, BIN).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

SIZES=${SCALE_SIZES:-"10 100 1000 5000"}
# stackprobe runs each probe at its own phase of the 15 s interval (its first
# run within one interval of the start), so the window opens half an interval
# after its start and spans whole intervals: each window holds the same
# number of rounds.
WARM=${SCALE_WARM_SECONDS:-7.5}
WINDOW=${SCALE_WINDOW_SECONDS:-30}
SCRAPES=${SCALE_SCRAPES:-400}
TARGET_PORTS=${SCALE_TARGET_PORTS:-10}
trap StopAll EXIT

StartTarget "$TARGET_PORTS" 1800

WritePrometheusConfig() {  # FILE JOB METRICS_PATH RELABEL(0|1) TARGETS...
  local file=$1 job=$2 path=$3 relabel=$4
  shift 4
  {
    echo "global: {scrape_interval: 15s, scrape_timeout: 10s, evaluation_interval: 1m}"
    echo "scrape_configs:"
    echo "  - job_name: $job"
    echo "    metrics_path: $path"
    if [[ $relabel == 1 ]]; then
      echo "    params: {module: [http_2xx]}"
      echo "    relabel_configs:"
      echo "      - {source_labels: [__address__], target_label: __param_target}"
      echo "      - {source_labels: [__param_target], target_label: instance}"
      echo "      - {target_label: __address__, replacement: '127.0.0.1:$bb_port'}"
    fi
    echo "    static_configs:"
    echo "      - targets:"
    local t
    for t in "$@"; do echo "          - '$t'"; done
  } >"$file"
}

PromQuery() {  # PORT EXPR -> first value or "nan"
  curl -sf --max-time 5 "http://127.0.0.1:$1/api/v1/query" --data-urlencode "query=$2" |
    jq -r '.data.result[0].value[1] // "nan"'
}

cat >"$OUT/blackbox.yml" <<YML
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
YML

for n in $SIZES; do
  Note "scale: N=$n"
  dir="$OUT/scale-$n"
  mkdir -p "$dir"
  mapfile -t urls < <(for ((i = 0; i < n; i++)); do TargetUrl "$i" "$TARGET_PORTS"; done)

  sp_port=$(FreePort)
  WriteHttpProbesConfig "$dir/stackprobe.yml" "$sp_port" "$n" "$TARGET_PORTS"
  bb_port=$(FreePort)
  prom_bb_port=$(FreePort)
  prom_sp_port=$(FreePort)
  WritePrometheusConfig "$dir/prom-bb.yml" blackbox /probe 1 "${urls[@]}"
  WritePrometheusConfig "$dir/prom-sp.yml" stackprobe /metrics 0 "127.0.0.1:$sp_port"

  sp_t0=$(date +%s.%N)
  Spawn sp_pid "scale-$n-stackprobe" "$BUILD/bin/stackprobe" --config "$dir/stackprobe.yml" serve
  Spawn bb_pid "scale-$n-blackbox" prometheus-blackbox-exporter --config.file="$OUT/blackbox.yml" \
    --web.listen-address="127.0.0.1:$bb_port" --log.level=warn
  WaitHttp "http://127.0.0.1:$sp_port/-/ready" 60
  WaitHttp "http://127.0.0.1:$bb_port/-/healthy"
  Spawn prom_bb_pid "scale-$n-prom-bb" prometheus --config.file="$dir/prom-bb.yml" \
    --storage.tsdb.path="$dir/tsdb-bb" --web.listen-address="127.0.0.1:$prom_bb_port" --log.level=warn
  Spawn prom_sp_pid "scale-$n-prom-sp" prometheus --config.file="$dir/prom-sp.yml" \
    --storage.tsdb.path="$dir/tsdb-sp" --web.listen-address="127.0.0.1:$prom_sp_port" --log.level=warn
  WaitHttp "http://127.0.0.1:$prom_bb_port/-/ready"
  WaitHttp "http://127.0.0.1:$prom_sp_port/-/ready"
  SleepUntil "$(awk -v a="$sp_t0" -v w="$WARM" 'BEGIN { printf "%.3f", a + w }')"

  pids=("$sp_pid" "$bb_pid" "$prom_bb_pid" "$prom_sp_pid")
  declare -A cpu0 rss_max
  for p in "${pids[@]}"; do cpu0[$p]=$(CpuSeconds "$p"); rss_max[$p]=0; done
  runs0=$(curl -sf "http://127.0.0.1:$sp_port/api/v1/status" | jq '[.probes[].runs] | add')
  t0=$(date +%s.%N)
  # RSS sampled every second through the window (bounded by WINDOW).
  for ((s = 1; s <= WINDOW; s++)); do
    SleepUntil "$(awk -v a="$t0" -v s="$s" 'BEGIN { printf "%.3f", a + s }')"
    for p in "${pids[@]}"; do
      r=$(RssKb "$p"); ((r > rss_max[$p])) && rss_max[$p]=$r
    done
  done
  t1=$(date +%s.%N)
  runs1=$(curl -sf "http://127.0.0.1:$sp_port/api/v1/status" | jq '[.probes[].runs] | add')
  declare -A cps
  for p in "${pids[@]}"; do
    cps[$p]=$(awk -v a="${cpu0[$p]}" -v b="$(CpuSeconds "$p")" -v t0="$t0" -v t1="$t1" \
      'BEGIN { printf "%.4f", (b - a) / (t1 - t0) }')
  done
  sp_up=$(curl -sf "http://127.0.0.1:$sp_port/metrics" |
    awk '/^stackprobe_probe_success\{/ && $NF == 1 { c++ } END { print c + 0 }')
  bb_up=$(PromQuery "$prom_bb_port" 'count(probe_success == 1)')
  bb_targets=$(PromQuery "$prom_bb_port" 'count(up{job="blackbox"} == 1)')
  sp_runs_per_s=$(awk -v a="$runs0" -v b="$runs1" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')

  # Stop the blackbox side and the Prometheus servers before timing /metrics.
  Stop "$prom_bb_pid"; Stop "$prom_sp_pid"; Stop "$bb_pid"
  # 8 scrapers whose requests overlap (all 8 sent at the same instants, 4
  # times a second), then 8 back to back (saturation).
  scrape_paced=$("$BIN/stackprobe-bench-load" --url "http://127.0.0.1:$sp_port/metrics" \
    --concurrency 8 --interval-ms 250 --requests 160 --max-seconds 20 --pid "$sp_pid" || true)
  scrape=$("$BIN/stackprobe-bench-load" --url "http://127.0.0.1:$sp_port/metrics" \
    --concurrency 8 --requests "$SCRAPES" --max-seconds 15 --pid "$sp_pid" || true)
  Record bench=scale n="$n" load1="$(Load1)" window_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" \
    sp_cpu_per_s="${cps[$sp_pid]}" bb_cpu_per_s="${cps[$bb_pid]}" \
    prom_bb_cpu_per_s="${cps[$prom_bb_pid]}" prom_sp_cpu_per_s="${cps[$prom_sp_pid]}" \
    sp_rss_kb="${rss_max[$sp_pid]}" bb_rss_kb="${rss_max[$bb_pid]}" \
    prom_bb_rss_kb="${rss_max[$prom_bb_pid]}" prom_sp_rss_kb="${rss_max[$prom_sp_pid]}" \
    sp_threads="$(ThreadCount "$sp_pid")" sp_up="$sp_up" bb_up="$bb_up" bb_targets="$bb_targets" \
    sp_runs_per_s="$sp_runs_per_s" scrape="$scrape" scrape_paced="$scrape_paced"
  Stop "$sp_pid"
  rm -rf "$dir/tsdb-bb" "$dir/tsdb-sp"
  unset cpu0 rss_max cps
done
