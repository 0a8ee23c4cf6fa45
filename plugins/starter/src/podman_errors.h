// SPDX-License-Identifier: Apache-2.0
//
// Recognising podman failures that retrying cannot fix.
#ifndef STACKPROBE_PLUGINS_STARTER_PODMAN_ERRORS_H_
#define STACKPROBE_PLUGINS_STARTER_PODMAN_ERRORS_H_

#include <string>

namespace stackprobe::starter {

/// When rootless podman's stderr says it could not set up its user
/// namespace because of newuidmap/newgidmap (a plain copy first in PATH:
/// "cannot set up namespace using \"DIR/newuidmap\": should have setuid or
/// have filecaps setuid"; none in PATH: "command required for rootless mode
/// with multiple IDs: exec: \"newuidmap\": executable file not found in
/// $PATH"), podman's message from that point on, without the "invalid
/// internal status, try resetting the pause process with \"podman system
/// migrate\"" prefix podman 4.3 puts before it (a migrate does not help);
/// else empty. The failure is deterministic: the same PATH fails the same
/// way. Thread-safe.
std::string UserNamespaceFailure(const std::string& podman_stderr);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PODMAN_ERRORS_H_
