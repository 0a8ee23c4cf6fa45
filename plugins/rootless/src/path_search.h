// SPDX-License-Identifier: Apache-2.0
//
// PATH lookup as podman does it (Go's exec.LookPath): the first regular
// file with an execute bit wins.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_PATH_SEARCH_H_
#define STACKPROBE_PLUGINS_ROOTLESS_PATH_SEARCH_H_

#include <optional>
#include <string>
#include <vector>

namespace stackprobe::rootless {

/// The folders of a PATH value, in order. Empty and relative entries are
/// dropped: podman refuses matches relative to the working folder. Thread-safe.
std::vector<std::string> SplitPathList(const std::string& path);

/// Joins folders back into a PATH value. Thread-safe.
std::string JoinPathList(const std::vector<std::string>& dirs);

/// `dir` + "/" + `name`, without a doubled slash. Thread-safe.
std::string JoinPath(const std::string& dir, const std::string& name);

/// The first `dir/name` in `dirs` that is a PATH match (IsPathMatch), or
/// nullopt. Thread-safe.
std::optional<std::string> FindExecutable(const std::string& name,
                                          const std::vector<std::string>& dirs);

/// `dirs` with `move` placed just before `before` (removed from where it
/// was). Returns `dirs` unchanged when `before` is not in it. Thread-safe.
std::vector<std::string> MoveBefore(std::vector<std::string> dirs,
                                    const std::string& move,
                                    const std::string& before);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_PATH_SEARCH_H_
