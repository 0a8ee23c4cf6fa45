#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# promtool check config on examples/prometheus.yml, with its rule_files
# pointed at the repository's rule files (they live in /etc/prometheus/rules
# on a real host).
# Usage: check_example_config.sh EXAMPLE_PROMETHEUS_YML RULES_DIR
set -euo pipefail
example=$1
rules_dir=$2
command -v promtool >/dev/null || {
  echo "FAIL: promtool is required (Debian package prometheus)" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s#/etc/prometheus/rules/#${rules_dir}/#g" "$example" >"$work/prometheus.yml"
grep -q "${rules_dir}/stackprobe-alerts.rules.yml" "$work/prometheus.yml"
promtool check config "$work/prometheus.yml"
