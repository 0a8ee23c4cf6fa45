// SPDX-License-Identifier: Apache-2.0
//
// The PATH podman gets from the starter: the shared rule of plugins/common
// (setuid-root newuidmap/newgidmap folders first), which the rootless probe
// and the doctor apply too, so they judge exactly the PATH podman will get.
#ifndef STACKPROBE_PLUGINS_STARTER_PATH_SANITIZER_H_
#define STACKPROBE_PLUGINS_STARTER_PATH_SANITIZER_H_

#include "stackprobe/plugin_common/podman_path.h"

namespace stackprobe::starter {

using plugin_common::FindProgram;
using plugin_common::HoldsSetuidIdMaps;
using plugin_common::SanitizedPath;
using plugin_common::SanitizePath;

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PATH_SANITIZER_H_
