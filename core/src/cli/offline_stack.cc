// SPDX-License-Identifier: Apache-2.0
#include "cli/offline_stack.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <set>

#include "config/config_loader.h"

namespace stackprobe::cli {

std::unique_ptr<OfflineStack> BuildOfflineStack(
    const GlobalOptions& options, loader::PluginLoader& loader,
    bool config_optional, const std::function<void(config::Config&)>& adjust,
    const std::set<std::string>& extra_plugins) {
  auto stack = std::make_unique<OfflineStack>();
  const std::string path = ResolveConfigPath(options);
  std::error_code ec;
  if (config_optional && options.config_path.empty() &&
      !std::filesystem::exists(path, ec)) {
    stack->config = config::ParseConfigText("{}", path, ".");
  } else {
    RequireDefaultConfigFile(options);
    stack->config = config::LoadConfigFile(path);
  }
  if (adjust) adjust(stack->config);
  const auto dirs = daemon::PluginSearchPath(options.plugin_dirs, stack->config,
                                             DefaultPluginDir());
  std::set<std::string> needed = daemon::ConfiguredPlugins(stack->config);
  needed.insert(extra_plugins.begin(), extra_plugins.end());
  auto instances = daemon::BuildInstances(stack->config, loader, dirs,
                                          /*strict=*/false, &needed);
  // Only the needed plugins were opened: the refusal of one explains an
  // instance_unavailable line below, so it is shown at the command's usual
  // level (a missing folder stays a debug line).
  for (const auto& refusal : instances.refusals) {
    const bool is_needed =
        needed.count(std::filesystem::path(refusal.path).stem().string()) > 0;
    spdlog::log(is_needed ? spdlog::level::warn : spdlog::level::debug,
                "event=plugin_refused path={} reason=\"{}\"", refusal.path,
                refusal.reason);
  }
  for (const auto& problem : instances.problems) {
    spdlog::error("event=instance_unavailable problem=\"{}\"", problem);
  }
  std::vector<schedule::ProbeDefinition> definitions;
  for (const auto& probe : instances.probes) {
    definitions.push_back(probe.definition);
    stack->probe_reads[probe.definition.name] = probe.reads;
  }
  stack->store.Define(definitions);
  auto* raw = stack.get();
  stack->services.http = &stack->http;
  stack->services.latest_result = [raw](const std::string& probe,
                                        ProbeRecord& out) {
    return raw->store.Latest(probe, out);
  };
  stack->services.run_probe_now = [raw](const std::string& probe,
                                        ProbeRecord& out) {
    return raw->scheduler->RunNow(probe, std::nullopt, out);
  };
  stack->services.probe_names = [raw] { return raw->scheduler->ProbeNames(); };
  schedule::SchedulerOptions scheduler_options;
  scheduler_options.workers = stack->config.workers;
  stack->scheduler = std::make_unique<schedule::Scheduler>(
      std::move(instances.probes), stack->store, stack->services,
      scheduler_options);
  stack->sinks = std::move(instances.sinks);
  stack->actions = std::move(instances.actions);
  stack->plugins = std::move(instances.plugins);
  return stack;
}

}  // namespace stackprobe::cli
