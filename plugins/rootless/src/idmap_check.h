// SPDX-License-Identifier: Apache-2.0
//
// The newuidmap / newgidmap checks: the binary podman will pick from PATH
// must be able to write the ID maps of a new user namespace.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_IDMAP_CHECK_H_
#define STACKPROBE_PLUGINS_ROOTLESS_IDMAP_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "file_facts.h"
#include "path_fix.h"
#include "user_identity.h"

namespace stackprobe::rootless {

/// Which of the two shadow-utils tools is checked.
enum class IdMapTool { kNewUidMap, kNewGidMap };

/// Why `facts` (a candidate for `tool`) cannot map IDs for `user`; empty
/// when it can: executable by the user, owned by root, setuid or holding the
/// file capability (cap_setuid / cap_setgid, effective), not on a nosuid
/// mount. Thread-safe.
std::vector<std::string> IdMapToolProblems(IdMapTool tool,
                                           const FileFacts& facts,
                                           const UserIdentity& user);

/// "newuidmap" or "newgidmap".
std::string_view IdMapToolName(IdMapTool tool);

/// Checks the first `tool` in `path_dirs` and, when it fails, looks for a
/// working copy later in PATH and then in `search_dirs` so the fix can name
/// the folder to put first; the PATH fixes name `unit` (the service that
/// sets the PATH) when it is known. Check id "newuidmap_setuid" or
/// "newgidmap_setgid". Thread-safe.
Check CheckIdMapTool(IdMapTool tool, const std::vector<std::string>& path_dirs,
                     const std::vector<std::string>& search_dirs,
                     const UserIdentity& user, const UnitRef& unit = {});

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_IDMAP_CHECK_H_
