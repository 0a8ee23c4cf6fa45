// SPDX-License-Identifier: Apache-2.0
#include "hybrid_coordinator_probe.h"
#include "hybrid_coordinator_schema.h"
#include "stackprobe/plugin.h"

STACKPROBE_PLUGIN(
    stackprobe::plugins::hybrid_coordinator::HybridCoordinatorProbe,
    "hybrid_coordinator", "1.0.0",
    "Hybrid coordinator: health, query statistics, collections",
    stackprobe::plugins::hybrid_coordinator::kHybridCoordinatorConfigSchema,
    nullptr)
