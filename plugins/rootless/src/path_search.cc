// SPDX-License-Identifier: Apache-2.0
#include "path_search.h"

#include <algorithm>

#include "file_facts.h"

namespace stackprobe::rootless {

std::vector<std::string> SplitPathList(const std::string& path) {
  std::vector<std::string> dirs;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    if (!dir.empty() && dir.front() == '/') dirs.push_back(std::move(dir));
    start = end + 1;
  }
  return dirs;
}

std::string JoinPathList(const std::vector<std::string>& dirs) {
  std::string path;
  for (const std::string& dir : dirs) {
    if (!path.empty()) path.push_back(':');
    path += dir;
  }
  return path;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::optional<std::string> FindExecutable(
    const std::string& name, const std::vector<std::string>& dirs) {
  for (const std::string& dir : dirs) {
    std::string candidate = JoinPath(dir, name);
    if (IsPathMatch(InspectFile(candidate))) return candidate;
  }
  return std::nullopt;
}

std::vector<std::string> MoveBefore(std::vector<std::string> dirs,
                                    const std::string& move,
                                    const std::string& before) {
  if (std::find(dirs.begin(), dirs.end(), before) == dirs.end()) return dirs;
  dirs.erase(std::remove(dirs.begin(), dirs.end(), move), dirs.end());
  dirs.insert(std::find(dirs.begin(), dirs.end(), before), move);
  return dirs;
}

}  // namespace stackprobe::rootless
