# SPDX-License-Identifier: Apache-2.0
# Shared functions of the benchmark scripts (sourced, not run). Expects
# BUILD (the build folder) and OUT (the results folder) to be set.

BENCH_PIDS=()

# Starts a command in the background, logging to OUT/logs/NAME.log, and
# records its pid (in BENCH_PIDS and in the variable named by $1).
Spawn() {
  local var=$1 name=$2
  shift 2
  mkdir -p "$OUT/logs"
  "$@" >"$OUT/logs/$name.log" 2>&1 &
  local pid=$!
  BENCH_PIDS+=("$pid")
  printf -v "$var" '%s' "$pid"
}

# Stops one process started by Spawn (SIGTERM, then SIGKILL after 5 s).
Stop() {
  local pid=$1
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

StopAll() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do Stop "$pid"; done
  BENCH_PIDS=()
}

# Polls URL until it answers 2xx, at most SECONDS (default 20).
WaitHttp() {
  local url=$1 limit=${2:-20}
  local deadline=$((SECONDS + limit))
  while ((SECONDS < deadline)); do
    curl -sf -o /dev/null --max-time 1 "$url" && return 0
    sleep 0.1
  done
  echo "timed out waiting for $url" >&2
  return 1
}

# Polls until the log file holds the word, at most SECONDS.
WaitLog() {
  local file=$1 word=$2 limit=${3:-20}
  local deadline=$((SECONDS + limit))
  while ((SECONDS < deadline)); do
    grep -q -- "$word" "$file" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "timed out waiting for '$word' in $file" >&2
  return 1
}

# A free TCP port on 127.0.0.1 (the kernel's choice; released at once).
FreePort() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# N consecutive free ports starting at a random base (checked with ss).
FreePortRange() {
  local count=$1 base tries
  for tries in $(seq 20); do
    base=$((20000 + RANDOM % 8000))
    if ! ss -Htln "sport >= :$base and sport < :$((base + count))" | grep -q .; then
      echo "$base"
      return 0
    fi
  done
  echo "no free port range" >&2
  return 1
}

# CPU seconds (user + system) of a process, from /proc/PID/stat.
CpuSeconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

# CPU seconds of a process and its reaped children.
CpuSecondsWithChildren() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat"
}

RssKb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
HwmKb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
FdCount() { ls "/proc/$1/fd" | wc -l; }
ThreadCount() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# Sleeps until the Unix time given (seconds, fractions allowed); no-op when past.
SleepUntil() {
  sleep "$(awk -v t="$1" -v now="$(date +%s.%N)" 'BEGIN { d = t - now; print (d > 0 ? d : 0) }')"
}

Load1() { cut -d' ' -f1 /proc/loadavg; }

# Appends one JSON object (from key=value pairs; numbers stay numbers) to
# OUT/results.jsonl.
Record() {
  /usr/bin/python3 - "$@" >>"$OUT/results.jsonl" <<'PY'
import json, sys
row = {}
for arg in sys.argv[1:]:
    key, _, value = arg.partition("=")
    try:
        row[key] = json.loads(value)
    except ValueError:
        row[key] = value
print(json.dumps(row))
PY
}

Note() { echo "[$(date +%T) load $(Load1)] $*" >&2; }

# Starts the fake service (stackprobe-bench-target) on COUNT consecutive free
# ports for at most SECONDS, and waits for it; sets TARGET_BASE (the first
# port) and target_pid.
StartTarget() {
  local count=$1 seconds=$2
  TARGET_BASE=$(FreePortRange "$count")
  Spawn target_pid target "$BIN/stackprobe-bench-target" \
    --ports "$TARGET_BASE-$((TARGET_BASE + count - 1))" --max-seconds "$seconds"
  WaitLog "$OUT/logs/target.log" ready
}

# The URL probe I checks: spread over the COUNT target ports, distinct paths.
TargetUrl() {  # I COUNT
  echo "http://127.0.0.1:$((TARGET_BASE + $1 % $2))/health/$1"
}

# Writes a stackprobe config listening on 127.0.0.1:PORT with N HTTP probes
# p0..pN-1 (interval 15 s, timeout 5 s) of the target's URLs.
WriteHttpProbesConfig() {  # FILE PORT N COUNT
  local file=$1 port=$2 n=$3 count=$4 i
  {
    echo "listen: ['127.0.0.1:$port']"
    echo "probes:"
    for ((i = 0; i < n; i++)); do
      echo "  - {name: p$i, plugin: http, interval: 15s, timeout: 5s, config: {url: '$(TargetUrl "$i" "$count")'}}"
    done
  } >"$file"
}
