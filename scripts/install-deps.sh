#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Installs the Debian packages stackprobe needs, only those missing (fast
# when all are present). Usage: scripts/install-deps.sh build|test
set -euo pipefail

build_packages=(
  cmake ninja-build g++ make pkg-config git
  libcurl4-openssl-dev nlohmann-json3-dev libboost-dev
  libspdlog-dev libgtest-dev libgmock-dev libyaml-cpp-dev
  libssl-dev libcli11-dev zlib1g-dev libre2-dev libpq-dev
  libcrypt-dev prometheus-cpp-dev
)
# Real neighbours the tests start: Prometheus and promtool, Redis, PostgreSQL,
# podman (rootful and rootless), systemd-analyze, curl and jq; clang 14 with
# its runtime for the sanitizer and libFuzzer build (./test.sh --sanitize,
# --fuzz) and for the out-of-tree plugin built with the other compiler; nix-instantiate (nix-bin) for tests/nix, which parses the Nix
# files and evaluates nix/units.nix (no nixpkgs, no network); chromium for
# the status page test, which renders `/` in headless Chromium;
# monitoring-plugins-basic (check_tcp, check_disk, check_procs, check_dummy)
# for the exec plugin's tests, which run real Monitoring Plugins checks.
test_packages=(
  prometheus redis-server postgresql curl jq ca-certificates openssl
  podman podman-compose python3 runc uidmap slirp4netns fuse-overlayfs catatonit
  busybox-static
  systemd iproute2 util-linux
  systemd-container debootstrap python3-yaml
  clang-14 libclang-rt-14-dev
  nix-bin
  chromium
  monitoring-plugins-basic
)

case "${1:-build}" in
  build) wanted=("${build_packages[@]}") ;;
  test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >/dev/null
