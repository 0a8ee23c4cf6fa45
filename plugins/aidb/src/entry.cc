// SPDX-License-Identifier: Apache-2.0
#include "aidb_probe.h"

namespace {

constexpr const char* kSchema = R"json({
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

constexpr const char* kExtraReasons[] = {
    stackprobe::aidb::kReasonDatabase, stackprobe::aidb::kReasonRedis, nullptr};

}  // namespace

STACKPROBE_PLUGIN(stackprobe::aidb::AidbProbe, "aidb", "0.1.0",
                  "AIDB MCP server: health, sub-checks and circuit breakers",
                  kSchema, kExtraReasons)
