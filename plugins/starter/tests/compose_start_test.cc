// SPDX-License-Identifier: Apache-2.0
//
// `stackprobe start` from a compose file against the fake podman: missing
// containers are created, then started in dependency order with health
// gating; the hand-off to systemd and podman is clean.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "compose_test_files.h"
#include "fake_context.h"
#include "logfmt_reader.h"
#include "starter_action.h"
#include "starter_host_config.h"
#include "starter_test_env.h"

namespace stackprobe::starter {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Three services in a chain, shaped like the stack's: host networking,
// container_name, long-form depends_on, CMD and CMD-SHELL checks, a .env
// variable, x-podman.
constexpr const char* kChainCompose = R"(
x-podman:
  in_pod: false
services:
  db:
    image: localhost/bbox:latest
    container_name: sp-db
    network_mode: host
    environment:
      USER_NAME: ${DB_USER:-nobody}
    healthcheck:
      test: ["CMD-SHELL", "test -n \"${DB_USER}\""]
      interval: 1s
      timeout: 1s
      retries: 1
  api:
    image: localhost/bbox:latest
    container_name: sp-api
    network_mode: host
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:1/"]
      interval: 1s
      timeout: 1s
      retries: 1
  web:
    image: localhost/bbox:latest
    container_name: sp-web
    network_mode: host
    depends_on:
      api:
        condition: service_healthy
)";

std::vector<std::string> ArgvTail(const std::vector<json>& calls) {
  std::vector<std::string> out;
  for (const auto& call : calls) out.push_back(call["argv"].back());
  return out;
}

class ComposeStartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(env_.root() + "/compose.yml") << kChainCompose;
    std::ofstream(env_.root() + "/.env") << "DB_USER=mcp\n";
  }
  json ComposeConfig() {
    json config = env_.Config({});
    config["compose_file"] = env_.root() + "/compose.yml";
    config["project_name"] = "sp";
    return config;
  }
  ActionResult Run(const json& config, std::vector<std::string> args = {}) {
    StarterAction action(StarterHostConfig(config.dump()));
    return action.Run(fake_.context(), args);
  }
  // Calls of `command` (argv[0]) whose last argument is `name`.
  std::vector<json> CallsFor(const std::string& command,
                             const std::string& name) {
    std::vector<json> out;
    for (auto& call : env_.Calls(command)) {
      if (call["argv"].back() == name) out.push_back(call);
    }
    return out;
  }
  std::vector<std::string> Created() {
    std::vector<std::string> out;
    for (const auto& call : env_.Calls("create")) {
      for (const auto& arg : call["argv"]) {
        const std::string text = arg.get<std::string>();
        if (text.starts_with("--name=")) out.push_back(text.substr(7));
      }
    }
    return out;
  }
  // `podman rm -f NAMES` through the fake, as `podman-compose down` does.
  int RemoveContainers(const std::string& names) {
    const std::string command =
        "STACKPROBE_FAKE_PODMAN_SCENARIO=" + env_.scenario_file() +
        " STACKPROBE_FAKE_PODMAN_STATE=" + env_.state_dir() + " " +
        STACKPROBE_FAKE_PODMAN + " rm -f " + names + " >/dev/null 2>&1";
    return std::system(command.c_str());
  }
  void SetScenario(json containers) {
    for (auto& [name, spec] : containers.items()) spec["exists"] = false;
    env_.SetScenario({{"containers", containers}});
  }

  testing::StarterTestEnv env_;
  stackprobe::testing::FakeActionContext fake_{"start",
                                               std::chrono::seconds(60)};
};

TEST_F(ComposeStartTest, CreatesMissingContainersThenStartsThemInOrder) {
  SetScenario({{"sp-db", {{"healthy_after_ms", 200}}},
               {"sp-api", {{"healthy_after_ms", 100}}},
               {"sp-web", json::object()}});
  const ActionResult result = Run(ComposeConfig());
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(Created(),
              ::testing::UnorderedElementsAre("sp-db", "sp-api", "sp-web"));
  EXPECT_THAT(ArgvTail(env_.Calls("start")),
              ElementsAre("sp-db", "sp-api", "sp-web"));
  // api starts after db is healthy, web after api.
  std::map<std::string, std::int64_t> healthy_at;
  for (const auto& call : env_.Calls("healthcheck")) {
    if (call["exit"] == 0)
      healthy_at.emplace(call["argv"].back(), call["end_ms"]);
  }
  EXPECT_GE(CallsFor("start", "sp-api")[0]["start_ms"].get<std::int64_t>(),
            healthy_at["sp-db"]);
  EXPECT_GE(CallsFor("start", "sp-web")[0]["start_ms"].get<std::int64_t>(),
            healthy_at["sp-api"]);
  // Created with podman-compose's arguments, .env interpolated.
  json db_create;
  for (const auto& call : env_.Calls("create")) {
    if (call["argv"][1] == "--name=sp-db") db_create = call["argv"];
  }
  EXPECT_THAT(db_create.dump(), HasSubstr(R"("-e","USER_NAME=mcp")"));
  EXPECT_THAT(
      db_create.dump(),
      HasSubstr(
          R"("--healthcheck-command","[\"CMD-SHELL\", \"test -n \\\"mcp\\\"\"]")"));
  EXPECT_THAT(db_create.dump(),
              HasSubstr(R"("--label","com.docker.compose.service=)"));
  const json state = json::parse(result.details_json);
  for (const auto& container : state["containers"]) {
    EXPECT_EQ(container["result"], "ready");
    EXPECT_EQ(container["created"], true);
  }
  EXPECT_THAT(result.summary, HasSubstr("stack ready: 3/3 containers ready"));
  EXPECT_THAT(result.summary, HasSubstr("created"));
}

TEST_F(ComposeStartTest, SecondRunStartsNothingAndRemovedOnesAreRecreated) {
  SetScenario({{"sp-db", json::object()},
               {"sp-api", json::object()},
               {"sp-web", json::object()}});
  ASSERT_EQ(Run(ComposeConfig()).exit_code, 0);
  const std::size_t starts = env_.Calls("start").size();
  const std::size_t creates = env_.Calls("create").size();
  const ActionResult again = Run(ComposeConfig());
  ASSERT_EQ(again.exit_code, 0) << again.summary;
  EXPECT_EQ(env_.Calls("start").size(), starts);
  EXPECT_EQ(env_.Calls("create").size(), creates);
  // Bound to a local: a range-for over a member of a temporary would read
  // the temporary after its end.
  const json again_details = json::parse(again.details_json);
  for (const auto& container : again_details["containers"]) {
    EXPECT_EQ(container["result"], "already_ready");
  }
  ASSERT_EQ(RemoveContainers("sp-db sp-api sp-web"), 0);
  const ActionResult after_down = Run(ComposeConfig());
  ASSERT_EQ(after_down.exit_code, 0) << after_down.summary;
  EXPECT_EQ(env_.Calls("create").size(), creates + 3);
  EXPECT_EQ(env_.Calls("start").size(), starts + 3);
}

TEST_F(ComposeStartTest, FailingHealthcheckLeavesDependantsUnstarted) {
  SetScenario({{"sp-db", {{"fails", true}}},
               {"sp-api", json::object()},
               {"sp-web", json::object()}});
  const auto began = std::chrono::steady_clock::now();
  const ActionResult result = Run(ComposeConfig());
  EXPECT_EQ(result.exit_code, 1) << result.summary;
  // The deadline comes from the health check: 0 + 1 x (1 s + 1 s).
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(8));
  EXPECT_THAT(ArgvTail(env_.Calls("start")), ElementsAre("sp-db"));
  EXPECT_THAT(result.summary, HasSubstr("failed: sp-db timeout"));
  EXPECT_THAT(result.summary,
              HasSubstr("blocked (dependency not ready): sp-api sp-web"));
  EXPECT_THAT(result.summary, HasSubstr("dependency sp-db is not ready"));
}

TEST_F(ComposeStartTest, ConditionsStartedAndCompleted) {
  std::ofstream(env_.root() + "/compose.yml") << R"(
services:
  slow:
    image: i
    container_name: sp-slow
    network_mode: host
    healthcheck: {test: ["CMD", "true", "x"], interval: 10s}
  job:
    image: i
    container_name: sp-job
    network_mode: host
  app:
    image: i
    container_name: sp-app
    network_mode: host
    depends_on:
      slow: {condition: service_started}
      job: {condition: service_completed_successfully}
)";
  SetScenario(
      {{"sp-slow", {{"healthy_after_ms", 800}}},
       {"sp-job", {{"exits", true}, {"exit_code", 0}, {"healthcheck", false}}},
       {"sp-app", {{"healthcheck", false}}}});
  ActionResult result = Run(ComposeConfig());
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  std::int64_t slow_healthy = 0;
  for (const auto& call : CallsFor("healthcheck", "sp-slow")) {
    if (call["exit"] == 0) slow_healthy = call["end_ms"];
  }
  EXPECT_LT(CallsFor("start", "sp-app")[0]["start_ms"].get<std::int64_t>(),
            slow_healthy)
      << "service_started: app need not wait for slow's health";

  ASSERT_EQ(RemoveContainers("sp-slow sp-job sp-app"), 0);
  const std::size_t app_starts = CallsFor("start", "sp-app").size();
  SetScenario(
      {{"sp-slow", json::object()},
       {"sp-job", {{"exits", true}, {"exit_code", 2}, {"healthcheck", false}}},
       {"sp-app", {{"healthcheck", false}}}});
  result = Run(ComposeConfig());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.summary, HasSubstr("exited with exit code 2"));
  EXPECT_THAT(result.summary,
              HasSubstr("dependency sp-job did not complete successfully"));
  EXPECT_EQ(CallsFor("start", "sp-app").size(), app_starts);
}

TEST_F(ComposeStartTest, CleanHandOffToSystemdAndPodman) {
  ::setenv("NOTIFY_SOCKET", "/run/user/1000/systemd/notify", 1);
  ::setenv("WATCHDOG_USEC", "5000000", 1);
  ::setenv("STACKPROBE_STARTER_TEST_INHERITED", "yes", 1);
  SetScenario({{"sp-db", json::object()},
               {"sp-api", {{"start_fails", true}}},
               {"sp-web", json::object()}});
  const ActionResult result = Run(ComposeConfig());
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("STACKPROBE_STARTER_TEST_INHERITED");
  EXPECT_EQ(result.exit_code, 1);
  ASSERT_FALSE(env_.Log().empty());
  for (const auto& call : env_.Log()) {
    EXPECT_FALSE(call["env"].contains("NOTIFY_SOCKET")) << call.dump();
    EXPECT_FALSE(call["env"].contains("WATCHDOG_USEC"));
    EXPECT_EQ(call["env"]["PATH"], call["path"]);
    EXPECT_EQ(call["env"]["STACKPROBE_STARTER_TEST_INHERITED"], "yes")
        << "the rest is inherited";
  }
  const std::vector<std::string> lines = fake_.progress();
  ASSERT_FALSE(lines.empty());
  for (const auto& line : lines) {
    EXPECT_TRUE(testing::ParseLogfmt(line)) << "not logfmt: " << line;
  }
  const auto last = testing::ParseLogfmt(lines.back());
  ASSERT_TRUE(last);
  EXPECT_EQ(last->at("step"), "done");
  EXPECT_THAT(last->at("note"),
              ::testing::StartsWith("stack not ready: 1/3 containers ready; "
                                    "failed: sp-api failed"));
  EXPECT_THAT(last->at("note"), ::testing::MatchesRegex(".*\\([0-9.]+ s\\)$"));
  // The failed container's note has podman's exit code.
  bool noted = false;
  for (const auto& line : lines) {
    const auto fields = testing::ParseLogfmt(line);
    if (fields && fields->contains("container") &&
        fields->at("container") == "sp-api" && fields->at("step") == "failed") {
      EXPECT_THAT(fields->at("note"), HasSubstr("(exit code 125)"));
      EXPECT_THAT(fields->at("note"), HasSubstr("\"sp-api\""))
          << "podman's quotes survive";
      noted = true;
    }
  }
  EXPECT_TRUE(noted);
}

TEST_F(ComposeStartTest, CreationFailureBlocksDependants) {
  SetScenario({{"sp-db", {{"create_fails", true}}},
               {"sp-api", json::object()},
               {"sp-web", json::object()}});
  const ActionResult result = Run(ComposeConfig());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.summary,
              HasSubstr("cannot create (podman): podman create: Error: "
                        "localhost/missing:latest: image not known (exit code "
                        "125)"));
  EXPECT_THAT(env_.Calls("start"), IsEmpty());
}

TEST_F(ComposeStartTest, OnlyTakesServiceNamesAndDryRunShowsTheCreation) {
  SetScenario({{"sp-db", json::object()},
               {"sp-api", json::object()},
               {"sp-web", json::object()}});
  const ActionResult plan =
      Run(ComposeConfig(), {"--dry-run", "--only", "api"});
  ASSERT_EQ(plan.exit_code, 0) << plan.summary;
  EXPECT_THAT(plan.summary, HasSubstr("level 0: sp-db\nlevel 1: sp-api\n"));
  EXPECT_THAT(plan.summary, HasSubstr("when missing, sp-api: podman create "
                                      "--name=sp-api"));
  EXPECT_THAT(plan.summary,
              HasSubstr(R"(--healthcheck-command '["wget", "-q", "-O", )"
                        R"("/dev/null", "http://127.0.0.1:1/"]')"))
      << "shell-quoted, ready to copy";
  EXPECT_THAT(env_.Log(), IsEmpty());
  const ActionResult result = Run(ComposeConfig(), {"--only", "api"});
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(ArgvTail(env_.Calls("start")), ElementsAre("sp-db", "sp-api"));
}

TEST_F(ComposeStartTest, UnrepairablePathSaysSoOnceAndPointsToTheDoctor) {
  ASSERT_EQ(::geteuid(), 0u)
      << "FAIL: this test makes root-owned files; run it as root";
  const std::string plain = env_.MakeIdMapFolder("plain-bin", 0755, 0755);
  json scenario = {{"info", "namespace-error"},
                   {"containers", {{"sp-db", json::object()}}}};
  env_.SetScenario(scenario);
  json config = ComposeConfig();
  config["path"] = plain;
  config["setuid_dirs"] = json::array();
  config["podman_info_retries"] = 15;
  const ActionResult result = Run(config);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(env_.Calls("info").size(), 1u) << "a deterministic error";
  EXPECT_THAT(result.summary, HasSubstr("the PATH cannot be repaired"));
  EXPECT_THAT(result.summary, HasSubstr("stackprobe doctor"));
  EXPECT_THAT(result.summary,
              HasSubstr("cannot set up namespace using \"/plain/newuidmap\""));
  EXPECT_THAT(result.summary, Not(HasSubstr("podman system migrate")));
  int preflight_lines = 0;
  for (const auto& line : fake_.progress()) {
    if (line.find("step=preflight") != std::string::npos) ++preflight_lines;
    EXPECT_THAT(line, Not(HasSubstr("podman system migrate")));
  }
  EXPECT_EQ(preflight_lines, 1);
}

// The acceptance bound: starting from the compose file takes at most one
// readiness poll (max_poll_interval, 5 s by default) longer than the slowest
// dependency chain. The stack's shape (tests/fixtures/compose/ai-stack,
// services aidb, hybrid-coordinator and llama-cpp: the seven containers of
// the old script) with the delays of bench/startup.sh and the default poll
// settings; embeddings -> hybrid-coordinator is the slowest chain. The
// figure is in bench/README.md. Takes about 14 s.
TEST_F(ComposeStartTest, StartTakesAtMostOnePollLongerThanTheSlowestChain) {
  testing::ComposeFolder folder("ai-stack");
  json config = env_.Config({});
  config["compose_file"] = folder.CopyStackFixture();
  config["services"] = {"aidb", "hybrid-coordinator", "llama-cpp"};
  config["poll_interval"] = "500ms";
  config["max_poll_interval"] = "5s";
  config["budget"] = "60s";
  const std::map<std::string, std::pair<int, int>> delays = {
      {"local-ai-postgres", {300, 3000}},
      {"local-ai-redis", {200, 1000}},
      {"local-ai-qdrant", {300, 2000}},
      {"local-ai-embeddings", {400, 9000}},
      {"local-ai-llama-cpp", {400, 7000}},
      {"local-ai-aidb", {300, 4000}},
      {"local-ai-hybrid-coordinator", {300, 3000}}};
  json containers = json::object();
  for (const auto& [name, delay] : delays) {
    containers[name] = {{"start_delay_ms", delay.first},
                        {"healthy_after_ms", delay.second}};
  }
  SetScenario(containers);
  const auto chain = [&](const std::string& name) {
    return delays.at(name).first + delays.at(name).second;
  };
  const int slowest_ms = std::max(
      {chain("local-ai-embeddings") + chain("local-ai-hybrid-coordinator"),
       chain("local-ai-postgres") + chain("local-ai-aidb"),
       chain("local-ai-llama-cpp")});
  const ActionResult result = Run(config);
  ASSERT_EQ(result.exit_code, 0) << result.summary;
  const double took_ms =
      json::parse(result.details_json)["duration_seconds"].get<double>() * 1000;
  EXPECT_EQ(Created().size(), 7u);
  EXPECT_GE(took_ms, slowest_ms);
  // At most one readiness poll (max_poll_interval, 5 s) after the slowest
  // chain, plus 1 s for the podman calls themselves (a sanitizer build's
  // fake podman is slower).
  EXPECT_LE(took_ms, slowest_ms + 5000 + 1000)
      << "slowest chain " << slowest_ms << " ms, took " << took_ms << " ms";
  std::printf("compose start: slowest chain %d ms, took %.0f ms (+%.0f ms)\n",
              slowest_ms, took_ms, took_ms - slowest_ms);
}

TEST_F(ComposeStartTest, BadComposeFileExitsTwoWithFileAndKey) {
  std::ofstream(env_.root() + "/compose.yml")
      << "services:\n  a:\n    image: x\n    depends_on: [b]\n";
  env_.SetScenario({{"containers", json::object()}});
  // The constructor reads it (config check); so does each run.
  EXPECT_THROW(Run(ComposeConfig()), std::invalid_argument);
}

}  // namespace
}  // namespace stackprobe::starter
