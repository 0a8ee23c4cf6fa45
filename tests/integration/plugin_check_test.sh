#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `stackprobe plugins --check FILE.so`: a line per check, exit 0 when every
# check passes, 1 with the reason when one fails, 2 for a usage error.
# Usage: plugin_check_test.sh STACKPROBE TEST_PLUGIN_DIR CHECK_PLUGIN_DIR
set -uo pipefail
stackprobe=$1
test_plugins=$2
check_plugins=$3
failures=0

# expect_check FILE EXIT_CODE REGEX...: runs --check on FILE; the exit code
# must be EXIT_CODE and the output must match every REGEX.
expect_check() {
  local file=$1 want=$2
  shift 2
  local output code
  output=$("$stackprobe" plugins --check "$file" 2>&1)
  code=$?
  if [[ $code -ne $want ]]; then
    echo "FAILED: --check $file exited $code, expected $want:"
    echo "$output"
    failures=$((failures + 1))
    return
  fi
  local pattern
  for pattern in "$@"; do
    if ! grep -Eq -- "$pattern" <<<"$output"; then
      echo "FAILED: --check $file: no line matches /$pattern/ in:"
      echo "$output"
      failures=$((failures + 1))
    fi
  done
}

expect_check "$test_plugins/good_probe.so" 0 \
  '^PASS load: good_probe 1\.0\.0, probe' '^PASS descriptor: ' '^PASS schema: ' \
  '^PASS config: \{"value":1\}$' '^PASS create: ' '^PASS run: up \(none\)' \
  '^PASS samples: ' 'good_probe\.so: 7 passed, 0 failed$'
expect_check "$check_plugins/bad_metric_name.so" 1 \
  '^PASS run: up' '^FAIL samples: .*requests-per-second.*1 samples dropped' \
  ': 6 passed, 1 failed$'
expect_check "$check_plugins/open_schema.so" 1 \
  '^FAIL schema: .*"additionalProperties": false' ': 2 passed, 1 failed$'
expect_check "$test_plugins/wrong_abi.so" 1 '^FAIL load: .*ABI' ': 0 passed, 1 failed$'
expect_check /nonexistent/stackprobe/none.so 1 '^FAIL load: .*/nonexistent/stackprobe/none\.so'

# The config the check creates the plugin with.
output=$("$stackprobe" plugins --check "$test_plugins/good_probe.so" \
  --check-config '{"value": "many"}' 2>&1)
code=$?
if [[ $code -ne 1 ]] || ! grep -q '^FAIL config: config.value: expected an integer' <<<"$output"; then
  echo "FAILED: --check-config with a bad value exited $code:"
  echo "$output"
  failures=$((failures + 1))
fi

# Usage errors: --check with --schema, --check-config without --check.
for args in "--check $test_plugins/good_probe.so --schema good_probe" \
            "--check-config {}"; do
  # shellcheck disable=SC2086
  "$stackprobe" plugins $args >/dev/null 2>&1
  code=$?
  if [[ $code -ne 2 ]]; then
    echo "FAILED: plugins $args exited $code, expected 2"
    failures=$((failures + 1))
  fi
done

echo "plugin_check: $failures failed"
exit $((failures > 0))
