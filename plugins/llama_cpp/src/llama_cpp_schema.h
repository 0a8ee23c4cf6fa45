// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the llama_cpp plugin's config.
#ifndef STACKPROBE_PLUGINS_LLAMA_CPP_LLAMA_CPP_SCHEMA_H_
#define STACKPROBE_PLUGINS_LLAMA_CPP_LLAMA_CPP_SCHEMA_H_

namespace stackprobe::plugins::llama_cpp {

/// The config schema (JSON text). Static storage; thread-safe.
inline constexpr const char* kLlamaCppConfigSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {"type": "string", "pattern": "^https?://",
                 "default": "http://127.0.0.1:8080", "format": "target-url"},
    "models_check": {"type": "boolean", "default": true},
    "relay_metrics": {"type": "array", "default": [], "maxItems": 50,
                      "items": {"type": "string", "minLength": 1}}
  }
})json";

}  // namespace stackprobe::plugins::llama_cpp

#endif  // STACKPROBE_PLUGINS_LLAMA_CPP_LLAMA_CPP_SCHEMA_H_
