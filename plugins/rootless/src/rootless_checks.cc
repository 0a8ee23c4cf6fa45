// SPDX-License-Identifier: Apache-2.0
#include "rootless_checks.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "idmap_check.h"
#include "path_fix.h"
#include "path_repair.h"
#include "path_search.h"
#include "podman_checks.h"
#include "subid_check.h"
#include "system_checks.h"
#include "unit_file.h"

namespace stackprobe::rootless {
namespace {

// What systemd gives a service whose unit sets no PATH (systemd.exec(5)).
constexpr const char* kSystemdDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";

std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// The environment podman would run in: PATH, HOME and XDG_RUNTIME_DIR,
// each with where it came from.
struct TargetEnvironment {
  std::string path;
  std::string path_source;
  std::string home;
  std::string runtime_dir;
  std::string runtime_dir_source;
};

TargetEnvironment ResolveEnvironment(const RootlessOptions& options,
                                     const UserIdentity& user,
                                     bool running_as_user) {
  TargetEnvironment env;
  env.home = user.home;
  const std::string user_run = "/run/user/" + std::to_string(user.uid);
  std::map<std::string, std::string> unit_env;
  if (!options.unit_file.empty()) {
    try {
      unit_env = ReadUnitEnvironment(
          options.unit_file,
          UnitSpecifiers{user.home, user.name, std::to_string(user.uid)});
    } catch (const std::exception& e) {
      throw TargetError(e.what());
    }
  }
  if (!options.path.empty()) {
    env.path = options.path;
    env.path_source = "configured path";
  } else if (!options.unit_file.empty()) {
    auto found = unit_env.find("PATH");
    if (found != unit_env.end()) {
      env.path = found->second;
      env.path_source = "Environment= of " + options.unit_file;
    } else {
      env.path = kSystemdDefaultPath;
      env.path_source =
          "systemd's default PATH (" + options.unit_file + " sets none)";
    }
  } else {
    env.path = EnvOrEmpty("PATH");
    env.path_source = "environment of stackprobe";
  }
  if (auto home = unit_env.find("HOME"); home != unit_env.end()) {
    env.home = home->second;
  }
  if (!options.xdg_runtime_dir.empty()) {
    env.runtime_dir = options.xdg_runtime_dir;
    env.runtime_dir_source = "configured xdg_runtime_dir";
  } else if (auto dir = unit_env.find("XDG_RUNTIME_DIR");
             dir != unit_env.end()) {
    env.runtime_dir = dir->second;
    env.runtime_dir_source = "Environment= of " + options.unit_file;
  } else if (!options.unit_file.empty() || !running_as_user) {
    // The user manager sets XDG_RUNTIME_DIR=/run/user/UID for its services.
    env.runtime_dir = user_run;
    env.runtime_dir_source = "the user manager's default";
  } else {
    env.runtime_dir = EnvOrEmpty("XDG_RUNTIME_DIR");
    env.runtime_dir_source = "environment of stackprobe";
  }
  return env;
}

}  // namespace

int RootlessReport::Count(CheckStatus status) const {
  return static_cast<int>(std::count_if(
      checks.begin(), checks.end(),
      [status](const Check& check) { return check.status == status; }));
}

RootlessReport RunRootlessChecks(const RootlessOptions& options,
                                 HostContext& context) {
  RootlessReport report;
  try {
    report.user = ResolveUser(options.user, options.passwd_file);
  } catch (const std::exception& e) {
    throw TargetError(e.what());
  }
  const UserIdentity& user = report.user;
  const bool running_as_user = geteuid() == user.uid;
  const TargetEnvironment env =
      ResolveEnvironment(options, user, running_as_user);
  report.path = env.path;
  report.path_source = env.path_source;
  const PodmanPaths paths =
      ResolvePodmanPaths(env.path, options.repair_path, options.setuid_dirs);
  report.podman_path = paths.podman_path;
  report.path_repair = options.repair_path;
  report.path_entries = paths.given.size();
  // The service whose PATH a fix must change: the unit file checked, else
  // the service this process runs in (the doctor as ExecStartPre=).
  const UnitRef unit = !options.unit_file.empty()
                           ? UnitOfFile(options.unit_file)
                       : options.path.empty() ? UnitOfThisProcess()
                                              : UnitRef{};

  // root runs podman rootful: no ID mapping tools, subordinate ranges,
  // runtime folder or lingering are involved, so those checks do not apply.
  const bool rootful = user.uid == 0;
  auto rootful_skip = [](const std::string& id) {
    Check check;
    check.id = id;
    check.status = CheckStatus::kSkipped;
    check.title = "not needed: podman runs rootful for uid 0";
    return check;
  };
  if (rootful) {
    for (const char* id : {"newuidmap_setuid", "newgidmap_setgid",
                           "subuid_range", "subgid_range"}) {
      report.checks.push_back(rootful_skip(id));
    }
  } else {
    for (const IdMapTool tool :
         {IdMapTool::kNewUidMap, IdMapTool::kNewGidMap}) {
      report.checks.push_back(JudgeIdMapTool(tool, paths, options.search_dirs,
                                             user, unit, report.path_repaired));
    }
    SubIdOutcome subuid = CheckSubIds(SubIdKind::kSubUid, options.subuid_file,
                                      user, options.min_range);
    report.subuid_range_size = subuid.range_size;
    report.checks.push_back(std::move(subuid.check));
    SubIdOutcome subgid = CheckSubIds(SubIdKind::kSubGid, options.subgid_file,
                                      user, options.min_range);
    report.subgid_range_size = subgid.range_size;
    report.checks.push_back(std::move(subgid.check));
  }
  UserNamespaceOutcome userns = CheckUserNamespaces(options.proc_sys_dir);
  report.max_user_namespaces = userns.max_user_namespaces;
  report.checks.push_back(std::move(userns.check));
  report.checks.push_back(CheckUnshareTrial(options.unshare_trial, context,
                                            options.command_timeout));
  // The starter picks podman from the PATH as given; podman finds conmon
  // and the network tool in the PATH it gets.
  std::string podman;
  report.checks.push_back(CheckPodmanFound(paths.given, podman));
  report.checks.push_back(CheckConmonFound(paths.podman, options.libexec_dirs));
  report.checks.push_back(CheckNetworkTool(paths.podman, options.libexec_dirs));
  if (rootful) {
    report.checks.push_back(rootful_skip("xdg_runtime_dir"));
    report.checks.push_back(rootful_skip("linger"));
  } else {
    report.checks.push_back(
        CheckRuntimeDir(env.runtime_dir, env.runtime_dir_source, user));
    report.checks.push_back(CheckLinger(options.linger_dir, user));
  }

  std::vector<Check> podman_checks;
  if (!options.podman_info) {
    podman_checks = SkippedPodmanChecks("not run (podman_info is false)");
  } else if (podman.empty()) {
    podman_checks = SkippedPodmanChecks("not run: podman not found in PATH");
  } else if (!running_as_user) {
    podman_checks = SkippedPodmanChecks(
        "not run: stackprobe runs as uid " + std::to_string(geteuid()) +
        ", not as " + user.name + " (uid " + std::to_string(user.uid) +
        "), and podman info shows the calling user's podman; run the check "
        "as " +
        user.name);
  } else {
    podman_checks =
        RunPodmanChecks(PodmanRun{podman, paths.podman_path, env.home,
                                  env.runtime_dir, options.command_timeout},
                        user, context);
  }
  for (Check& check : podman_checks) report.checks.push_back(std::move(check));
  return report;
}

}  // namespace stackprobe::rootless
