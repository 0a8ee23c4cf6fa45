#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs one command and prints {"wall_s", "cpu_s", "exit"} as JSON.

cpu_s is the user + system time of the command and every process it
waited for (RUSAGE_CHILDREN), so a shell script's curl and jq count too.
The command is killed after --timeout seconds (default 120). The wait is a
blocking waitpid: subprocess.run(timeout=...) polls with sleeps of up to
50 ms, which rounded short commands' wall times up to its polling steps.
"""
import json
import resource
import subprocess
import sys
import threading
import time


def main() -> int:
    args = sys.argv[1:]
    timeout = 120.0
    if len(args) >= 2 and args[0] == "--timeout":
        timeout = float(args[1])
        args = args[2:]
    if args and args[0] == "--":
        args = args[1:]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        process.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    code = process.wait()
    wall = time.monotonic() - start
    timer.cancel()
    if timed_out.is_set():
        code = -1
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(json.dumps({"wall_s": round(wall, 4), "cpu_s": round(cpu, 4),
                      "exit": code}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
