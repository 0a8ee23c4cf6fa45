#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The starter's hand-off to systemd, through the CLI, against the fake
# podman: `stackprobe start` runs with NOTIFY_SOCKET set to a datagram socket
# this test reads (as a Type=notify unit's would be), and
#   - podman's environment has no NOTIFY_SOCKET (the fake records it), so
#     conmon cannot send MAINPID=/READY=1 for containers to the unit;
#   - the last STATUS= is the run's summary ("stack ready: 3/3 containers
#     ready (0.4 s)"), the message of the state file, not "done";
#   - every other STATUS= line, and every log line on stderr, is valid logfmt
#     (quotes inside values escaped), also when podman's error has quotes.
#
# usage: notify_status_test.sh STACKPROBE_BINARY PLUGIN_DIR FAKE_PODMAN
set -euo pipefail

stackprobe=${1:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR FAKE_PODMAN}
plugin_dir=${2:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR FAKE_PODMAN}
fake_podman=${3:?usage: $0 STACKPROBE_BINARY PLUGIN_DIR FAKE_PODMAN}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
command -v python3 >/dev/null || fail "python3 is missing"
[[ -x $stackprobe && -x $fake_podman ]] || fail "missing binaries"

work=$(mktemp -d /tmp/stackprobe-notify.XXXXXX)
listener=
cleanup() {
  [[ -n $listener ]] && kill "$listener" 2>/dev/null
  rm -rf "$work"
  return 0
}
trap cleanup EXIT

# Reads datagrams into messages.jsonl until told to stop (a "STOP" datagram).
cat >"$work/listen.py" <<'PY'
import json, socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
sock.settimeout(120)
with open(sys.argv[2], "w") as out:
    print("ready", flush=True)
    while True:
        data = sock.recv(1 << 16).decode()
        if data == "STOP":
            break
        out.write(json.dumps(data) + "\n")
        out.flush()
PY
# A strict logfmt check (go-logfmt's rules), exits 1 naming the bad line.
cat >"$work/check.py" <<'PY'
import json, sys

def logfmt(line):
    i, n = 0, len(line)
    while i < n:
        if line[i] == " ":
            i += 1
            continue
        start = i
        while i < n and line[i] > " " and line[i] not in '="':
            i += 1
        if i == start:
            return False
        if i < n and line[i] == "=":
            i += 1
            if i < n and line[i] == '"':
                i += 1
                while i < n and line[i] != '"':
                    if line[i] == "\\":
                        i += 1
                    i += 1
                if i >= n:
                    return False
                i += 1
                if i < n and line[i] != " ":
                    return False
            else:
                while i < n and line[i] != " ":
                    if line[i] in '="':
                        return False
                    i += 1
        elif i < n and line[i] != " ":
            return False
    return True

messages = [json.loads(l) for l in open(sys.argv[1])]
state = json.load(open(sys.argv[2]))
statuses = []
for message in messages:
    for field in message.split("\n"):
        if field.startswith("MAINPID="):
            sys.exit("a MAINPID= reached the unit's socket: " + message)
        if field.startswith("STATUS="):
            statuses.append(field[len("STATUS="):])
if not statuses:
    sys.exit("no STATUS= received")
for status in statuses[:-1]:
    if not logfmt(status):
        sys.exit("STATUS= line is not logfmt: " + status)
if statuses[-1] != state["message"]:
    sys.exit("the last STATUS= is %r, not the summary %r" % (statuses[-1], state["message"]))
for line in open(sys.argv[3]):
    line = line.rstrip("\n")
    if line and not logfmt(line):
        sys.exit("log line is not logfmt: " + line)
for line in open(sys.argv[4]):
    env = json.loads(line)["env"]
    if "NOTIFY_SOCKET" in env:
        sys.exit("podman got NOTIFY_SOCKET: " + line)
print("checked %d STATUS= lines; last: %s" % (len(statuses), statuses[-1]))
PY

run_case() {  # LABEL EXPECTED_EXIT SCENARIO_JSON
  local label=$1 expected=$2 dir=$work/$1
  mkdir -p "$dir"
  echo "$3" >"$dir/scenario.json"
  cat >"$dir/stackprobe.yml" <<YAML
probes: []
actions:
  - name: start
    plugin: starter
    config:
      podman: $fake_podman
      path: /usr/bin:/bin
      setuid_dirs: []
      poll_interval: 50ms
      state_file: $dir/state.json
      env:
        STACKPROBE_FAKE_PODMAN_SCENARIO: $dir/scenario.json
        STACKPROBE_FAKE_PODMAN_STATE: $dir/podman-state
        STACKPROBE_FAKE_PODMAN_LOG: $dir/podman.jsonl
      containers:
        - {name: db, timeout: 10s}
        - {name: cache, timeout: 10s}
        - {name: api, depends_on: [db, cache], timeout: 10s}
YAML
  coproc LISTEN { python3 "$work/listen.py" "$dir/notify.sock" "$dir/messages.jsonl"; }
  listener=$LISTEN_PID
  read -r -u "${LISTEN[0]}" line || fail "$label: the listener did not start"
  set +e
  NOTIFY_SOCKET=$dir/notify.sock "$stackprobe" --plugin-dir "$plugin_dir" \
    --config "$dir/stackprobe.yml" start >"$dir/stdout" 2>"$dir/stderr"
  local status=$?
  set -e
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"STOP", sys.argv[1])' "$dir/notify.sock"
  wait "$listener" || true
  listener=
  [[ $status -eq $expected ]] || fail "$label: exit $status, expected $expected: $(cat "$dir/stdout" "$dir/stderr")"
  python3 "$work/check.py" "$dir/messages.jsonl" "$dir/state.json" "$dir/stderr" "$dir/podman.jsonl" ||
    fail "$label: see above; stderr was:
$(cat "$dir/stderr")"
  echo "ok: $label"
}

run_case ready 0 '{"containers": {"db": {"healthy_after_ms": 100}, "cache": {}, "api": {}}}'
run_case failed 1 '{"containers": {"db": {"start_fails": true}, "cache": {}, "api": {}}}'
