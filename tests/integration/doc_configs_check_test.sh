#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Every stackprobe config shown in README.md, docs/*.md and the plugins'
# READMEs (plugins/*/README.md) passes
# `stackprobe config check` as written: each ```yaml block with a top-level
# `probes:` key is written to a file of its own and checked with the plugins
# of the build. Fails when README.md shows no config at all (the extraction
# would then check nothing).
#
# usage: doc_configs_check_test.sh STACKPROBE_BINARY PLUGIN_DIR SOURCE_DIR
set -euo pipefail

usage="usage: $0 STACKPROBE_BINARY PLUGIN_DIR SOURCE_DIR"
stackprobe=${1:?$usage}
plugin_dir=${2:?$usage}
source_dir=${3:?$usage}

work=$(mktemp -d /tmp/stackprobe-doc-configs.XXXXXX)
trap 'rm -rf "$work"' EXIT

failures=0
checked=0
for doc in "$source_dir/README.md" "$source_dir"/docs/*.md \
  "$source_dir"/plugins/*/README.md; do
  [[ -f $doc ]] || continue
  # plugins/exec/README.md -> plugins_exec_README: unique per document.
  name=${doc#"$source_dir"/}
  name=${name%.md}
  name=${name//\//_}
  # One file per yaml block: <name>-<line of the block>.yml.
  awk -v out="$work/$name" '
    /^```yaml[[:space:]]*$/ { file = out "-" NR ".yml"; next }
    /^```/ { file = ""; next }
    file != "" { print > file }
  ' "$doc"
  for block in "$work/$name"-*.yml; do
    [[ -f $block ]] || continue
    grep -q '^probes:' "$block" || continue
    line=${block##*-}
    line=${line%.yml}
    checked=$((checked + 1))
    if output=$("$stackprobe" --plugin-dir "$plugin_dir" config check "$block" 2>&1); then
      echo "ok: ${doc#"$source_dir"/}, the block after line $line"
    else
      echo "FAIL: ${doc#"$source_dir"/}, the block after line $line:"
      sed 's/^/  /' "$block"
      echo "$output"
      failures=$((failures + 1))
    fi
  done
done
if ((checked == 0)); then
  echo "FAIL: no stackprobe config (a yaml block with probes:) in README.md"
  exit 1
fi
((failures == 0)) || exit 1
echo "PASS: $checked configs"
