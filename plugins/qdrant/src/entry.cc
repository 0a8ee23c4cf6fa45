// SPDX-License-Identifier: Apache-2.0
#include "qdrant_probe.h"
#include "qdrant_schema.h"

namespace {

constexpr const char* kExtraReasons[] = {
    stackprobe::qdrant::kReasonMissingCollection, nullptr};

}  // namespace

STACKPROBE_PLUGIN(stackprobe::qdrant::QdrantProbe, "qdrant", "0.1.0",
                  "Qdrant: health, collections, and vector size against the "
                  "embeddings model",
                  stackprobe::qdrant::kQdrantSchema, kExtraReasons)
