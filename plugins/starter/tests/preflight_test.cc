// SPDX-License-Identifier: Apache-2.0
#include "preflight.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_context.h"
#include "starter_config.h"
#include "starter_host_config.h"
#include "starter_test_env.h"

namespace stackprobe::starter {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::StarterTestEnv;

// What a rootless probe reports (details as in plugins/rootless/README.md).
ProbeRecord RootlessRecord(State state, const std::string& message,
                           const std::string& podman_path,
                           const nlohmann::json& checks) {
  ProbeRecord record;
  record.has_run = true;
  record.result = MakeResult(state, "rootless_preflight", message);
  record.result.details_json = nlohmann::json{
      {"path", "/given"},
      {"podman_path", podman_path},
      {"checks", checks}}.dump();
  return record;
}

class PreflightTest : public ::testing::Test {
 protected:
  PreflightTest() {
    env_.SetScenario({{"containers", nlohmann::json::object()}});
    config_ = ParseStarterConfig(StarterHostConfig(
        env_.Config({}).dump()));  // an empty list: the defaults, unused here
    config_.preflight_probe = "rootless";
  }
  std::string Run(const std::string& podman_path) {
    const PodmanClient podman(
        fake_.context(), STACKPROBE_FAKE_PODMAN, "/usr/bin:/bin",
        {{"STACKPROBE_FAKE_PODMAN_SCENARIO", env_.scenario_file()},
         {"STACKPROBE_FAKE_PODMAN_LOG", env_.log_file()},
         {"STACKPROBE_FAKE_PODMAN_STATE", env_.state_dir()}},
        std::chrono::seconds(10));
    return RunPreflight(
        fake_.context(), config_, podman,
        std::chrono::steady_clock::now() + std::chrono::seconds(10),
        podman_path);
  }
  bool ProgressHas(const std::string& text) const {
    for (const std::string& line : fake_.progress()) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }
  StarterTestEnv env_;
  stackprobe::testing::FakeActionContext fake_;
  StarterConfig config_;
};

// The incident's PATH, repaired by the starter: the probe warns, the start
// goes on and says why.
TEST_F(PreflightTest, RepairedPathWarnsAndProceeds) {
  fake_.SetProbeResult(
      "rootless",
      RootlessRecord(State::kDegraded,
                     "containers can start (newuidmap_setuid, "
                     "newgidmap_setgid)",
                     "/run/wrappers/bin:/plain",
                     {{{"id", "newuidmap_setuid"},
                       {"status", "warn"},
                       {"title",
                        "first newuidmap in PATH, /plain/newuidmap, is not "
                        "setuid; stackprobe start repairs this"}},
                      {{"id", "linger"}, {"status", "ok"}, {"title", "ok"}}}));
  EXPECT_EQ(Run("/run/wrappers/bin:/plain"), "");
  EXPECT_TRUE(ProgressHas("step=preflight probe=rootless result=degraded"));
  EXPECT_TRUE(ProgressHas("stackprobe start repairs this"));
  EXPECT_FALSE(ProgressHas("judged PATH"));
  EXPECT_EQ(env_.Calls("info").size(), 1u);
}

// Nothing the starter can repair: the start stops with the probe's reason
// and its failing checks, before podman runs.
TEST_F(PreflightTest, UnrepairablePathStopsWithTheReason) {
  fake_.SetProbeResult(
      "rootless",
      RootlessRecord(State::kDown,
                     "containers cannot start: 1 problem(s) (newuidmap_setuid)",
                     "/plain",
                     {{{"id", "newuidmap_setuid"},
                       {"status", "fail"},
                       {"title",
                        "first newuidmap in PATH, /plain/newuidmap, is not "
                        "setuid"}}}));
  const std::string error = Run("/plain");
  EXPECT_THAT(error, HasSubstr("preflight probe rootless is down: containers "
                               "cannot start: 1 problem(s)"));
  EXPECT_THAT(error, HasSubstr("newuidmap_setuid: first newuidmap in PATH, "
                               "/plain/newuidmap, is not setuid"));
  EXPECT_THAT(error, HasSubstr("run `stackprobe doctor`"));
  EXPECT_THAT(error, ::testing::Not(HasSubstr("judged PATH")));
  EXPECT_THAT(env_.Log(), IsEmpty());
}

// A probe configured with another PATH than the starter's: said, loudly.
TEST_F(PreflightTest, ProbeJudgingAnotherPathIsNamed) {
  fake_.SetProbeResult("rootless",
                       RootlessRecord(State::kDown, "containers cannot start",
                                      "/probe-path", nlohmann::json::array()));
  const std::string error = Run("/podman-path");
  EXPECT_THAT(error, HasSubstr("the probe judged PATH /probe-path but podman "
                               "gets /podman-path"));
  EXPECT_TRUE(ProgressHas("judged PATH /probe-path, podman gets /podman-path"));
}

TEST_F(PreflightTest, MissingProbeStops) {
  EXPECT_THAT(Run(""), HasSubstr("preflight probe rootless is not configured"));
}

TEST(ReadPreflightDetailsTest, ToleratesOtherDetails) {
  EXPECT_EQ(ReadPreflightDetails("").judged_path, "");
  EXPECT_EQ(ReadPreflightDetails("[1,2]").failures, "");
  EXPECT_EQ(ReadPreflightDetails(R"({"path": "/p", "checks": [1, {"status":
      "fail"}]})")
                .judged_path,
            "/p");
  const PreflightProbeVerdict verdict =
      ReadPreflightDetails(R"({"checks": [{"status": "fail", "id": "a",
      "title": ")" + std::string(2000, 'x') +
                           R"("}, {"status": "fail", "id": "b"}]})");
  EXPECT_LE(verdict.failures.size(), 610u);
  EXPECT_EQ(verdict.failures.rfind("a: x", 0), 0u);
}

}  // namespace
}  // namespace stackprobe::starter
