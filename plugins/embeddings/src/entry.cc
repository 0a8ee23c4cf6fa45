// SPDX-License-Identifier: Apache-2.0
#include "embeddings_probe.h"

namespace {

constexpr const char* kSchema = R"json({
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

constexpr const char* kExtraReasons[] = {
    stackprobe::embeddings::kReasonModelError, nullptr};

}  // namespace

STACKPROBE_PLUGIN(stackprobe::embeddings::EmbeddingsProbe, "embeddings",
                  "0.1.0",
                  "Embeddings service: model readiness and an optional "
                  "dimension check of /embed",
                  kSchema, kExtraReasons)
