// SPDX-License-Identifier: Apache-2.0
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/config_loader.h"
#include "daemon/instance_builder.h"
#include "loader/plugin_loader.h"

namespace stackprobe::cli {

int RunPlugins(const GlobalOptions& global, const PluginsOptions& options) {
  if (!options.check_file.empty()) return RunPluginCheck(options);
  // The config only contributes its plugin_dirs; without one, list the
  // install's plugins.
  config::Config config;
  const std::string path = ResolveConfigPath(global);
  std::error_code ec;
  try {
    config = std::filesystem::exists(path, ec)
                 ? config::LoadConfigFile(path)
                 : config::ParseConfigText("{}", path, ".");
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  loader::PluginLoader loader;
  const auto scan = loader.Scan(
      daemon::PluginSearchPath(global.plugin_dirs, config, DefaultPluginDir()));

  if (!options.schema_of.empty()) {
    for (const auto& plugin : scan.plugins) {
      if (plugin->name == options.schema_of) {
        std::cout << nlohmann::json::parse(plugin->config_schema).dump(2)
                  << "\n";
        return 0;
      }
    }
    std::cerr << "no plugin named " << options.schema_of << "\n";
    return 1;
  }
  if (options.json) {
    nlohmann::json document = {{"abi", kAbiVersion},
                               {"plugins", nlohmann::json::array()},
                               {"refused", nlohmann::json::array()}};
    for (const auto& plugin : scan.plugins) {
      document["plugins"].push_back(
          {{"name", plugin->name},
           {"version", plugin->version},
           {"abi", kAbiVersion},
           {"kind", loader::KindName(plugin->kind)},
           {"description", plugin->description},
           {"path", plugin->path},
           {"config_schema", nlohmann::json::parse(plugin->config_schema)}});
    }
    for (const auto& refusal : scan.refusals) {
      document["refused"].push_back(
          {{"path", refusal.path}, {"reason", refusal.reason}});
    }
    std::cout << document.dump(2) << "\n";
    return 0;
  }
  std::cout << "NAME                 VERSION   ABI  KIND    DESCRIPTION\n";
  for (const auto& plugin : scan.plugins) {
    std::string name = plugin->name;
    name.resize(std::max<std::size_t>(name.size(), 20), ' ');
    std::string version = plugin->version;
    version.resize(std::max<std::size_t>(version.size(), 9), ' ');
    std::string kind = loader::KindName(plugin->kind);
    kind.resize(7, ' ');
    std::cout << name << " " << version << " " << kAbiVersion << "    " << kind
              << " " << plugin->description << "\n";
  }
  for (const auto& refusal : scan.refusals) {
    std::cout << "refused: " << refusal.path << ": " << refusal.reason << "\n";
  }
  std::cout << "(config schemas: stackprobe plugins --schema NAME)\n";
  return 0;
}

}  // namespace stackprobe::cli
