// SPDX-License-Identifier: Apache-2.0
#include "check.h"

namespace stackprobe::rootless {

std::string_view StatusName(CheckStatus status) {
  switch (status) {
    case CheckStatus::kOk:
      return "ok";
    case CheckStatus::kWarn:
      return "warn";
    case CheckStatus::kFail:
      return "fail";
    case CheckStatus::kSkipped:
      return "skipped";
  }
  return "fail";
}

const std::vector<std::string>& AllStatusNames() {
  static const std::vector<std::string> kNames = {"ok", "warn", "fail",
                                                  "skipped"};
  return kNames;
}

const std::vector<std::string>& AllCheckIds() {
  static const std::vector<std::string> kIds = {"newuidmap_setuid",
                                                "newgidmap_setgid",
                                                "subuid_range",
                                                "subgid_range",
                                                "user_namespaces",
                                                "unshare_trial",
                                                "podman_found",
                                                "conmon_found",
                                                "slirp4netns_found",
                                                "xdg_runtime_dir",
                                                "linger",
                                                "podman_info",
                                                "podman_id_mappings",
                                                "podman_storage_driver"};
  return kIds;
}

}  // namespace stackprobe::rootless
