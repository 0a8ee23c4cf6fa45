// SPDX-License-Identifier: Apache-2.0
//
// No exception may leave a plugin's Run (plugin.h); this turns one into the
// result every plugin reports for it.
#ifndef STACKPROBE_PLUGIN_COMMON_GUARDED_RUN_H_
#define STACKPROBE_PLUGIN_COMMON_GUARDED_RUN_H_

#include <exception>
#include <string>

#include "stackprobe/plugin.h"
#include "stackprobe/plugin_common/text.h"

namespace stackprobe::plugin_common {

/// Returns `run()`, or state error / reason plugin_error with
/// "<plugin> probe failed: <what>" (clipped) when it throws.
template <typename Run>
ProbeResult GuardedRun(const char* plugin, Run&& run) noexcept {
  try {
    return run();
  } catch (const std::exception& e) {
    return MakeResult(State::kError, reason::kPluginError,
                      std::string(plugin) + " probe failed: " + Clip(e.what()));
  } catch (...) {
    return MakeResult(State::kError, reason::kPluginError,
                      std::string(plugin) + " probe failed: unknown exception");
  }
}

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_GUARDED_RUN_H_
