// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the exec probe's config.
#ifndef STACKPROBE_PLUGINS_EXEC_CONFIG_SCHEMA_H_
#define STACKPROBE_PLUGINS_EXEC_CONFIG_SCHEMA_H_

namespace stackprobe::exec {

/// The config schema (JSON text); every optional key has a default.
inline constexpr const char* kConfigSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "required": ["command"],
  "properties": {
    "command": {"type": "array", "minItems": 1, "maxItems": 256,
                "items": {"type": "string", "minLength": 1},
                "description": "argv of the check, run directly (never through a shell); the first element is an absolute path or a name looked up in PATH"},
    "env": {"type": "object", "additionalProperties": {"type": "string"},
            "propertyNames": {"pattern": "^[^=]+$"}, "default": {},
            "description": "Extra environment variables, over stackprobe's own (and over LC_ALL=C)"},
    "inherit_env": {"type": "boolean", "default": true,
                    "description": "Start from stackprobe's environment; false gives the check only LC_ALL=C and env"},
    "output": {"type": "string", "enum": ["nagios", "json"], "default": "nagios",
               "description": "nagios: exit code 0..3, first line, perfdata after '|'; json: stdout is one object with state, reason, message, metrics"},
    "max_output_bytes": {"type": "integer", "minimum": 1024, "maximum": 16777216,
                         "default": 65536,
                         "description": "Bytes of stdout (and of stderr) kept; the rest is read and dropped, and output_truncated is 1"},
    "max_metrics": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 64,
                    "description": "Most perfdata items (or JSON metrics) exposed per run; the rest are counted in details as skipped"}
  }
})json";

}  // namespace stackprobe::exec

#endif  // STACKPROBE_PLUGINS_EXEC_CONFIG_SCHEMA_H_
