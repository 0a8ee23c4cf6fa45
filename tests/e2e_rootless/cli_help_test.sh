#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `stackprobe start --help` and `stackprobe doctor --help` must list every
# option their action plugins accept: each --option of the plugin's own
# usage line (printed when it is given an unknown option) appears in the
# help, and the help exits 0.
#
# usage: cli_help_test.sh STACKPROBE_BINARY PLUGIN_DIR
set -euo pipefail

usage="usage: $0 STACKPROBE_BINARY PLUGIN_DIR"
stackprobe=${1:?$usage}
plugin_dir=${2:?$usage}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ -x $stackprobe ]] || fail "stackprobe binary $stackprobe is missing"
for plugin in starter doctor; do
  [[ -f $plugin_dir/$plugin.so ]] || fail "$plugin plugin missing in $plugin_dir"
done
work=$(mktemp -d /tmp/stackprobe-cli-help.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo 'probes: []' >"$work/stackprobe.yml"

for command in start doctor; do
  set +e
  help=$("$stackprobe" -c "$work/stackprobe.yml" --plugin-dir "$plugin_dir" "$command" --help 2>&1)
  help_rc=$?
  plugin_usage=$("$stackprobe" -c "$work/stackprobe.yml" --plugin-dir "$plugin_dir" "$command" \
    --no-such-option 2>&1 | grep -m1 "usage: stackprobe $command")
  set -e
  echo "$help"
  [[ $help_rc -eq 0 ]] || fail "$command --help exited $help_rc"
  [[ -n $plugin_usage ]] || fail "$command --no-such-option printed no usage line"
  echo "plugin: $plugin_usage"
  options=$(grep -oE -- '--[a-z][a-z-]*' <<<"${plugin_usage#*usage: }" | sort -u)
  [[ -n $options ]] || fail "no options in: $plugin_usage"
  for option in $options; do
    grep -qE -- "^ +$option( |$)" <<<"$help" ||
      fail "stackprobe $command --help does not list $option (the plugin accepts it: $plugin_usage)"
  done
  echo "ok: $command --help lists $(tr '\n' ' ' <<<"$options")"
done
echo "PASS"
