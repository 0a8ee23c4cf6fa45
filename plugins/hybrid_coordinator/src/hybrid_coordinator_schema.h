// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the hybrid_coordinator plugin's config.
#ifndef STACKPROBE_PLUGINS_HYBRID_COORDINATOR_HYBRID_COORDINATOR_SCHEMA_H_
#define STACKPROBE_PLUGINS_HYBRID_COORDINATOR_HYBRID_COORDINATOR_SCHEMA_H_

namespace stackprobe::plugins::hybrid_coordinator {

/// The config schema (JSON text). Static storage; thread-safe.
inline constexpr const char* kHybridCoordinatorConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {"type": "string", "pattern": "^https?://",
                 "default": "http://127.0.0.1:8092", "format": "target-url"},
    "stats_check": {"type": "boolean", "default": true}
  }
})json";

}  // namespace stackprobe::plugins::hybrid_coordinator

#endif  // STACKPROBE_PLUGINS_HYBRID_COORDINATOR_HYBRID_COORDINATOR_SCHEMA_H_
