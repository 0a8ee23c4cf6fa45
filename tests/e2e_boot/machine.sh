# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# The real-boot test's machine driver, sourced by boot_test.sh: boots the
# root built by build_root.sh with systemd-nspawn (systemd as PID 1, the
# host's network, no host systemd needed), runs commands inside it with
# nsenter, powers it off, and always stops it (machine_stop in an EXIT trap).
#
# Set before use: machine_root (the root folder), machine_logs (a folder for
# the console logs), fail (a function: message, exit 1).
machine_root=${machine_root:?set machine_root before sourcing machine.sh}
machine_logs=${machine_logs:?set machine_logs before sourcing machine.sh}

machine_nspawn=   # pid of systemd-nspawn
machine_pid=      # host pid of the container's PID 1 (systemd)
machine_name=     # label of the current boot (console log name)
machine_boot_seconds=
machine_poweroff_seconds=

# machine_user_* describe the lingering user (boot_test.sh sets them).
machine_user_name=${machine_user_name:-hyperd}
machine_user_uid=${machine_user_uid:-1000}

# Poll with a deadline: machine_poll SECONDS COMMAND... (0 when COMMAND
# succeeded before the deadline).
machine_poll() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# nspawn is our child: once it exits it stays a zombie until `wait`, and
# kill -0 still succeeds on a zombie.
machine_alive() {
  local state
  [[ -n $machine_nspawn ]] || return 1
  state=$(awk '{print $3}' "/proc/$machine_nspawn/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# The container's PID 1: nspawn's child whose pid is 1 in its own namespace.
machine_find_pid1() {
  local child ns
  for child in $(ps -o pid= --ppid "$machine_nspawn" 2>/dev/null); do
    ns=$(awk '/^NSpid:/ {print $NF}' "/proc/$child/status" 2>/dev/null)
    if [[ $ns == 1 && $(cat "/proc/$child/comm" 2>/dev/null) == systemd ]]; then
      machine_pid=$child
      return 0
    fi
  done
  return 1
}

# The machine's own journal (persistent, readable from the host), for
# failures: --console=pipe shows next to nothing.
machine_journal_tail() {
  echo "--- last lines of the machine's journal (journalctl -D $machine_root/var/log/journal):"
  journalctl -D "$machine_root/var/log/journal" --no-pager -n 40 2>/dev/null | cut -c1-240 || true
}

# Runs COMMAND as root inside the booted machine (all its namespaces).
machine_run() {
  nsenter -t "$machine_pid" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LC_ALL=C.UTF-8 SYSTEMD_PAGER= SYSTEMD_COLORS=0 "$@"
}

# Runs COMMAND as the lingering user with his manager's environment.
machine_user() {
  machine_run runuser -u "$machine_user_name" -- env -i HOME="/home/$machine_user_name" \
    USER="$machine_user_name" XDG_RUNTIME_DIR="/run/user/$machine_user_uid" \
    DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$machine_user_uid/bus" \
    PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C.UTF-8 SYSTEMD_PAGER= SYSTEMD_COLORS=0 "$@"
}

machine_system_state() {
  machine_system_state=$(machine_run timeout 5 systemctl is-system-running 2>/dev/null) || true
  [[ $machine_system_state == running || $machine_system_state == degraded ]]
}

machine_user_state() {
  machine_user_state=$(machine_user timeout 5 systemctl --user is-system-running 2>/dev/null) || true
  [[ $machine_user_state == running || $machine_user_state == degraded ]]
}

# machine_boot NAME [NSPAWN_OPTION...]: boots and waits until the system
# manager and the lingering user's manager finished starting up (running or
# degraded): the user's default.target units have then started or failed.
machine_boot() {
  machine_name=$1
  shift
  local started=$SECONDS
  machine_pid=
  systemd-nspawn --keep-unit --register=no -D "$machine_root" -b --console=pipe "$@" \
    </dev/null >"$machine_logs/console-$machine_name.log" 2>&1 &
  machine_nspawn=$!
  if ! machine_poll 30 machine_find_pid1; then
    machine_alive || { machine_journal_tail; fail "$machine_name: systemd-nspawn exited at once"; }
    machine_journal_tail
    fail "$machine_name: no systemd PID 1 under systemd-nspawn ($machine_nspawn) after 30 s"
  fi
  if ! machine_poll 90 machine_system_state; then
    machine_journal_tail
    fail "$machine_name: the system did not finish booting within 90 s (state: ${machine_system_state:-no answer})"
  fi
  # The user manager starts at boot only for a lingering user; its startup
  # ends when default.target's units (ai-stack-startup: READY=1 or failed)
  # are done. The starter's own budget is 120 s.
  if ! machine_poll 200 machine_user_state; then
    machine_run systemctl --no-pager status "user@$machine_user_uid.service" 2>&1 | tail -n 20 || true
    fail "$machine_name: $machine_user_name's user manager did not finish starting within 200 s" \
      "(state: ${machine_user_state:-no answer}; is he lingering?)"
  fi
  machine_boot_seconds=$((SECONDS - started))
  echo "--- $machine_name: booted, system ${machine_system_state}, user manager ${machine_user_state}" \
    "after ${machine_boot_seconds} s"
}

# machine_poweroff: `systemctl poweroff` inside, then waits for nspawn to end
# (units may take their whole stop timeout, 90 s by default); sets
# machine_poweroff_seconds.
machine_poweroff() {
  local started=$SECONDS status=0
  machine_alive || fail "$machine_name: the machine is not running (console: $machine_logs/console-$machine_name.log)"
  machine_run systemctl poweroff >/dev/null 2>&1 || true
  if ! machine_poll 150 eval '! machine_alive'; then
    machine_journal_tail
    fail "$machine_name: still running 150 s after systemctl poweroff"
  fi
  wait "$machine_nspawn" || status=$?
  machine_nspawn=
  machine_pid=
  machine_poweroff_seconds=$((SECONDS - started))
  [[ $status -eq 0 ]] || { machine_journal_tail; fail "$machine_name: systemd-nspawn exited $status after poweroff"; }
  echo "--- $machine_name: powered off in $machine_poweroff_seconds s"
}

# machine_stop: for the EXIT trap; poweroff, else SIGKILL to the container's
# PID 1 (which takes every process of the container with it) and to nspawn.
machine_stop() {
  machine_alive || return 0
  if [[ -n $machine_pid ]]; then
    machine_run systemctl poweroff >/dev/null 2>&1 || true
    if machine_poll 20 eval '! machine_alive'; then
      wait "$machine_nspawn" 2>/dev/null || true
      return 0
    fi
    echo "machine_stop: killing the container's PID 1 ($machine_pid)" >&2
    kill -KILL "$machine_pid" 2>/dev/null || true
    if machine_poll 10 eval '! machine_alive'; then
      wait "$machine_nspawn" 2>/dev/null || true
      return 0
    fi
  fi
  echo "machine_stop: killing systemd-nspawn ($machine_nspawn)" >&2
  kill -KILL "$machine_nspawn" 2>/dev/null || true
  [[ -n $machine_pid ]] && kill -KILL "$machine_pid" 2>/dev/null
  wait "$machine_nspawn" 2>/dev/null || true
}
