// SPDX-License-Identifier: Apache-2.0
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/config_loader.h"
#include "daemon/instance_builder.h"
#include "loader/plugin_loader.h"

namespace stackprobe::cli {

int RunConfigCheck(const GlobalOptions& global,
                   const ConfigCheckOptions& options) {
  const std::string path =
      options.file.empty() ? ResolveConfigPath(global) : options.file;
  try {
    const auto config = config::LoadConfigFile(path);
    loader::PluginLoader loader;
    const auto instances = daemon::BuildInstances(
        config, loader,
        daemon::PluginSearchPath(global.plugin_dirs, config,
                                 DefaultPluginDir()),
        /*strict=*/true);
    if (options.print) {
      std::cout << config::ToJson(config).dump(2) << "\n";
    }
    std::cout << path << ": ok (" << config.probes.size() << " probes, "
              << config.sinks.size() << " sinks, " << config.actions.size()
              << " actions)\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}

}  // namespace stackprobe::cli
