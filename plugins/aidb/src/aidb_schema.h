// SPDX-License-Identifier: Apache-2.0
//
// JSON Schema of the aidb probe's config. The host validates a config against
// it and fills in its defaults before the probe is constructed.
#ifndef STACKPROBE_PLUGINS_AIDB_AIDB_SCHEMA_H_
#define STACKPROBE_PLUGINS_AIDB_AIDB_SCHEMA_H_

namespace stackprobe::aidb {

/// The config schema (JSON text). Static storage; thread-safe.
inline constexpr const char* kAidbSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {
      "type": "string", "pattern": "^https?://", "default": "http://127.0.0.1:8091",
      "format": "target-url",
      "description": "Base URL of the AIDB MCP server's HTTP API"
    }
  }
})json";

}  // namespace stackprobe::aidb

#endif  // STACKPROBE_PLUGINS_AIDB_AIDB_SCHEMA_H_
