// SPDX-License-Identifier: Apache-2.0
#include "http_probe.h"
#include "http_schema.h"
#include "stackprobe/plugin.h"

namespace {
constexpr const char* kExtraReasons[] = {stackprobe::plugins::http::kReasonSlow,
                                         nullptr};
}  // namespace

STACKPROBE_PLUGIN(stackprobe::plugins::http::HttpProbe, "http", "1.0.0",
                  "Generic HTTP/JSON probe: status, body patterns, JSON "
                  "assertions, latency",
                  stackprobe::plugins::http::kHttpConfigSchema, kExtraReasons)
