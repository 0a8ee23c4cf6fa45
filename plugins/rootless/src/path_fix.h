// SPDX-License-Identifier: Apache-2.0
//
// Where the PATH podman gets is set, and the fix for it in the words of that
// place: a NixOS option naming the unit, or an Environment= line.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_PATH_FIX_H_
#define STACKPROBE_PLUGINS_ROOTLESS_PATH_FIX_H_

#include <string>
#include <string_view>

namespace stackprobe::rootless {

/// The systemd service whose Environment= sets the PATH, when known.
/// Plain data.
struct UnitRef {
  std::string name;       ///< Unit name without ".service"; empty: unknown.
  bool user_unit = true;  ///< Run by the user's manager (systemd --user).
};

/// The unit of a unit file: its file name without ".service"; a system unit
/// when the file lies under a ".../systemd/system" folder, else a user unit
/// (the stack starter is one). Pure.
UnitRef UnitOfFile(const std::string& unit_file);

/// The service a process runs in, from the text of its /proc/PID/cgroup
/// (cgroup v2 "0::" line, else the v1 "name=systemd" line): the last path
/// component when it ends in ".service" and is not a user manager
/// ("user@UID.service"); a user unit when the path lies under a user manager.
/// Empty name when the process is in no service (a login session, a
/// container). Pure.
UnitRef UnitFromCgroup(std::string_view cgroup_text);

/// The service this process runs in when systemd started it (INVOCATION_ID
/// set), read from /proc/self/cgroup; else an empty name. Reads the
/// environment and /proc.
UnitRef UnitOfThisProcess();

/// The NixOS fix that gives `unit` the PATH `path`:
/// `systemd.user.services.NAME.environment.PATH = lib.mkForce "PATH";`
/// (`systemd.services` for a system unit; NAME quoted when Nix needs it;
/// `<unit>` and a hint when the unit is unknown). Pure.
std::string NixosPathFix(const UnitRef& unit, const std::string& path);

/// The same fix for any systemd: `Environment="PATH=PATH"` in the unit,
/// with the command that opens a drop-in for it when the unit is known.
/// Pure.
std::string GenericPathFix(const UnitRef& unit, const std::string& path);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_PATH_FIX_H_
