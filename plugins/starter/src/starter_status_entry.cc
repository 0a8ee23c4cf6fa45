// SPDX-License-Identifier: Apache-2.0
#include "schema.h"
#include "starter_status_probe.h"

STACKPROBE_PLUGIN(stackprobe::starter::StarterStatusProbe, "starter_status",
                  "0.1.0",
                  "Exports the outcome of the last `stackprobe start` from "
                  "the starter's state file",
                  stackprobe::starter::kStatusSchema,
                  stackprobe::starter::kStatusExtraReasons)
