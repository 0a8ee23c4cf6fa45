// SPDX-License-Identifier: Apache-2.0
#include "starter_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "fake_context.h"
#include "report.h"
#include "starter_host_config.h"
#include "starter_test_env.h"

namespace stackprobe::starter {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

json Container(const std::string& name, std::vector<std::string> deps = {},
               const std::string& timeout = "10s") {
  return {{"name", name}, {"depends_on", deps}, {"timeout", timeout}};
}

std::vector<std::string> Names(const std::vector<json>& calls) {
  std::vector<std::string> out;
  for (const auto& call : calls) out.push_back(call["argv"].back());
  return out;
}

class StarterActionTest : public ::testing::Test {
 protected:
  ActionResult Run(const json& config, std::vector<std::string> args = {}) {
    StarterAction action(StarterHostConfig(config.dump()));
    return action.Run(fake_.context(), args);
  }
  json ChainConfig() {
    return env_.Config(
        {Container("a"), Container("b", {"a"}), Container("c", {"b"})});
  }
  bool ProgressHas(const std::string& needle) {
    for (const auto& line : fake_.progress()) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  testing::StarterTestEnv env_;
  stackprobe::testing::FakeActionContext fake_{"start",
                                               std::chrono::seconds(60)};
};

TEST_F(StarterActionTest, StartsInDependencyOrderAfterReadiness) {
  env_.SetScenario({{"containers",
                     {{"a", {{"healthy_after_ms", 300}}},
                      {"b", {{"healthy_after_ms", 100}}},
                      {"c", json::object()}}}});
  const ActionResult result = Run(ChainConfig());
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(Names(env_.Calls("start")), ElementsAre("a", "b", "c"));
  // b starts only after a's healthcheck passed, c after b's.
  std::map<std::string, std::int64_t> healthy_at;
  for (const auto& call : env_.Calls("healthcheck")) {
    if (call["exit"] == 0)
      healthy_at.emplace(call["argv"].back(), call["end_ms"]);
  }
  const auto starts = env_.Calls("start");
  EXPECT_GE(starts[1]["start_ms"].get<std::int64_t>(), healthy_at["a"]);
  EXPECT_GE(starts[2]["start_ms"].get<std::int64_t>(), healthy_at["b"]);
  EXPECT_THAT(result.summary, HasSubstr("stack ready: 3/3 containers ready"));
  EXPECT_TRUE(ProgressHas("container=a step=start"));
  EXPECT_TRUE(ProgressHas("container=c step=ready"));

  std::ifstream in(env_.state_file());
  ASSERT_TRUE(in) << "state file not written";
  const json state = json::parse(in);
  EXPECT_EQ(state["outcome"], "success");
  EXPECT_EQ(state["exit_code"], 0);
  EXPECT_EQ(state["containers"][0]["result"], "ready");
  EXPECT_EQ(json::parse(result.details_json)["outcome"], "success");
}

TEST_F(StarterActionTest, StartsOneLevelInParallel) {
  env_.SetScenario({{"containers",
                     {{"a", {{"start_delay_ms", 400}}},
                      {"b", {{"start_delay_ms", 400}}},
                      {"c", json::object()}}}});
  const ActionResult result = Run(env_.Config(
      {Container("a"), Container("b"), Container("c", {"a", "b"})}));
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  const auto starts = env_.Calls("start");
  ASSERT_EQ(starts.size(), 3u);
  std::map<std::string, json> by_name;
  for (const auto& call : starts) by_name[call["argv"].back()] = call;
  // The two 400 ms starts overlap in time.
  EXPECT_LT(by_name["a"]["start_ms"].get<std::int64_t>(),
            by_name["b"]["end_ms"].get<std::int64_t>());
  EXPECT_LT(by_name["b"]["start_ms"].get<std::int64_t>(),
            by_name["a"]["end_ms"].get<std::int64_t>());
  EXPECT_GE(by_name["c"]["start_ms"].get<std::int64_t>(),
            std::max(by_name["a"]["end_ms"].get<std::int64_t>(),
                     by_name["b"]["end_ms"].get<std::int64_t>()));
}

TEST_F(StarterActionTest, RunningContainersAreNotStartedAgain) {
  env_.SetScenario({{"containers",
                     {{"a", {{"running", true}}},
                      {"b", {{"running", true}, {"healthcheck", false}}},
                      {"c", json::object()}}}});
  const ActionResult result = Run(ChainConfig());
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(Names(env_.Calls("start")), ElementsAre("c"));
  const json state = json::parse(result.details_json);
  EXPECT_EQ(state["containers"][0]["result"], "already_ready");
  EXPECT_EQ(state["containers"][1]["result"], "already_ready");
  EXPECT_EQ(state["containers"][2]["result"], "ready");

  // A second run starts nothing at all.
  const ActionResult again = Run(ChainConfig());
  EXPECT_EQ(again.exit_code, 0) << again.summary;
  EXPECT_EQ(env_.Calls("start").size(), 1u);
}

TEST_F(StarterActionTest, FailedDependencyBlocksItsDependants) {
  env_.SetScenario({{"containers",
                     {{"a", {{"fails", true}}},
                      {"b", json::object()},
                      {"c", json::object()},
                      {"d", json::object()}}}});
  const ActionResult result =
      Run(env_.Config({Container("a", {}, "500ms"), Container("b", {"a"}),
                       Container("c", {"b"}), Container("d")}));
  EXPECT_EQ(result.exit_code, 1) << result.summary;
  EXPECT_THAT(Names(env_.Calls("start")),
              ::testing::UnorderedElementsAre("a", "d"));
  EXPECT_THAT(result.summary, HasSubstr("failed: a timeout"));
  EXPECT_THAT(result.summary, HasSubstr("blocked (dependency not ready): b c"));
  EXPECT_THAT(result.summary, HasSubstr("dependency a is not ready"));
  EXPECT_THAT(result.summary, HasSubstr("dependency b is not ready"));
  EXPECT_THAT(result.summary, HasSubstr("last: unhealthy"));
  const json state = json::parse(result.details_json);
  EXPECT_EQ(state["outcome"], "failed");
  EXPECT_EQ(state["containers"][3]["result"], "ready");
}

TEST_F(StarterActionTest, StartErrorsAndExitsFailFast) {
  env_.SetScenario(
      {{"containers",
        {{"a", {{"start_fails", true}}}, {"b", {{"exits", true}}}}}});
  const auto began = std::chrono::steady_clock::now();
  const ActionResult result =
      Run(env_.Config({Container("a", {}, "30s"), Container("b", {}, "30s")}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(5));
  EXPECT_THAT(result.summary,
              HasSubstr("podman start: Error: unable to start"));
  EXPECT_THAT(result.summary,
              HasSubstr("container is exited (exit code 1), not running"));
  EXPECT_THAT(result.summary, HasSubstr("(exit code 125)"))
      << "podman start's own exit code";
}

TEST_F(StarterActionTest, OptionalFailureStillSucceeds) {
  env_.SetScenario({{"containers",
                     {{"a", {{"start_fails", true}}}, {"b", json::object()}}}});
  json a = Container("a");
  a["required"] = false;
  const ActionResult result = Run(env_.Config({a, Container("b")}));
  EXPECT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("(optional)"));
}

TEST_F(StarterActionTest, BudgetBoundsTheWholeRun) {
  env_.SetScenario(
      {{"containers", {{"a", {{"fails", true}}}, {"b", json::object()}}}});
  json config = env_.Config({Container("a", {}, "60s"), Container("b", {"a"})});
  config["budget"] = "1500ms";
  const auto began = std::chrono::steady_clock::now();
  const ActionResult result = Run(config);
  const auto took = std::chrono::steady_clock::now() - began;
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_GE(took, std::chrono::milliseconds(1400));
  EXPECT_LT(took, std::chrono::milliseconds(2500)) << "budget + margin";
  EXPECT_THAT(result.summary, HasSubstr("overall budget"));
  EXPECT_THAT(Names(env_.Calls("start")), ElementsAre("a"));
}

TEST_F(StarterActionTest, PodmanChildGetsTheSetuidFolderFirst) {
  ASSERT_EQ(::geteuid(), 0u)
      << "FAIL: this test makes root-owned setuid files; run it as root";
  const std::string good = env_.MakeIdMapFolder("wrappers", 04755, 02755);
  const std::string plain = env_.MakeIdMapFolder("sw-bin", 0755, 0755);
  env_.SetScenario({{"containers", {{"a", json::object()}}}});
  json config = env_.Config({Container("a")});
  const std::string other = env_.root() + "/other";
  config["path"] = plain + "::rel:" + good + ":" + other + ":" + plain;
  const ActionResult result = Run(config);
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  const auto log = env_.Log();
  ASSERT_FALSE(log.empty());
  for (const auto& call : log) {
    EXPECT_EQ(call["path"], good + ":" + plain + ":" + other);
  }
  EXPECT_TRUE(ProgressHas("PATH reordered: " + good + " first"));
  EXPECT_THAT(result.summary, ::testing::StartsWith("PATH reordered: " + good));
  EXPECT_EQ(json::parse(result.details_json)["path_reordered"], true);
}

TEST_F(StarterActionTest, ReorderingNeverChangesWhichPodmanRuns) {
  ASSERT_EQ(::geteuid(), 0u)
      << "FAIL: this test makes root-owned setuid files; run it as root";
  const std::string good = env_.MakeIdMapFolder("wrappers", 04755, 04755);
  // A podman in the setuid folder that would fail every command.
  std::filesystem::copy_file("/bin/false", good + "/podman");
  const std::string fake_bin = env_.root() + "/fake-bin";
  std::filesystem::create_directories(fake_bin);
  std::filesystem::create_symlink(STACKPROBE_FAKE_PODMAN, fake_bin + "/podman");
  env_.SetScenario({{"containers", {{"a", json::object()}}}});
  json config = env_.Config({Container("a")});
  config["podman"] = "podman";
  config["path"] = fake_bin + ":" + good;
  const ActionResult result = Run(config);
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_EQ(json::parse(result.details_json)["path"], good + ":" + fake_bin);
  EXPECT_THAT(Names(env_.Calls("start")), ElementsAre("a"));
}

TEST_F(StarterActionTest, StaleBootIdExitsTwoWithTheFixAtOnce) {
  env_.SetScenario(
      {{"info", "boot-id-stale"}, {"containers", {{"a", json::object()}}}});
  const ActionResult result = Run(env_.Config({Container("a")}));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.summary, HasSubstr("podman system migrate"));
  EXPECT_THAT(result.summary, HasSubstr("reboot"));
  EXPECT_EQ(env_.Calls("info").size(), 1u) << "not retried";
  EXPECT_THAT(env_.Calls("start"), IsEmpty());
  std::ifstream in(env_.state_file());
  EXPECT_EQ(json::parse(in)["outcome"], "preflight_failed");
}

TEST_F(StarterActionTest, PodmanInfoIsRetried) {
  env_.SetScenario(
      {{"info_failures", 2}, {"containers", {{"a", json::object()}}}});
  EXPECT_EQ(Run(env_.Config({Container("a")})).exit_code, 0);
  EXPECT_EQ(env_.Calls("info").size(), 3u);

  testing::StarterTestEnv other;
  other.SetScenario(
      {{"info", "unavailable"}, {"containers", {{"a", json::object()}}}});
  const ActionResult result = Run(other.Config({Container("a")}));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.summary, HasSubstr("podman is unavailable"));
  EXPECT_EQ(other.Calls("info").size(), 3u) << "podman_info_retries";
}

TEST_F(StarterActionTest, MissingPodmanIsAPreflightFailure) {
  json config = env_.Config({Container("a")});
  config["podman"] = "no-such-podman-binary";
  const ActionResult result = Run(config);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.summary, HasSubstr("not found in PATH"));
}

TEST_F(StarterActionTest, DryRunPrintsThePlanAndRunsNothing) {
  env_.SetScenario({{"containers", json::object()}});
  const ActionResult result = Run(ChainConfig(), {"--dry-run"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.summary,
              HasSubstr("level 0: a\nlevel 1: b\nlevel 2: c\n"));
  EXPECT_THAT(result.summary, HasSubstr("PATH=/usr/bin:/bin"));
  EXPECT_THAT(env_.Log(), IsEmpty());
  const ActionResult as_json = Run(ChainConfig(), {"--dry-run", "--json"});
  EXPECT_EQ(json::parse(as_json.summary)["levels"][2][0], "c");
}

TEST_F(StarterActionTest, OnlyStartsTheSubsetAndItsDependencies) {
  env_.SetScenario({{"containers",
                     {{"a", json::object()},
                      {"b", json::object()},
                      {"c", json::object()}}}});
  const ActionResult result = Run(ChainConfig(), {"--only", "b", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(Names(env_.Calls("start")), ElementsAre("a", "b"));
  EXPECT_EQ(json::parse(result.summary)["containers"].size(), 2u);
  EXPECT_EQ(Run(ChainConfig(), {"--only", "zz"}).exit_code, 2);
  EXPECT_EQ(Run(ChainConfig(), {"--bogus"}).exit_code, 2);
}

TEST_F(StarterActionTest, ProbeReadinessUsesTheConfiguredProbe) {
  env_.SetScenario(
      {{"containers",
        {{"a", {{"healthcheck", false}}}, {"b", json::object()}}}});
  json a = Container("a");
  a["readiness"] = {{"kind", "probe"}, {"probe", "aidb"}};
  json b = Container("b", {"a"});
  b["readiness"] = {{"kind", "probe"}, {"probe", "not_configured"}};
  int calls = 0;
  fake_.SetProbeNames({"aidb"});
  fake_.SetRunProbeHandler([&](const std::string& probe, ProbeRecord& out) {
    if (probe != "aidb") return false;
    out.probe = probe;
    out.has_run = true;
    out.result.state = ++calls < 3 ? State::kStarting : State::kDegraded;
    return true;
  });
  const ActionResult result = Run(env_.Config({a, b}));
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_EQ(calls, 3);
  EXPECT_THAT(fake_.probes_run(), Contains("aidb"));
  EXPECT_THAT(fake_.probes_run(), ::testing::Not(Contains("not_configured")));
  EXPECT_TRUE(ProgressHas("probe not_configured is not configured"));
  EXPECT_EQ(env_.Calls("healthcheck").size(), 1u) << "b fell back to it";
}

TEST_F(StarterActionTest, PreflightProbeDownExitsTwo) {
  env_.SetScenario({{"containers", {{"a", json::object()}}}});
  ProbeRecord down;
  down.has_run = true;
  down.result =
      MakeResult(State::kDown, reason::kPermission, "newuidmap is not setuid");
  fake_.SetProbeResult("rootless", down);
  json config = env_.Config({Container("a")});
  config["preflight_probe"] = "rootless";
  const ActionResult result = Run(config);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.summary, HasSubstr("newuidmap is not setuid"));
  EXPECT_THAT(env_.Log(), IsEmpty());
}

}  // namespace
}  // namespace stackprobe::starter
