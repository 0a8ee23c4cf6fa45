// SPDX-License-Identifier: Apache-2.0
#include "idmap_check.h"

#include <sys/stat.h>

#include <algorithm>
#include <optional>

#include "path_fix.h"
#include "path_search.h"

namespace stackprobe::rootless {
namespace {

struct ToolTraits {
  const char* name;
  const char* check_id;
  const char* capability_name;
  int capability;
};

ToolTraits TraitsOf(IdMapTool tool) {
  if (tool == IdMapTool::kNewUidMap) {
    return {"newuidmap", "newuidmap_setuid", "cap_setuid", kCapSetuid};
  }
  return {"newgidmap", "newgidmap_setgid", "cap_setgid", kCapSetgid};
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

std::string Dirname(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// `dirs` with `first` at the front (and nowhere else).
std::vector<std::string> WithFirst(std::vector<std::string> dirs,
                                   const std::string& first) {
  dirs.erase(std::remove(dirs.begin(), dirs.end(), first), dirs.end());
  dirs.insert(dirs.begin(), first);
  return dirs;
}

// A working copy of the tool outside the failing one, preferring PATH order.
struct Better {
  std::string dir;
  FileFacts facts;
  bool in_path = false;
};

std::optional<Better> FindBetter(IdMapTool tool, const std::string& failing_dir,
                                 const std::vector<std::string>& path_dirs,
                                 const std::vector<std::string>& search_dirs,
                                 const UserIdentity& user) {
  const ToolTraits traits = TraitsOf(tool);
  auto works = [&](const std::string& dir) -> std::optional<FileFacts> {
    FileFacts facts = InspectFile(JoinPath(dir, traits.name));
    if (!IsPathMatch(facts) || !IdMapToolProblems(tool, facts, user).empty()) {
      return std::nullopt;
    }
    return facts;
  };
  for (const std::string& dir : path_dirs) {
    if (dir == failing_dir) continue;
    if (auto facts = works(dir)) return Better{dir, *facts, true};
  }
  for (const std::string& dir : search_dirs) {
    if (dir == failing_dir ||
        std::find(path_dirs.begin(), path_dirs.end(), dir) != path_dirs.end()) {
      continue;
    }
    if (auto facts = works(dir)) return Better{dir, *facts, false};
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> IdMapToolProblems(IdMapTool tool,
                                           const FileFacts& facts,
                                           const UserIdentity& user) {
  const ToolTraits traits = TraitsOf(tool);
  std::vector<std::string> problems;
  if (!UserCanExecute(facts, user)) {
    problems.push_back("is not executable by " + user.name);
  }
  if (facts.uid != 0) {
    problems.push_back("is owned by uid " + std::to_string(facts.uid) +
                       ", not root");
  }
  const bool setuid = (facts.mode & S_ISUID) != 0;
  const bool has_cap =
      facts.capabilities && facts.capabilities->Grants(traits.capability);
  if (!setuid && !has_cap) {
    std::string problem = std::string("is not setuid and has no ") +
                          traits.capability_name + " file capability";
    // podman's own hint says "setgid" for newgidmap, but a setgid bit
    // grants no CAP_SETGID: only setuid root or the capability writes gid_map.
    if ((facts.mode & S_ISGID) != 0) problem += " (a setgid bit is not enough)";
    problems.push_back(problem);
  }
  if (facts.nosuid_mount && (setuid || has_cap)) {
    problems.push_back(
        "is on a nosuid mount, where the kernel ignores setuid bits and file "
        "capabilities");
  }
  return problems;
}

std::string_view IdMapToolName(IdMapTool tool) { return TraitsOf(tool).name; }

Check CheckIdMapTool(IdMapTool tool, const std::vector<std::string>& path_dirs,
                     const std::vector<std::string>& search_dirs,
                     const UserIdentity& user, const UnitRef& unit) {
  const ToolTraits traits = TraitsOf(tool);
  const std::string name = traits.name;
  Check check;
  check.id = traits.check_id;

  std::vector<std::string> evidence;
  std::optional<FileFacts> first;
  for (const std::string& dir : path_dirs) {
    FileFacts facts = InspectFile(JoinPath(dir, name));
    if (IsPathMatch(facts)) {
      first = facts;
      break;
    }
    if (facts.exists) {
      evidence.push_back(DescribeFile(facts) +
                         " (skipped: not an executable file)");
    }
  }

  const std::string nixos_wrapper =
      "enable the setuid wrappers (virtualisation.podman.enable = true, or "
      "security.wrappers." +
      name +
      " = { setuid = true; owner = \"root\"; "
      "group = \"root\"; source = \"${pkgs.shadow.out}/bin/" +
      name + "\"; }), then " +
      NixosPathFix(unit,
                   JoinPathList(WithFirst(path_dirs, "/run/wrappers/bin")));
  std::string generic_install =
      "install the uidmap package (it ships " + name +
      " setuid root), or: chown root:root FILE && chmod u+s FILE";

  if (!first) {
    check.status = CheckStatus::kFail;
    check.title = name +
                  " not found in PATH (podman: executable file not "
                  "found in $PATH)";
    evidence.insert(evidence.begin(),
                    "PATH folders searched: " + Join(path_dirs, ":"));
    const auto better = FindBetter(tool, "", path_dirs, search_dirs, user);
    if (better) {
      evidence.push_back("a working copy outside PATH: " +
                         DescribeFile(better->facts));
      const std::vector<std::string> fixed = WithFirst(path_dirs, better->dir);
      check.fix_generic = "add " + better->dir + " to the front of PATH: " +
                          GenericPathFix(unit, JoinPathList(fixed));
      check.fix_nixos = NixosPathFix(unit, JoinPathList(fixed));
    } else {
      check.fix_generic = generic_install;
      check.fix_nixos = nixos_wrapper;
    }
    check.evidence = Join(evidence, "\n");
    return check;
  }

  const std::vector<std::string> problems =
      IdMapToolProblems(tool, *first, user);
  evidence.insert(evidence.begin(), DescribeFile(*first));
  if (problems.empty()) {
    check.status = CheckStatus::kOk;
    check.title =
        "first " + name + " in PATH, " + first->path + ", can write ID maps";
    check.evidence = Join(evidence, "\n");
    return check;
  }

  check.status = CheckStatus::kFail;
  check.title = "first " + name + " in PATH, " + first->path + ", " +
                Join(problems, ", ");
  const std::string first_dir = Dirname(first->path);
  const auto better = FindBetter(tool, first_dir, path_dirs, search_dirs, user);
  if (better) {
    evidence.push_back("a working copy: " + DescribeFile(better->facts));
    const std::vector<std::string> fixed =
        MoveBefore(path_dirs, better->dir, first_dir);
    const std::string verb = better->in_path ? "put " : "add ";
    const std::string order =
        verb + better->dir + " before " + first_dir + " in PATH";
    check.fix_generic =
        order + ": " + GenericPathFix(unit, JoinPathList(fixed));
    check.fix_nixos = NixosPathFix(unit, JoinPathList(fixed));
  } else if (first->nosuid_mount) {
    check.fix_generic = "move " + first->path +
                        " to a file system mounted without nosuid, or put a "
                        "folder with a setuid-root " +
                        name + " first in PATH";
    check.fix_nixos = nixos_wrapper;
  } else {
    std::string file_fix = generic_install;
    const std::string placeholder = "FILE";
    for (std::size_t at = file_fix.find(placeholder); at != std::string::npos;
         at = file_fix.find(placeholder, at + first->path.size())) {
      file_fix.replace(at, placeholder.size(), first->path);
    }
    check.fix_generic = file_fix + ", or setcap " + traits.capability_name +
                        "=ep " + first->path;
    check.fix_nixos = nixos_wrapper;
  }
  check.evidence = Join(evidence, "\n");
  return check;
}

}  // namespace stackprobe::rootless
