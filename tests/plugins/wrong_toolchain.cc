// SPDX-License-Identifier: Apache-2.0
// A plugin that claims another standard library.
#include "stackprobe/plugin.h"

namespace {
class Idle final : public stackprobe::Probe {
 public:
  explicit Idle(const std::string&) {}
  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override { return {}; }
};
}  // namespace

extern "C" __attribute__((visibility("default")))
const stackprobe::PluginDescriptor*
stackprobe_plugin_entry() {
  static const stackprobe::PluginDescriptor descriptor{
      stackprobe::kAbiVersion,
      "plugin_abi=" STACKPROBE_PLUGIN_STRINGIFY(
          STACKPROBE_PLUGIN_ABI_VERSION) ";arch=" STACKPROBE_ARCH_ID
                                         ";cxx_abi=itanium;stdlib=libc++;"
                                         "stdlib_release=14000;libcxx_abi=1",
      "wrong_toolchain",
      "1.0.0",
      "Claims libc++.",
      "{}",
      stackprobe::PluginKind::kProbe,
      nullptr,
      &stackprobe::detail::CreatePlugin<Idle>,
      &stackprobe::detail::DestroyPlugin};
  return &descriptor;
}
