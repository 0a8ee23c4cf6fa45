#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the benchmarks against the real neighbours and prints the tables of
# bench/README.md. Not a test: it asserts nothing about speed.
#
# usage: bench/run.sh BUILD_DIR [probe|scale|legacy|startup|churn|status|scraped|oneshot]...
#   (no benchmark named: all of them, about 20 minutes on 2 cores)
# Results: $BENCH_OUT (default BUILD_DIR/bench-results/DATE) holds
# results.jsonl, report.md and every process's log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${1:?usage: $0 BUILD_DIR [probe|scale|legacy|startup|churn|status|scraped|oneshot]...}" && pwd)
shift
benches=("$@")
((${#benches[@]})) || benches=(probe scale legacy startup churn status scraped oneshot)
for b in "${benches[@]}"; do
  case $b in probe | scale | legacy | startup | churn | status | scraped | oneshot) ;;
    *) echo "unknown benchmark '$b' (probe|scale|legacy|startup|churn|status|scraped|oneshot)" >&2; exit 2 ;;
  esac
done

# The neighbours (Debian packages) and the tools.
missing=()
command -v prometheus-blackbox-exporter >/dev/null || missing+=(prometheus-blackbox-exporter)
command -v prometheus >/dev/null || missing+=(prometheus)
command -v prometheus-node-exporter >/dev/null || missing+=(prometheus-node-exporter)
for tool in curl jq strace; do command -v $tool >/dev/null || missing+=($tool); done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends "${missing[@]}" >/dev/null
fi
# Re-configured so that a build folder made before bench/ existed knows its
# targets (the cache, build type and folder filter are kept).
# BENCH_NO_BUILD=1 runs what is built as it is.
if [[ ${BENCH_NO_BUILD:-0} != 1 ]]; then
  if ! cmake --build "$BUILD" --target help 2>/dev/null | grep -q stackprobe_bench; then
    cmake -S "$here/.." -B "$BUILD" >/dev/null
  fi
  cmake --build "$BUILD" -j1 --target stackprobe_bench stackprobe http legacy_ai_metrics \
    telemetry qdrant embeddings aidb hybrid_coordinator llama_cpp starter \
    stackprobe-fake-stack stackprobe_fake_podman >/dev/null
fi

export BUILD
export BIN="$BUILD/bench-bin"
export OUT=${BENCH_OUT:-$BUILD/bench-results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
{
  echo "date: $(date -Iseconds)"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
  echo "cpu: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "stackprobe: $("$BUILD/bin/stackprobe" --version 2>/dev/null | head -1), $(grep -m1 CMAKE_BUILD_TYPE "$BUILD/CMakeCache.txt")"
  echo "blackbox_exporter: $(prometheus-blackbox-exporter --version 2>&1 | head -1)"
  echo "prometheus: $(prometheus --version 2>&1 | head -1)"
  echo "node_exporter: $(prometheus-node-exporter --version 2>&1 | head -1)"
  echo "curl: $(curl --version | head -1)"
} >"$OUT/environment.txt"

start=$SECONDS
for b in "${benches[@]}"; do
  echo "== $b (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  bash "$here/$b.sh"
done
/usr/bin/python3 "$here/lib/report.py" "$OUT/results.jsonl" >"$OUT/report.md"
cat "$OUT/environment.txt" "$OUT/report.md"
echo "(${benches[*]} in $((SECONDS - start)) s; results in $OUT)" >&2
