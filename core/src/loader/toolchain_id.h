// SPDX-License-Identifier: Apache-2.0
//
// Compares a plugin's toolchain id (STACKPROBE_TOOLCHAIN_ID of the plugin.h
// it was built with) with the host's, and says in words what differs.
#ifndef STACKPROBE_LOADER_TOOLCHAIN_ID_H_
#define STACKPROBE_LOADER_TOOLCHAIN_ID_H_

#include <string>
#include <string_view>

namespace stackprobe::loader {

/// Empty when a plugin built with toolchain id `plugin` may be loaded by a
/// host built with `host` (the ids are equal); otherwise why not, naming
/// each field that differs (architecture, standard library, its release,
/// its string ABI, ...) with both values, and what to rebuild the plugin
/// with.
std::string ToolchainMismatch(std::string_view plugin, std::string_view host);

}  // namespace stackprobe::loader

#endif  // STACKPROBE_LOADER_TOOLCHAIN_ID_H_
