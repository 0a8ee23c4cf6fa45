// SPDX-License-Identifier: Apache-2.0
#include "config/probe_references.h"

#include <gtest/gtest.h>

namespace stackprobe::config {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;

TEST(ProbeReferencesTest, MarkedKeysAtAnyDepthInKeyOrderWithoutRepeats) {
  const json schema = json::parse(R"({
    "type": "object",
    "properties": {
      "url": {"type": "string"},
      "embeddings_probe": {"type": "string", "format": "probe-name"},
      "probes": {"type": "object", "properties": {
        "aidb": {"type": "string", "format": "probe-name"},
        "qdrant": {"type": "string", "format": "probe-name"}}},
      "watch": {"type": "array", "items": {"type": "string", "format": "probe-name"}},
      "by_role": {"type": "object",
                  "additionalProperties": {"type": "string", "format": "probe-name"}}
    }
  })");
  const json config = json::parse(R"({
    "url": "http://127.0.0.1:1",
    "embeddings_probe": "embeddings",
    "probes": {"aidb": "aidb", "qdrant": "embeddings"},
    "watch": ["redis", "", "postgres"],
    "by_role": {"primary": "llama"}
  })");
  EXPECT_EQ(ProbeReferences(schema, config),
            (Names{"llama", "embeddings", "aidb", "redis", "postgres"}));
}

TEST(ProbeReferencesTest, UnmarkedStringsAndEmptyNamesAreNoReferences) {
  const json schema = json::parse(R"({
    "type": "object",
    "properties": {"name": {"type": "string"},
                   "probe": {"type": "string", "format": "probe-name"}}
  })");
  EXPECT_TRUE(
      ProbeReferences(schema, json::parse(R"({"name": "aidb", "probe": ""})"))
          .empty());
  EXPECT_TRUE(
      ProbeReferences(json::object(), json::parse(R"({"x": "y"})")).empty());
}

}  // namespace
}  // namespace stackprobe::config
