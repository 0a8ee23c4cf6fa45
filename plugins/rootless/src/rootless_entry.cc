// SPDX-License-Identifier: Apache-2.0
#include "rootless_probe.h"
#include "schema.h"

STACKPROBE_PLUGIN(stackprobe::rootless::RootlessProbe, "rootless", "0.1.0",
                  "Rootless podman preflight: newuidmap/newgidmap in PATH, "
                  "subuid/subgid, user namespaces, podman info",
                  stackprobe::rootless::kConfigSchema,
                  stackprobe::rootless::kExtraReasons)
