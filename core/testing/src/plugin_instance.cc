// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/testing/plugin_instance.h"

#include <stdexcept>

#include "stackprobe/testing/host_config.h"

namespace stackprobe::testing {

PluginPtr<Plugin> CreatePlugin(const PluginDescriptor& descriptor,
                               const std::string& partial_json) {
  const std::string config = HostConfig(descriptor.config_schema, partial_json);
  std::string error;
  PluginPtr<Plugin> plugin(descriptor.create(config, error),
                           PluginDestroyer{descriptor.destroy});
  if (plugin == nullptr) {
    throw std::runtime_error(std::string(descriptor.name) +
                             ": create refused " + config + ": " + error);
  }
  return plugin;
}

PluginPtr<Probe> CreateProbe(const PluginDescriptor& descriptor,
                             const std::string& partial_json) {
  if (descriptor.kind != PluginKind::kProbe) {
    throw std::invalid_argument(std::string(descriptor.name) +
                                ": not a probe plugin");
  }
  auto plugin = CreatePlugin(descriptor, partial_json);
  return PluginPtr<Probe>(static_cast<Probe*>(plugin.release()),
                          PluginDestroyer{descriptor.destroy});
}

}  // namespace stackprobe::testing
