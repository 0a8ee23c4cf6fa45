// SPDX-License-Identifier: Apache-2.0
#include "starter_status_probe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "boot_id.h"
#include "fake_context.h"
#include "host_config.h"
#include "report.h"
#include "schema.h"
#include "starter_test_env.h"

namespace stackprobe::starter {
namespace {

using ::testing::HasSubstr;

const Sample* Find(const ProbeResult& result, const std::string& name,
                   const Labels& labels = {}) {
  for (const auto& sample : result.samples) {
    if (sample.name != name) continue;
    bool match = true;
    for (const auto& [key, value] : labels) {
      auto it = sample.labels.find(key);
      if (it == sample.labels.end() || it->second != value) match = false;
    }
    if (match) return &sample;
  }
  return nullptr;
}

class StarterStatusTest : public ::testing::Test {
 protected:
  ProbeResult Run(const std::string& max_age = "0s") {
    StarterStatusProbe probe(stackprobe::testing::HostConfig(
        kStatusSchema,
        nlohmann::json{{"state_file", env_.state_file()}, {"max_age", max_age}}
            .dump()));
    return probe.Run(fake_.context());
  }
  void Write(const std::string& text) {
    std::filesystem::create_directories(
        std::filesystem::path(env_.state_file()).parent_path());
    std::ofstream(env_.state_file()) << text;
  }
  RunReport Report(int exit_code) {
    RunReport report;
    report.exit_code = exit_code;
    report.outcome = exit_code == 0 ? kOutcomeSuccess : kOutcomeFailed;
    report.started_at = std::chrono::duration<double>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count() -
                        100;
    report.duration_seconds = 42;
    report.message = exit_code == 0 ? "stack ready" : "stack not ready";
    report.containers = {{"a", ContainerResult::kReady, true, 1.5, ""},
                         {"b",
                          exit_code == 0 ? ContainerResult::kAlreadyReady
                                         : ContainerResult::kTimeout,
                          true, 7, ""}};
    return report;
  }
  testing::StarterTestEnv env_;
  stackprobe::testing::FakeProbeContext fake_;
};

TEST_F(StarterStatusTest, NoStateFileIsDegraded) {
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, "no_record");
  const Sample* none = Find(result, "last_outcome", {{"outcome", "none"}});
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->value, 1);
}

TEST_F(StarterStatusTest, SuccessfulStartIsUpWithSamples) {
  Write(ReportToJson(Report(0)));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kUp) << result.message;
  ASSERT_NE(Find(result, "last_exit_code"), nullptr);
  EXPECT_EQ(Find(result, "last_exit_code")->value, 0);
  EXPECT_EQ(Find(result, "last_duration_seconds")->value, 42);
  EXPECT_GT(Find(result, "last_start_timestamp_seconds")->value, 1.6e9);
  EXPECT_EQ(Find(result, "last_outcome", {{"outcome", "success"}})->value, 1);
  EXPECT_EQ(Find(result, "last_outcome", {{"outcome", "failed"}})->value, 0);
  EXPECT_EQ(Find(result, "container_ready", {{"container", "b"}})->value, 1);
  EXPECT_EQ(
      Find(result, "container_start_duration_seconds", {{"container", "a"}})
          ->value,
      1.5);
}

TEST_F(StarterStatusTest, FailedStartIsDown) {
  Write(ReportToJson(Report(1)));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, "start_failed");
  EXPECT_EQ(Find(result, "container_ready", {{"container", "b"}})->value, 0);
  EXPECT_EQ(Find(result, "last_outcome", {{"outcome", "failed"}})->value, 1);
}

TEST_F(StarterStatusTest, OldRecordIsStale) {
  Write(ReportToJson(Report(0)));
  EXPECT_EQ(Run("1m").reason, "stale");
  EXPECT_EQ(Run("1h").state, State::kUp);
}

TEST_F(StarterStatusTest, StartOfAnEarlierBootIsStaleAndDown) {
  RunReport report = Report(0);
  report.boot_id = "00000000-0000-0000-0000-000000000000";
  Write(ReportToJson(report));
  const ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, "stale");
  EXPECT_THAT(result.message, HasSubstr("earlier boot"));

  report.boot_id = CurrentBootId();
  ASSERT_FALSE(report.boot_id.empty()) << "no /proc/sys/kernel/random/boot_id";
  Write(ReportToJson(report));
  EXPECT_EQ(Run().state, State::kUp);
}

TEST_F(StarterStatusTest, BrokenFileIsDownNotACrash) {
  Write(std::string(5000, '{'));
  ProbeResult result = Run();
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, "bad_body");
  Write(std::string((1 << 20) + 10, ' '));
  result = Run();
  EXPECT_EQ(result.reason, "bad_body");
  EXPECT_THAT(result.message, HasSubstr("larger than 1 MiB"));
}

}  // namespace
}  // namespace stackprobe::starter
