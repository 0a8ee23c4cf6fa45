// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the embeddings probe's config. The host validates a config
// against it and fills in its defaults before the probe is constructed.
#ifndef STACKPROBE_PLUGINS_EMBEDDINGS_EMBEDDINGS_SCHEMA_H_
#define STACKPROBE_PLUGINS_EMBEDDINGS_EMBEDDINGS_SCHEMA_H_

namespace stackprobe::embeddings {

/// The config schema (JSON text). Static storage; thread-safe.
inline constexpr const char* kEmbeddingsSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {
      "type": "string", "pattern": "^https?://", "default": "http://127.0.0.1:8081",
      "format": "target-url",
      "description": "Base URL of the embeddings service"
    },
    "semantic_check": {
      "type": "boolean", "default": false,
      "description": "Also POST one text to /embed and check the vector (costs an inference)"
    },
    "expected_dimension": {
      "type": "integer", "minimum": 1, "maximum": 65536, "default": 384,
      "description": "Vector length the model must produce"
    }
  }
})json";

}  // namespace stackprobe::embeddings

#endif  // STACKPROBE_PLUGINS_EMBEDDINGS_EMBEDDINGS_SCHEMA_H_
