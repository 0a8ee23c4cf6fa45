// SPDX-License-Identifier: Apache-2.0
//
// The `starter` action: `stackprobe start [--dry-run] [--json]
// [--only NAME...]` brings the podman containers up in dependency order,
// with a PATH whose first newuidmap/newgidmap are the setuid-root ones; with
// a compose file it also creates the containers that do not exist.
#ifndef STACKPROBE_PLUGINS_STARTER_STARTER_ACTION_H_
#define STACKPROBE_PLUGINS_STARTER_STARTER_ACTION_H_

#include <string>
#include <vector>

#include "stackprobe/plugin.h"
#include "starter_config.h"

namespace stackprobe::starter {

/// Exit codes of a start run.
inline constexpr int kExitReady = 0;  ///< Every required container ready.
inline constexpr int kExitContainerFailed =
    1;  ///< A required container failed.
inline constexpr int kExitPreflight =
    2;  ///< podman or preflight unusable, bad args.

/// Runs one start per Run call. Reads the environment (PATH, HOME,
/// XDG_STATE_HOME, the compose file's variables) and the compose file at
/// Run time. One object is not run concurrently.
class StarterAction final : public Action {
 public:
  /// Parses the config (see kStarterSchema) and reads its compose file, if
  /// any; throws std::invalid_argument with "key: ..." for a bad one.
  explicit StarterAction(const std::string& config_json);

  /// Never throws. The summary is the table (or, with --json, the report
  /// JSON; with --dry-run, the plan); details_json is the report JSON.
  ActionResult Run(ActionContext& context,
                   const std::vector<std::string>& args) override;

 private:
  ActionResult RunChecked(ActionContext& context,
                          const std::vector<std::string>& args);

  StarterConfig config_;
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_STARTER_ACTION_H_
