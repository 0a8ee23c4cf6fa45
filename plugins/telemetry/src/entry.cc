// SPDX-License-Identifier: Apache-2.0
#include "telemetry_probe.h"
#include "telemetry_schema.h"

STACKPROBE_PLUGIN(stackprobe::telemetry::TelemetryProbe, "telemetry", "0.1.0",
                  "JSON-lines telemetry files of the AI stack, read "
                  "incrementally",
                  stackprobe::telemetry::kConfigSchema, nullptr)
