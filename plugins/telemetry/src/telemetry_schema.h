// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the telemetry probe's config.
#ifndef STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_SCHEMA_H_
#define STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_SCHEMA_H_

namespace stackprobe::telemetry {

/// The config schema (JSON text).
inline constexpr const char* kConfigSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "required": ["path"],
  "properties": {
    "path": {"type": "string", "minLength": 1,
             "description": "The JSON-lines file; a leading ~/ is expanded from $HOME"},
    "max_line_bytes": {"type": "integer", "minimum": 64, "maximum": 16777216,
                       "default": 65536,
                       "description": "Longer lines are skipped and counted"}
  }
})json";

}  // namespace stackprobe::telemetry

#endif  // STACKPROBE_PLUGINS_TELEMETRY_TELEMETRY_SCHEMA_H_
