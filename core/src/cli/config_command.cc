// SPDX-License-Identifier: Apache-2.0
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/config_audit.h"
#include "config/config_loader.h"
#include "daemon/instance_builder.h"
#include "loader/plugin_loader.h"

namespace stackprobe::cli {

int RunConfigCheck(const GlobalOptions& global,
                   const ConfigCheckOptions& options) {
  const std::string path =
      options.file.empty() ? ResolveConfigPath(global) : options.file;
  config::Config config;
  try {
    if (options.file.empty()) RequireDefaultConfigFile(global);
    config = config::LoadConfigFile(path);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  loader::PluginLoader loader;
  const auto audit = AuditConfig(
      config, loader,
      daemon::PluginSearchPath(global.plugin_dirs, config, DefaultPluginDir()));
  for (const auto& problem : audit.problems) std::cerr << problem << "\n";
  if (audit.problems.size() > 1) {
    std::cerr << path << ": " << audit.problems.size() << " problems\n";
  }
  if (!audit.problems.empty()) return 1;
  // A config for `stackprobe start` alone has actions and no probes; one
  // with neither does nothing at all.
  if (config.probes.empty()) {
    std::cerr << path
              << ": no probes are configured, so there is nothing to check or "
                 "export; add them under `probes:` (examples/stackprobe.yml "
                 "in the source tree describes the whole stack)\n";
    if (config.actions.empty()) return 1;
  }
  // With --print the config is all of stdout (for jq and friends).
  if (options.print) {
    std::cout << config::ToJson(audit.effective).dump(2) << "\n";
  }
  (options.print ? std::cerr : std::cout)
      << path << ": ok (" << config.probes.size() << " probes, "
      << config.sinks.size() << " sinks, " << config.actions.size()
      << " actions)\n";
  return 0;
}

}  // namespace stackprobe::cli
