// SPDX-License-Identifier: Apache-2.0
// A plugin built against a future ABI: only its version field may be read.
#include "stackprobe/plugin.h"

extern "C" __attribute__((visibility("default")))
const stackprobe::PluginDescriptor*
stackprobe_plugin_entry() {
  static const stackprobe::PluginDescriptor descriptor{
      999,
      "alien-toolchain",
      "wrong_abi",
      "9.9.9",
      "From the future.",
      "{}",
      stackprobe::PluginKind::kProbe,
      nullptr,
      nullptr,
      nullptr};
  return &descriptor;
}
