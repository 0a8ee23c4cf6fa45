// SPDX-License-Identifier: Apache-2.0
//
// A plugin object made the way the host makes it, for unit tests that link
// the plugin's sources: the descriptor its STACKPROBE_PLUGIN line defines,
// the config validated against its schema with the defaults filled in
// (HostConfig), create, and destroy when the object goes.
//
//   auto probe = stackprobe::testing::CreateProbe(
//       *stackprobe_plugin_entry(), R"json({"path": "/srv"})json");
#ifndef STACKPROBE_TESTING_PLUGIN_INSTANCE_H_
#define STACKPROBE_TESTING_PLUGIN_INSTANCE_H_

#include <memory>
#include <string>

#include "stackprobe/plugin.h"

/// The entry symbol STACKPROBE_PLUGIN defines in the plugin's source.
extern "C" const stackprobe::PluginDescriptor* stackprobe_plugin_entry();

namespace stackprobe::testing {

/// Deletes a plugin object through the destroy of the descriptor that made
/// it.
struct PluginDestroyer {
  void (*destroy)(Plugin*) noexcept = nullptr;
  void operator()(Plugin* plugin) const noexcept {
    if (plugin != nullptr) destroy(plugin);
  }
};

/// A plugin object of type T owned by the test.
template <class T>
using PluginPtr = std::unique_ptr<T, PluginDestroyer>;

/// Creates the plugin of `descriptor` from `partial_json` (a JSON object;
/// "{}" for all defaults) as the host would: HostConfig, then create.
/// Throws SchemaViolation (host_config.h) when the config breaks the schema
/// and std::runtime_error with create's message ("path: what is wrong")
/// when create refuses it.
PluginPtr<Plugin> CreatePlugin(const PluginDescriptor& descriptor,
                               const std::string& partial_json = "{}");

/// CreatePlugin for a probe plugin; throws std::invalid_argument when the
/// descriptor's kind is not a probe.
PluginPtr<Probe> CreateProbe(const PluginDescriptor& descriptor,
                             const std::string& partial_json = "{}");

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTING_PLUGIN_INSTANCE_H_
