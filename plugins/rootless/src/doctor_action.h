// SPDX-License-Identifier: Apache-2.0
//
// The `doctor` action: `stackprobe doctor [--user U] [--path P | --unit FILE]
// [--no-repair] [--json]` explains why rootless containers cannot start and
// how to fix it.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_DOCTOR_ACTION_H_
#define STACKPROBE_PLUGINS_ROOTLESS_DOCTOR_ACTION_H_

#include <string>
#include <vector>

#include "options.h"
#include "stackprobe/plugin.h"

namespace stackprobe::rootless {

/// Runs the rootless checks with the config's options, overridden by the
/// command-line arguments. Exit code 0 when containers can start (warnings
/// allowed, a PATH that `stackprobe start` repairs among them), 1 when a
/// check fails or the user/unit cannot be resolved, 2 for bad arguments;
/// --help prints every option (exit 0). The summary is the doctor text (or,
/// with --json, the details JSON); details_json is always the details JSON.
/// Objects are independent; one object is not run concurrently.
class DoctorAction final : public Action {
 public:
  /// Parses the config (same keys as the rootless probe); throws
  /// std::invalid_argument with "key: ..." for a bad one.
  explicit DoctorAction(const std::string& config_json);

  /// Never throws.
  ActionResult Run(ActionContext& context,
                   const std::vector<std::string>& args) override;

 private:
  RootlessOptions options_;
};

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_DOCTOR_ACTION_H_
