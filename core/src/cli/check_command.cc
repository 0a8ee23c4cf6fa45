// SPDX-License-Identifier: Apache-2.0
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/offline_stack.h"
#include "cli/once_runner.h"
#include "config/config_error.h"
#include "schedule/sink_runner.h"

namespace stackprobe::cli {
namespace {

// The legacy sink's plugin: `collect --legacy-json PATH` points it at PATH.
constexpr const char* kLegacyPlugin = "legacy_ai_metrics";

}  // namespace

int RunCheck(const GlobalOptions& global, const CheckOptions& options) {
  loader::PluginLoader loader;
  std::unique_ptr<OfflineStack> stack;
  std::set<std::string> selected;
  try {
    stack = BuildOfflineStack(global, loader, /*config_optional=*/false);
    selected = ProbesToRun(stack->config, stack->probe_reads, options.probes,
                           /*with_dependencies=*/true);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return kUnknown;
  }
  RunOnce(stack->config, stack->probe_reads, *stack->scheduler, selected,
          stack->config.workers);
  const auto snapshot = stack->store.Snapshot();
  std::vector<model::ProbeStatus> shown;
  for (const auto& probe : snapshot->probes) {
    const bool wanted = options.probes.empty() ||
                        std::find(options.probes.begin(), options.probes.end(),
                                  probe.record.probe) != options.probes.end();
    if (wanted) shown.push_back(probe);
  }
  std::cout << RenderReport(shown, options.format);
  return ExitCodeFor(shown);
}

int RunCollect(const GlobalOptions& global, const CollectOptions& options) {
  loader::PluginLoader loader;
  std::unique_ptr<OfflineStack> stack;
  auto point_legacy_sink = [&options](config::Config& config) {
    if (options.legacy_json_path.empty()) return;
    for (auto& sink : config.sinks) {
      if (sink.plugin == kLegacyPlugin) {
        sink.config["path"] = options.legacy_json_path;
        return;
      }
    }
    config::InstanceConfig sink;
    sink.name = "legacy_ai_metrics";
    sink.plugin = kLegacyPlugin;
    sink.config = {{"path", options.legacy_json_path}};
    sink.json_path = "--legacy-json";
    config.sinks.push_back(std::move(sink));
  };
  try {
    stack = BuildOfflineStack(global, loader, /*config_optional=*/false,
                              point_legacy_sink);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  if (!options.legacy_json_path.empty() && stack->sinks.empty()) {
    std::cerr << "the " << kLegacyPlugin
              << " plugin is not available; cannot write "
              << options.legacy_json_path << "\n";
    return 1;
  }
  // What the sinks read, unless every probe is asked for (or there is no
  // sink to read anything).
  std::vector<std::string> wanted;
  if (!options.all_probes) {
    for (const auto& sink : stack->sinks) {
      wanted.insert(wanted.end(), sink.reads.begin(), sink.reads.end());
    }
    std::erase_if(wanted, [&](const std::string& name) {
      return stack->probe_reads.count(name) == 0;
    });
  }
  const bool everything = options.all_probes || stack->sinks.empty();
  std::set<std::string> selected;
  if (everything || !wanted.empty()) {
    selected = ProbesToRun(stack->config, stack->probe_reads,
                           everything ? std::vector<std::string>{} : wanted,
                           /*with_dependencies=*/false);
  }
  RunOnce(stack->config, stack->probe_reads, *stack->scheduler, selected,
          stack->config.workers);
  const auto snapshot = schedule::ToPluginSnapshot(*stack->store.Snapshot());
  int failures = 0;
  for (auto& sink : stack->sinks) {
    if (!schedule::ConsumeSafely(sink, stack->services, snapshot,
                                 std::chrono::seconds(10))) {
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace stackprobe::cli
