#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs one command and prints {"wall_s", "cpu_s", "exit"} as JSON.

cpu_s is the user + system time of the command and every process it
waited for (RUSAGE_CHILDREN), so a shell script's curl and jq count too.
The command is killed after --timeout seconds (default 120).
"""
import json
import resource
import subprocess
import sys
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
    try:
        code = subprocess.run(args, stdout=subprocess.DEVNULL,
                              timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        code = -1
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(json.dumps({"wall_s": round(wall, 4), "cpu_s": round(cpu, 4),
                      "exit": code}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
