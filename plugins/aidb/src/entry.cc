// SPDX-License-Identifier: Apache-2.0
#include "aidb_probe.h"
#include "aidb_schema.h"

namespace {

constexpr const char* kExtraReasons[] = {
    stackprobe::aidb::kReasonDatabase, stackprobe::aidb::kReasonRedis, nullptr};

}  // namespace

STACKPROBE_PLUGIN(stackprobe::aidb::AidbProbe, "aidb", "0.1.0",
                  "AIDB MCP server: health, sub-checks and circuit breakers",
                  stackprobe::aidb::kAidbSchema, kExtraReasons)
