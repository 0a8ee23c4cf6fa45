// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the legacy_ai_metrics sink's config.
#ifndef STACKPROBE_PLUGINS_LEGACY_AI_METRICS_CONFIG_SCHEMA_H_
#define STACKPROBE_PLUGINS_LEGACY_AI_METRICS_CONFIG_SCHEMA_H_

namespace stackprobe::legacy {

/// The config schema (JSON text); every key has a default.
inline constexpr const char* kConfigSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "path": {"type": "string", "minLength": 1,
             "default": "~/.local/share/nixos-system-dashboard/ai_metrics.json",
             "description": "The file to write; a leading ~/ is expanded from $HOME"},
    "status_words": {"enum": ["legacy", "online"], "default": "legacy",
                     "description": "online: aidb ok is written as online"},
    "probes": {
      "type": "object", "additionalProperties": false, "default": {},
      "description": "Configured probe names each part of the file comes from",
      "properties": {
        "aidb": {"type": "string", "minLength": 1, "format": "probe-name", "default": "aidb"},
        "hybrid_coordinator": {"type": "string", "minLength": 1, "format": "probe-name", "default": "hybrid_coordinator"},
        "qdrant": {"type": "string", "minLength": 1, "format": "probe-name", "default": "qdrant"},
        "llama_cpp": {"type": "string", "minLength": 1, "format": "probe-name", "default": "llama_cpp"},
        "embeddings": {"type": "string", "minLength": 1, "format": "probe-name", "default": "embeddings"},
        "aidb_telemetry": {"type": "string", "minLength": 1, "format": "probe-name", "default": "aidb_telemetry"},
        "hybrid_telemetry": {"type": "string", "minLength": 1, "format": "probe-name", "default": "hybrid_telemetry"}
      }
    },
    "ports": {
      "type": "object", "additionalProperties": false, "default": {},
      "description": "Ports shown in the file (display only)",
      "properties": {
        "aidb": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8091},
        "hybrid_coordinator": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8092},
        "qdrant": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 6333},
        "llama_cpp": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8080},
        "embeddings": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8081}
      }
    },
    "embeddings_endpoint": {"type": "string", "default": "http://localhost:8081"},
    "embeddings_dimensions": {"type": "integer", "minimum": 1, "default": 384,
                              "description": "Shown when the embeddings probe reports no dimension"},
    "max_wait_seconds": {"type": "number", "exclusiveMinimum": 0, "default": 120,
                         "description": "Write even with an incomplete round after this long"}
  }
})json";

}  // namespace stackprobe::legacy

#endif  // STACKPROBE_PLUGINS_LEGACY_AI_METRICS_CONFIG_SCHEMA_H_
