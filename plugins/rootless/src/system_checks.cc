// SPDX-License-Identifier: Apache-2.0
#include "system_checks.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

#include "file_facts.h"
#include "path_search.h"

namespace stackprobe::rootless {
namespace {

std::optional<long long> ReadInteger(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::string text(64, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  long long value = 0;
  auto [ptr, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::string FirstLine(const std::string& text, std::size_t max_chars) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > max_chars) line.resize(max_chars);
  return line;
}

Check FoundCheck(const std::string& id, const std::string& what,
                 const std::vector<std::string>& names,
                 const std::vector<std::string>& path_dirs,
                 const std::vector<std::string>& libexec_dirs) {
  Check check;
  check.id = id;
  std::vector<std::string> dirs = path_dirs;
  dirs.insert(dirs.end(), libexec_dirs.begin(), libexec_dirs.end());
  for (const std::string& name : names) {
    if (auto found = FindExecutable(name, dirs)) {
      check.status = CheckStatus::kOk;
      check.title = what + " found: " + *found;
      check.evidence = DescribeFile(InspectFile(*found));
      return check;
    }
  }
  std::string wanted;
  for (const std::string& name : names) {
    wanted += (wanted.empty() ? "" : " or ") + name;
  }
  check.status = CheckStatus::kFail;
  check.title =
      wanted + " not found in PATH" +
      (libexec_dirs.empty() ? std::string() : " or podman's libexec folders");
  check.evidence = "searched: " + JoinPathList(dirs);
  return check;
}

}  // namespace

UserNamespaceOutcome CheckUserNamespaces(const std::string& proc_sys_dir) {
  UserNamespaceOutcome outcome;
  Check& check = outcome.check;
  check.id = "user_namespaces";
  const std::string max_path =
      JoinPath(proc_sys_dir, "user/max_user_namespaces");
  const std::string clone_path =
      JoinPath(proc_sys_dir, "kernel/unprivileged_userns_clone");
  outcome.max_user_namespaces = ReadInteger(max_path);
  const std::optional<long long> clone = ReadInteger(clone_path);
  std::string evidence = max_path + " = " +
                         (outcome.max_user_namespaces
                              ? std::to_string(*outcome.max_user_namespaces)
                              : std::string("unreadable"));
  evidence += "\n" + clone_path + " = " +
              (clone ? std::to_string(*clone) : std::string("absent"));
  check.evidence = evidence;
  if (!outcome.max_user_namespaces || *outcome.max_user_namespaces <= 0) {
    check.status = CheckStatus::kFail;
    check.title = "user namespaces are disabled (user.max_user_namespaces is " +
                  (outcome.max_user_namespaces
                       ? std::to_string(*outcome.max_user_namespaces)
                       : std::string("unreadable")) +
                  ")";
    check.fix_nixos =
        "boot.kernel.sysctl.\"user.max_user_namespaces\" = 15000;";
    check.fix_generic =
        "sysctl -w user.max_user_namespaces=15000 (and persist it in "
        "/etc/sysctl.d/)";
  } else if (clone && *clone != 1) {
    check.status = CheckStatus::kFail;
    check.title =
        "unprivileged user namespaces are disabled "
        "(kernel.unprivileged_userns_clone is " +
        std::to_string(*clone) + ")";
    check.fix_nixos =
        "boot.kernel.sysctl.\"kernel.unprivileged_userns_clone\" = 1;";
    check.fix_generic =
        "sysctl -w kernel.unprivileged_userns_clone=1 (and persist it in "
        "/etc/sysctl.d/)";
  } else {
    check.status = CheckStatus::kOk;
    check.title = "user namespaces are enabled";
  }
  return outcome;
}

Check CheckUnshareTrial(bool enabled, HostContext& context,
                        std::chrono::milliseconds timeout) {
  Check check;
  check.id = "unshare_trial";
  if (!enabled) {
    check.status = CheckStatus::kSkipped;
    check.title = "not tried (unshare_trial is false)";
    return check;
  }
  CommandRequest request;
  request.argv = {"unshare", "--user", "--map-root-user", "true"};
  request.inherit_env = true;
  request.timeout = timeout;
  request.max_output_bytes = 16 * 1024;
  const CommandResult result = context.RunCommand(request);
  check.evidence = "unshare --user --map-root-user true: ";
  if (!result.started) {
    check.status = CheckStatus::kFail;
    check.title = "could not run unshare";
    check.evidence += FirstLine(result.error, 300);
    check.fix_generic = "install util-linux (it ships unshare)";
    check.fix_nixos = "add util-linux to the PATH of stackprobe";
  } else if (result.exit_code != 0) {
    check.status = CheckStatus::kFail;
    check.title = "creating a user namespace failed";
    check.evidence += result.timed_out
                          ? std::string("timed out")
                          : "exit " + std::to_string(result.exit_code) + ": " +
                                FirstLine(result.stderr_data, 300);
    check.fix_nixos =
        "boot.kernel.sysctl.\"user.max_user_namespaces\" = 15000;";
    check.fix_generic = "sysctl -w user.max_user_namespaces=15000";
  } else {
    check.status = CheckStatus::kOk;
    check.title = "a user namespace can be created";
    check.evidence += "exit 0";
  }
  return check;
}

Check CheckPodmanFound(const std::vector<std::string>& path_dirs,
                       std::string& found) {
  Check check = FoundCheck("podman_found", "podman", {"podman"}, path_dirs, {});
  if (check.status == CheckStatus::kOk) {
    found = FindExecutable("podman", path_dirs).value_or("");
  } else {
    check.fix_nixos =
        "virtualisation.podman.enable = true; and keep "
        "/run/current-system/sw/bin in the unit's PATH";
    check.fix_generic = "apt-get install podman, or add its folder to PATH";
  }
  return check;
}

Check CheckConmonFound(const std::vector<std::string>& path_dirs,
                       const std::vector<std::string>& libexec_dirs) {
  Check check =
      FoundCheck("conmon_found", "conmon", {"conmon"}, path_dirs, libexec_dirs);
  if (check.status != CheckStatus::kOk) {
    check.fix_nixos =
        "virtualisation.podman.enable = true; (it installs conmon)";
    check.fix_generic = "apt-get install conmon, or add its folder to PATH";
  }
  return check;
}

Check CheckNetworkTool(const std::vector<std::string>& path_dirs,
                       const std::vector<std::string>& libexec_dirs) {
  Check check = FoundCheck("slirp4netns_found", "rootless network tool",
                           {"slirp4netns", "pasta"}, path_dirs, libexec_dirs);
  if (check.status != CheckStatus::kOk) {
    check.fix_nixos =
        "virtualisation.podman.enable = true; (it installs "
        "slirp4netns) and keep /run/current-system/sw/bin in PATH";
    check.fix_generic =
        "apt-get install slirp4netns, or add its folder to PATH";
  }
  return check;
}

Check CheckRuntimeDir(const std::string& runtime_dir, const std::string& source,
                      const UserIdentity& user) {
  Check check;
  check.id = "xdg_runtime_dir";
  const std::string uid = std::to_string(user.uid);
  check.fix_nixos =
      "users.users." + user.name +
      ".linger = true; (or loginctl enable-linger " + user.name +
      ") and Environment=XDG_RUNTIME_DIR=/run/user/%U in the unit";
  check.fix_generic = "loginctl enable-linger " + user.name +
                      " (creates /run/user/" + uid +
                      ") and set XDG_RUNTIME_DIR=/run/user/" + uid;
  if (runtime_dir.empty()) {
    check.status = CheckStatus::kWarn;
    check.title =
        "XDG_RUNTIME_DIR is not set (podman falls back to "
        "/tmp/podman-run-" +
        uid + ")";
    check.evidence = "source: " + source;
    return check;
  }
  struct stat info {};
  if (stat(runtime_dir.c_str(), &info) != 0) {
    check.status = CheckStatus::kWarn;
    check.title = "XDG_RUNTIME_DIR " + runtime_dir + " does not exist";
    check.evidence =
        runtime_dir + ": " + std::strerror(errno) + " (from " + source + ")";
    return check;
  }
  check.evidence = runtime_dir + ": " + ModeString(info.st_mode) + " owner " +
                   std::to_string(info.st_uid) + ":" +
                   std::to_string(info.st_gid) + " (from " + source + ")";
  if (!S_ISDIR(info.st_mode) || info.st_uid != user.uid) {
    check.status = CheckStatus::kWarn;
    check.title = "XDG_RUNTIME_DIR " + runtime_dir +
                  (S_ISDIR(info.st_mode) ? " is not owned by " + user.name
                                         : std::string(" is not a folder"));
    return check;
  }
  check.status = CheckStatus::kOk;
  check.title = "XDG_RUNTIME_DIR " + runtime_dir + " belongs to " + user.name;
  check.fix_nixos.clear();
  check.fix_generic.clear();
  return check;
}

Check CheckLinger(const std::string& linger_dir, const UserIdentity& user) {
  Check check;
  check.id = "linger";
  const std::string marker = JoinPath(linger_dir, user.name);
  struct stat info {};
  if (stat(marker.c_str(), &info) == 0) {
    check.status = CheckStatus::kOk;
    check.title = "lingering is enabled for " + user.name;
    check.evidence = marker + " exists";
    return check;
  }
  check.status = CheckStatus::kWarn;
  check.title = "lingering is off for " + user.name +
                ": the containers start only after a login";
  check.evidence = marker + ": " + std::strerror(errno);
  check.fix_nixos = "users.users." + user.name +
                    ".linger = true; (or loginctl enable-linger " + user.name +
                    ")";
  check.fix_generic = "loginctl enable-linger " + user.name;
  return check;
}

}  // namespace stackprobe::rootless
