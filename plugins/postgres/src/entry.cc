// SPDX-License-Identifier: Apache-2.0
#include "config_schema.h"
#include "postgres_probe.h"

namespace {
constexpr const char* const kExtraReasons[] = {
    stackprobe::postgres::kReasonAuth,
    stackprobe::postgres::kReasonExtensionMissing, nullptr};
}  // namespace

STACKPROBE_PLUGIN(stackprobe::postgres::PostgresProbe, "postgres", "0.1.0",
                  "PostgreSQL: connect, authenticate, SELECT 1, pgvector",
                  stackprobe::postgres::kConfigSchema, kExtraReasons)
