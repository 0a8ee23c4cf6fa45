// SPDX-License-Identifier: Apache-2.0
#include "path_repair.h"

#include "path_search.h"
#include "stackprobe/plugin_common/podman_path.h"

namespace stackprobe::rootless {
namespace {

std::string JoinedOrNone(const std::vector<std::string>& dirs) {
  return dirs.empty() ? std::string("none") : JoinPathList(dirs);
}

}  // namespace

PodmanPaths ResolvePodmanPaths(const std::string& given_path, bool repair,
                               const std::vector<std::string>& setuid_dirs) {
  PodmanPaths paths;
  paths.given = SplitPathList(given_path);
  paths.repair = repair;
  paths.setuid_dirs = setuid_dirs;
  if (!repair) {
    paths.podman = paths.given;
    paths.podman_path = JoinPathList(paths.podman);
    return paths;
  }
  const plugin_common::SanitizedPath sanitized =
      plugin_common::SanitizePath(given_path, setuid_dirs);
  paths.podman_path = sanitized.path;
  paths.podman = SplitPathList(sanitized.path);
  paths.repair_note = sanitized.explanation;
  paths.setuid_folders = sanitized.setuid_folders;
  return paths;
}

Check JudgeIdMapTool(IdMapTool tool, const PodmanPaths& paths,
                     const std::vector<std::string>& search_dirs,
                     const UserIdentity& user, const UnitRef& unit,
                     bool& repaired) {
  Check podman = CheckIdMapTool(tool, paths.podman, search_dirs, user, unit);
  if (!paths.repair) return podman;
  if (podman.status == CheckStatus::kFail) {
    if (paths.podman != paths.given) {
      podman.evidence +=
          "\nthe PATH podman gets from stackprobe start: " + paths.podman_path;
    }
    podman.evidence +=
        paths.setuid_folders.empty()
            ? "\nstackprobe start cannot repair this: no folder in PATH or in "
              "its setuid_dirs (" +
                  JoinedOrNone(paths.setuid_dirs) +
                  ") holds a setuid-root newuidmap and newgidmap"
            : "\nstackprobe start cannot repair this: it puts " +
                  JoinPathList(paths.setuid_folders) +
                  " first, and that is not enough";
    return podman;
  }
  if (paths.podman == paths.given) return podman;
  Check given = CheckIdMapTool(tool, paths.given, search_dirs, user, unit);
  if (given.status != CheckStatus::kFail) return podman;

  repaired = true;
  const std::string name(IdMapToolName(tool));
  const std::string podman_tool =
      FindExecutable(name, paths.podman).value_or(name);
  Check check;
  check.id = given.id;
  check.status = CheckStatus::kWarn;
  check.title = given.title + "; stackprobe start repairs this: podman gets " +
                podman_tool + " (setuid folders first in its PATH)";
  check.evidence = given.evidence;
  if (!paths.repair_note.empty()) check.evidence += "\n" + paths.repair_note;
  check.evidence +=
      "\nthe PATH podman gets from stackprobe start: " + paths.podman_path +
      "\npodman run by hand with the given PATH fails";
  check.fix_nixos = NixosPathFix(unit, paths.podman_path);
  check.fix_generic = GenericPathFix(unit, paths.podman_path);
  return check;
}

}  // namespace stackprobe::rootless
