// SPDX-License-Identifier: Apache-2.0
#include "config/config.h"

#include "stackprobe/sdk/duration.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;

json InstancesToJson(const std::vector<InstanceConfig>& instances) {
  json out = json::array();
  for (const auto& instance : instances) {
    out.push_back({{"name", instance.name},
                   {"plugin", instance.plugin},
                   {"config", instance.config}});
  }
  return out;
}

}  // namespace

json ToJson(const Config& config) {
  json probes = json::array();
  for (const auto& probe : config.probes) {
    probes.push_back(
        {{"name", probe.name},
         {"plugin", probe.plugin},
         {"interval", sdk::FormatDuration(probe.interval)},
         {"timeout", sdk::FormatDuration(probe.timeout)},
         {"depends_on", probe.depends_on},
         {"skip_while_blocked", probe.skip_while_blocked},
         {"allow_target", probe.allow_target},
         {"labels", probe.labels},
         {"isolate", probe.isolate},
         {"duration_histogram", probe.duration_histogram.empty()
                                    ? json(false)
                                    : json(probe.duration_histogram)},
         {"config", probe.config}});
  }
  return {
      {"listen", config.listen},
      {"plugin_dirs", config.plugin_dirs},
      {"workers", config.workers},
      {"log_level", config.log_level},
      {"defaults",
       {{"interval", sdk::FormatDuration(config.default_interval)},
        {"timeout", sdk::FormatDuration(config.default_timeout)}}},
      {"api",
       {{"actions_enabled", config.api.actions_enabled},
        {"allowed_hosts", config.api.allowed_hosts}}},
      {"exposition",
       {{"probe_series",
         config.exposition.full_probe_series ? "full" : "lean"}}},
      {"probes", std::move(probes)},
      {"sinks", InstancesToJson(config.sinks)},
      {"actions", InstancesToJson(config.actions)},
  };
}

}  // namespace stackprobe::config
