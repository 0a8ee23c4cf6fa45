// SPDX-License-Identifier: Apache-2.0
#include "embeddings_probe.h"
#include "embeddings_schema.h"

namespace {

constexpr const char* kExtraReasons[] = {
    stackprobe::embeddings::kReasonModelError, nullptr};

}  // namespace

STACKPROBE_PLUGIN(stackprobe::embeddings::EmbeddingsProbe, "embeddings",
                  "0.1.0",
                  "Embeddings service: model readiness and an optional "
                  "dimension check of /embed",
                  stackprobe::embeddings::kEmbeddingsSchema, kExtraReasons)
