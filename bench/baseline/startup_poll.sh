#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Baseline for benchmark 4: what the old ai-stack-startup.sh did, for timing
# only. Wait for podman (`podman info`, 30 tries x 2 s); start the core group
# one by one; wait for each core container in turn, polling every 5 s for at
# most 180 s; start the AI services; check each of them (5 tries, 3 s apart;
# the old script curled their /health, here `podman healthcheck run`).
# usage: startup_poll.sh PODMAN   (exit 0 when everything is ready)
set -u
podman=${1:?usage: $0 PODMAN}
core=(local-ai-postgres local-ai-redis local-ai-qdrant local-ai-embeddings local-ai-llama-cpp)
services=(local-ai-aidb local-ai-hybrid-coordinator)

for try in $(seq 30); do
  "$podman" info --format json >/dev/null 2>&1 && break
  ((try == 30)) && exit 1
  sleep 2
done
for name in "${core[@]}"; do
  "$podman" start "$name" >/dev/null || exit 1
done
for name in "${core[@]}"; do
  waited=0
  until "$podman" healthcheck run "$name" >/dev/null 2>&1; do
    ((waited >= 180)) && exit 1
    sleep 5
    waited=$((waited + 5))
  done
done
for name in "${services[@]}"; do
  "$podman" start "$name" >/dev/null || exit 1
done
for name in "${services[@]}"; do
  for try in $(seq 5); do
    "$podman" healthcheck run "$name" >/dev/null 2>&1 && break
    ((try == 5)) && exit 1
    sleep 3
  done
done
exit 0
