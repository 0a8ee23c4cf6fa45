// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/home_path.h"

#include <cstdlib>
#include <stdexcept>

namespace stackprobe::plugin_common {

std::string ExpandHome(const std::string& path, const std::string& home,
                       const std::string& key) {
  if (path.rfind("~/", 0) != 0) return path;
  if (home.empty()) {
    throw std::invalid_argument(key +
                                ": expected $HOME to expand ~/, got none");
  }
  return home + path.substr(1);
}

std::string HomeFromEnvironment() {
  const char* home = std::getenv("HOME");
  return home == nullptr ? "" : home;
}

}  // namespace stackprobe::plugin_common
