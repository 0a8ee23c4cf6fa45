// SPDX-License-Identifier: Apache-2.0
#include "config_schema.h"
#include "redis_probe.h"

namespace {
constexpr const char* const kExtraReasons[] = {stackprobe::redis::kReasonAuth,
                                               nullptr};
}  // namespace

STACKPROBE_PLUGIN(stackprobe::redis::RedisProbe, "redis", "0.1.0",
                  "Redis: AUTH, PING and INFO over RESP",
                  stackprobe::redis::kConfigSchema, kExtraReasons)
