// SPDX-License-Identifier: Apache-2.0
#include "config/schema_annotations.h"

#include <gtest/gtest.h>

namespace stackprobe::config {
namespace {

using nlohmann::json;
using Keys = std::vector<std::string>;

TEST(SchemaAnnotationsTest, TheTargetUrlKeyIsTheMarkedTopLevelProperty) {
  EXPECT_EQ(TargetUrlKeys(json::parse(R"({
    "type": "object",
    "properties": {
      "base_url": {"type": "string", "format": "target-url"},
      "url": {"type": "string"},
      "nested": {"type": "object", "properties": {
        "url": {"type": "string", "format": "target-url"}}}
    }
  })")),
            Keys{"base_url"});
  // The old guess is gone: an unmarked url is no target.
  EXPECT_TRUE(TargetUrlKeys(json::parse(R"({
    "type": "object", "properties": {"url": {"type": "string"}}})"))
                  .empty());
  EXPECT_TRUE(TargetUrlKeys(json::object()).empty());
}

TEST(SchemaAnnotationsTest, SecretsAreRemovedAtAnyDepthAndTheRestKept) {
  const json schema = json::parse(R"({
    "type": "object",
    "properties": {
      "url": {"type": "string", "format": "target-url"},
      "headers": {"type": "object", "format": "secret",
                  "additionalProperties": {"type": "string"}},
      "api_key": {"type": "string", "format": "secret", "default": ""},
      "method": {"type": "string"},
      "auth": {"type": "object", "properties": {
        "user": {"type": "string"},
        "token": {"type": "string", "format": "secret"}}},
      "upstreams": {"type": "array", "items": {"type": "object",
        "additionalProperties": {"type": "string", "format": "secret"}}}
    }
  })");
  json config = json::parse(R"({
    "url": "http://127.0.0.1:1/",
    "headers": {"Authorization": "Bearer s3cret"},
    "api_key": "s3cret",
    "method": "POST",
    "auth": {"user": "me", "token": "s3cret"},
    "upstreams": [{"a": "s3cret"}, {}]
  })");
  RemoveSecrets(schema, config);
  EXPECT_EQ(config, json::parse(R"({
    "url": "http://127.0.0.1:1/",
    "method": "POST",
    "auth": {"user": "me"},
    "upstreams": [{}, {}]
  })"));
}

}  // namespace
}  // namespace stackprobe::config
