#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Every .nix file of the repository parses (`nix-instantiate --parse`, from
# the Debian package nix-bin: no nixpkgs, no network) and starts with the
# SPDX line. The files the NixOS packaging needs must exist. Nix gets a
# private store and state folder, so the test needs no /nix, no daemon and
# no root.
#
# Checked to fail: a missing `;` in nix/module.nix ("FAIL: nix/module.nix
# does not parse" with nix's error and line), the SPDX line removed from
# flake.nix, nix/units.nix renamed away ("nix/units.nix is missing").
#
# usage: parse_test.sh REPO
set -euo pipefail

repo=${1:?usage: $0 REPO}
cd "$repo"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
command -v nix-instantiate >/dev/null ||
  fail "nix-instantiate is missing: apt-get install -y nix-bin (scripts/install-deps.sh test installs it)"

work=$(mktemp -d /tmp/stackprobe-nix-parse.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc"
echo 'build-users-group =' >"$work/etc/nix.conf"
export NIX_STORE_DIR=$work/store NIX_STATE_DIR=$work/state NIX_LOG_DIR=$work/log
export NIX_CONF_DIR=$work/etc XDG_CACHE_HOME=$work/cache HOME=$work

for required in flake.nix nix/package.nix nix/module.nix nix/units.nix; do
  [[ -f $required ]] || fail "$required is missing"
done

# Tracked and new files of a checkout (not what .gitignore hides, such as
# build folders); every file below the repository without git.
files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  while IFS= read -r -d '' file; do
    [[ -f $file ]] && files+=("$file")
  done < <(git ls-files -z --cached --others --exclude-standard -- '*.nix')
else
  while IFS= read -r -d '' file; do
    files+=("${file#./}")
  done < <(find . -name '*.nix' -type f -not -path './.git/*' -not -path './build*' -print0)
fi
((${#files[@]} > 0)) || fail "no .nix file found in $repo"

status=0
for file in "${files[@]}"; do
  if ! output=$(nix-instantiate --parse "$file" 2>&1 >/dev/null); then
    echo "FAIL: $file does not parse:" >&2
    echo "$output" >&2
    status=1
  elif [[ $(head -n 1 "$file") != "# SPDX-License-Identifier: Apache-2.0" ]]; then
    echo "FAIL: $file does not start with # SPDX-License-Identifier: Apache-2.0" >&2
    status=1
  else
    echo "ok: $file"
  fi
done
exit "$status"
