// SPDX-License-Identifier: Apache-2.0
//
// Failures a user fixes in the probe's config rather than in the stack:
// refused credentials (reason `auth`), a path, URL or name that does not
// exist (reason `not_found`) and a file stackprobe may not read (reason
// `permission`). The scheduler logs the fix once at warning
// level, so `check`, `collect` and the daemon's journal all say it.
#ifndef STACKPROBE_SCHEDULE_CONFIG_HINT_H_
#define STACKPROBE_SCHEDULE_CONFIG_HINT_H_

#include <optional>
#include <string>

namespace stackprobe::schedule {

/// The fix for a run that failed with `reason`, naming `config_location`
/// ("stackprobe.yml: probes[0].config"); nullopt when the reason is not
/// one a config change fixes.
std::optional<std::string> ConfigFixHint(const std::string& reason,
                                         const std::string& config_location);

}  // namespace stackprobe::schedule

#endif  // STACKPROBE_SCHEDULE_CONFIG_HINT_H_
