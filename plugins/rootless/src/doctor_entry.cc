// SPDX-License-Identifier: Apache-2.0
#include "doctor_action.h"
#include "schema.h"

STACKPROBE_PLUGIN(stackprobe::rootless::DoctorAction, "doctor", "0.1.0",
                  "Explains why rootless podman containers cannot start and "
                  "how to fix it (stackprobe doctor)",
                  stackprobe::rootless::kConfigSchema,
                  stackprobe::rootless::kExtraReasons)
