// SPDX-License-Identifier: Apache-2.0
#include "schema.h"
#include "starter_action.h"

STACKPROBE_PLUGIN(
    stackprobe::starter::StarterAction, "starter", "0.1.0",
    "Starts the podman containers of the AI stack in dependency "
    "order with a PATH that finds the setuid newuidmap and newgidmap",
    stackprobe::starter::kStarterSchema, nullptr)
