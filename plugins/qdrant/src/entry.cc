// SPDX-License-Identifier: Apache-2.0
#include "qdrant_probe.h"

namespace {

constexpr const char* kSchema = R"json({
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

constexpr const char* kExtraReasons[] = {
    stackprobe::qdrant::kReasonMissingCollection, nullptr};

}  // namespace

STACKPROBE_PLUGIN(stackprobe::qdrant::QdrantProbe, "qdrant", "0.1.0",
                  "Qdrant: health, collections, and vector size against the "
                  "embeddings model",
                  kSchema, kExtraReasons)
