# SPDX-License-Identifier: Apache-2.0
#
# Sourced by the tests that run podman or stackprobe as a throw-away user
# (needs root). A run that was killed (a timeout, an interrupted CI job)
# leaves its user behind, and with it podman state that points at a runtime
# folder that is gone: the next rootless podman call then fails with
# "invalid internal status, try resetting the pause process". So a test
# never reuses such a user: it removes it and creates it afresh.

# remove_test_user NAME: ends the user's processes, unmounts what they left
# mounted under the home (fuse-overlayfs) and removes the user and its home.
remove_test_user() {
  local name=$1 home mount_point
  id "$name" >/dev/null 2>&1 || return 0
  home=$(getent passwd "$name" | cut -d: -f6)
  pkill -KILL -u "$name" 2>/dev/null || true
  for _ in $(seq 50); do
    pgrep -u "$name" >/dev/null || break
    sleep 0.1
  done
  if [[ -n $home && $home != / ]]; then
    while read -r mount_point; do
      umount -l "$mount_point" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | grep -F "$home/" | sort -r)
  fi
  userdel -r "$name" >/dev/null 2>&1 || true
  ! id "$name" >/dev/null 2>&1 || {
    echo "FAIL: cannot remove the test user $name left by an earlier run" >&2
    return 1
  }
}

# fresh_test_user NAME: NAME with a new home, whatever an earlier run left.
fresh_test_user() {
  remove_test_user "$1"
  useradd -m "$1"
}
