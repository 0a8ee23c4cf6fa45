// SPDX-License-Identifier: Apache-2.0
#include "cli/config_audit.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "config/json_schema.h"
#include "config/probe_references.h"
#include "daemon/instance_builder.h"

namespace stackprobe::cli {
namespace {

// Why no plugin of that name loaded: the refusal of each file with its name
// (not loadable, not trusted, shadowed), else the folders searched.
std::string WhyNotLoaded(const std::string& plugin,
                         const loader::ScanResult& scan,
                         const std::vector<std::string>& dirs) {
  std::string why;
  for (const auto& refusal : scan.refusals) {
    if (std::filesystem::path(refusal.path).stem() == plugin) {
      why += "\n  refused " + refusal.path + ": " + refusal.reason;
    }
  }
  if (!why.empty()) return why;
  why = "\n  no " + plugin + ".so in:";
  for (const auto& dir : dirs) why += " " + dir;
  return why + " (`stackprobe plugins` lists the plugins found)";
}

class Auditor {
 public:
  Auditor(const config::Config& config, loader::PluginLoader& loader,
          const std::vector<std::string>& dirs)
      : config_(config), dirs_(dirs), scan_(loader.Scan(dirs)) {
    for (const auto& probe : config.probes) probe_names_.insert(probe.name);
    audit_.effective = config;
  }

  ConfigAudit Run() && {
    for (auto& probe : audit_.effective.probes) {
      Check(probe.plugin, PluginKind::kProbe, probe.json_path, probe.config);
    }
    for (auto& sink : audit_.effective.sinks) {
      Check(sink.plugin, PluginKind::kSink, sink.json_path, sink.config);
    }
    for (auto& action : audit_.effective.actions) {
      Check(action.plugin, PluginKind::kAction, action.json_path,
            action.config);
    }
    return std::move(audit_);
  }

 private:
  // Checks one instance; on success `config` holds its defaults.
  void Check(const std::string& plugin_name, PluginKind kind,
             const std::string& json_path, nlohmann::json& config) {
    std::string error;
    bool is_config_error = false;
    std::shared_ptr<const loader::LoadedPlugin> plugin;
    auto object = daemon::CreateFromConfig(scan_.plugins, plugin_name, kind,
                                           config, config_.file, json_path,
                                           error, is_config_error, &plugin);
    if (!plugin) {
      audit_.problems.push_back(
          config_.file + ": " + json_path + ".plugin: plugin \"" + plugin_name +
          "\" is not loaded" + WhyNotLoaded(plugin_name, scan_, dirs_));
      return;
    }
    if (!object) {
      // Schema errors come with the file already; create errors without.
      audit_.problems.push_back(is_config_error ? error
                                                : config_.file + ": " + error);
      return;
    }
    const auto schema = nlohmann::json::parse(plugin->config_schema);
    // Only the names written in the file: a plugin's default may name a
    // probe that this config does not have (the legacy sink's parts).
    for (const auto& name : config::ProbeReferences(schema, config)) {
      if (probe_names_.count(name) == 0) {
        audit_.problems.push_back(
            config_.file + ": " + json_path +
            ".config: expected the name of a configured probe, got \"" + name +
            "\"");
      }
    }
    // The validation CreateFromConfig made on its copy, on the config itself
    // this time, so that it keeps the defaults.
    config::ValidateAndFillDefaults(schema, config, json_path + ".config");
  }

  const config::Config& config_;
  const std::vector<std::string>& dirs_;
  loader::ScanResult scan_;
  std::set<std::string> probe_names_;
  ConfigAudit audit_;
};

}  // namespace

ConfigAudit AuditConfig(const config::Config& config,
                        loader::PluginLoader& loader,
                        const std::vector<std::string>& plugin_dirs) {
  return Auditor(config, loader, plugin_dirs).Run();
}

}  // namespace stackprobe::cli
