// SPDX-License-Identifier: Apache-2.0
//
// Unit tests of the disk_free plugin with the stackprobe test kit: the
// plugin is made as the host makes it (its descriptor, the config with the
// schema's defaults filled in) and run against a host context.
#include <gtest/gtest.h>

#include <string>

#include "stackprobe/testing/host_config.h"
#include "stackprobe/testing/plugin_instance.h"
#include "stackprobe/testing/test_context.h"

namespace {

using stackprobe::ProbeResult;
using stackprobe::State;
using stackprobe::testing::CreateProbe;

ProbeResult RunWith(const std::string& config_json) {
  auto probe = CreateProbe(*stackprobe_plugin_entry(), config_json);
  stackprobe::testing::TestProbeContext test_context;
  return probe->Run(test_context.context());
}

const stackprobe::Sample* FindSample(const ProbeResult& result,
                                     const std::string& name) {
  for (const auto& sample : result.samples) {
    if (sample.name == name) return &sample;
  }
  return nullptr;
}

TEST(DiskFreeProbeTest, DefaultsWatchTheRootWithATenthFree) {
  const std::string config =
      stackprobe::testing::HostConfig(stackprobe_plugin_entry()->config_schema);
  EXPECT_EQ(config, R"json({"min_free_ratio":0.1,"path":"/"})json");
}

TEST(DiskFreeProbeTest, ReportsTheFileSystemOfThePath) {
  const ProbeResult result = RunWith("{}");
  EXPECT_EQ(result.state, State::kUp) << result.message;
  const auto* size = FindSample(result, "size_bytes");
  const auto* available = FindSample(result, "available_bytes");
  ASSERT_NE(size, nullptr);
  ASSERT_NE(available, nullptr);
  EXPECT_GT(size->value, 0);
  EXPECT_LE(available->value, size->value);
}

TEST(DiskFreeProbeTest, APathThatDoesNotExistIsDown) {
  const ProbeResult result =
      RunWith(R"json({"path": "/nonexistent/disk_free"})json");
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, stackprobe::reason::kNotFound);
  EXPECT_NE(result.message.find("/nonexistent/disk_free"), std::string::npos)
      << result.message;
  EXPECT_TRUE(result.samples.empty());
}

TEST(DiskFreeProbeTest, BelowTheFreeRatioIsDegraded) {
  // No file system has all of itself free.
  const ProbeResult result = RunWith(R"json({"min_free_ratio": 1.0})json");
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, "low_space");
  EXPECT_NE(FindSample(result, "available_bytes"), nullptr);
}

TEST(DiskFreeProbeTest, TheSchemaRefusesARelativePath) {
  EXPECT_THROW(RunWith(R"json({"path": "data"})json"),
               stackprobe::testing::SchemaViolation);
}

}  // namespace
