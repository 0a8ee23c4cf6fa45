// SPDX-License-Identifier: Apache-2.0
#include "schedule/config_hint.h"

#include "stackprobe/plugin.h"

namespace stackprobe::schedule {

namespace {
// Extra reason of the postgres and redis plugins: credentials refused.
constexpr const char* kAuthReason = "auth";
}  // namespace

std::optional<std::string> ConfigFixHint(const std::string& reason,
                                         const std::string& config_location) {
  if (reason == kAuthReason) {
    return "the target refused the credentials: set the user and the "
           "password (password_file, password_key) in " +
           config_location;
  }
  if (reason == reason::kPermission) {
    return "stackprobe may not read what the probe names: fix the file's "
           "owner or mode, or the path in " +
           config_location;
  }
  if (reason == reason::kNotFound) {
    return "what the probe names does not exist: correct the path, URL, "
           "database or collection in " +
           config_location;
  }
  return std::nullopt;
}

}  // namespace stackprobe::schedule
