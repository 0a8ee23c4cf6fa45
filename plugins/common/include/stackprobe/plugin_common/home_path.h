// SPDX-License-Identifier: Apache-2.0
//
// "~/" in configured paths, expanded the way a shell user expects.
#ifndef STACKPROBE_PLUGIN_COMMON_HOME_PATH_H_
#define STACKPROBE_PLUGIN_COMMON_HOME_PATH_H_

#include <string>

namespace stackprobe::plugin_common {

/// `path` with a leading "~/" replaced by `home` + "/"; any other path is
/// returned as is (a "~" elsewhere is an ordinary character). Throws
/// std::invalid_argument("<key>: expected $HOME to expand ~/, got none") when
/// "~/" is used and `home` is empty; `key` names the config key. Pure.
std::string ExpandHome(const std::string& path, const std::string& home,
                       const std::string& key = "path");

/// $HOME of this process, or "" when unset. Reads the environment: call it
/// where the config is parsed, not from threads that may run setenv.
std::string HomeFromEnvironment();

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_HOME_PATH_H_
