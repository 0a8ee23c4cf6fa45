// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the qdrant probe's config. The host validates a config against
// it and fills in its defaults before the probe is constructed.
#ifndef STACKPROBE_PLUGINS_QDRANT_QDRANT_SCHEMA_H_
#define STACKPROBE_PLUGINS_QDRANT_QDRANT_SCHEMA_H_

namespace stackprobe::qdrant {

/// The config schema (JSON text). Static storage; thread-safe.
inline constexpr const char* kQdrantSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {
      "type": "string", "pattern": "^https?://", "default": "http://127.0.0.1:6333",
      "format": "target-url",
      "description": "Base URL of Qdrant's REST API"
    },
    "health_endpoint": {
      "type": "string", "enum": ["healthz", "readyz"], "default": "healthz",
      "description": "Which health endpoint decides up or down"
    },
    "expected_collections": {
      "type": "array", "maxItems": 64, "uniqueItems": true,
      "items": {"type": "string", "minLength": 1, "maxLength": 128},
      "default": ["codebase-context", "skills-patterns", "error-solutions",
                  "interaction-history", "best-practices"],
      "description": "Collections that must exist"
    },
    "expected_dimension": {
      "type": "integer", "minimum": 0, "maximum": 65536, "default": 0,
      "description": "Vector size every collection must have; 0 takes it from embeddings_probe"
    },
    "embeddings_probe": {
      "type": "string", "maxLength": 128, "default": "", "format": "probe-name",
      "description": "Name of the embeddings probe whose details.dimension gives the vector size"
    },
    "api_key": {
      "type": "string", "default": "", "format": "secret",
      "description": "Sent as the api-key header when not empty"
    }
  }
})json";

}  // namespace stackprobe::qdrant

#endif  // STACKPROBE_PLUGINS_QDRANT_QDRANT_SCHEMA_H_
