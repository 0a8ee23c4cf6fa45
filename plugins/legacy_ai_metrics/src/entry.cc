// SPDX-License-Identifier: Apache-2.0
#include "config_schema.h"
#include "legacy_ai_metrics_sink.h"

STACKPROBE_PLUGIN(stackprobe::legacy::LegacyAiMetricsSink, "legacy_ai_metrics",
                  "0.1.0", "Writes the legacy ai_metrics.json of the dashboard",
                  stackprobe::legacy::kConfigSchema, nullptr)
