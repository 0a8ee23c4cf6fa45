// SPDX-License-Identifier: Apache-2.0
//
// POST /api/v1/actions/start: off unless enabled, one run at a time (409
// with the running start's progress), and its outcome readable afterwards.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "daemon_process.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

std::string Config(std::uint16_t port, const std::string& plugins, bool enabled,
                   const std::string& action_config) {
  return ConfigText(port, plugins,
                    std::string("api: {actions_enabled: ") +
                        (enabled ? "true" : "false") + "}\n" +
                        "actions:\n  - {name: start, plugin: stepping_action, "
                        "config: " +
                        action_config + "}\n");
}

class ActionsApiTest : public ::testing::Test {
 protected:
  void Start(bool enabled,
             const std::string& action_config = "{steps: 4, step_ms: 300}") {
    const std::string plugins = dir_.path() + "/plugins";
    std::filesystem::create_directories(plugins);
    std::filesystem::copy_file(
        std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/stepping_action.so",
        plugins + "/stepping_action.so");
    port_ = FreeLoopbackPort();
    const auto config = dir_.Write(
        "stackprobe.yml", Config(port_, plugins, enabled, action_config));
    daemon_ = std::make_unique<DaemonProcess>(
        STACKPROBE_BINARY,
        std::vector<std::string>{"--config", config, "serve"}, port_);
    ASSERT_TRUE(daemon_->ready()) << daemon_->Log();
  }

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_F(ActionsApiTest, IsOffUnlessEnabled) {
  Start(false);
  const auto response = daemon_->Request("POST", "/api/v1/actions/start");
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("api.actions_enabled"), std::string::npos);
}

TEST_F(ActionsApiTest, RunsOneAtATimeAndReportsProgress) {
  Start(true);
  EXPECT_EQ(daemon_->Request("POST", "/api/v1/actions/start").status, 202);
  // Once the run has reported its first step (it takes 4 x 300 ms), a second
  // start is refused with the running start's progress.
  auto deadline = std::chrono::steady_clock::now() + milliseconds(10000);
  std::string status;
  while (std::chrono::steady_clock::now() < deadline &&
         status.find("step 1 of 4") == std::string::npos) {
    std::this_thread::sleep_for(milliseconds(10));
    status = daemon_->Request("GET", "/api/v1/actions/start").body;
  }
  const auto second = daemon_->Request("POST", "/api/v1/actions/start");
  EXPECT_EQ(second.status, 409);
  EXPECT_NE(second.body.find("\"running\":true"), std::string::npos)
      << second.body;
  EXPECT_NE(second.body.find("step 1 of 4"), std::string::npos) << second.body;

  deadline = std::chrono::steady_clock::now() + milliseconds(10000);
  while (std::chrono::steady_clock::now() < deadline) {
    status = daemon_->Request("GET", "/api/v1/actions/start").body;
    if (status.find("\"running\":false") != std::string::npos) break;
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_NE(status.find("\"exit_code\":0"), std::string::npos) << status;
  EXPECT_NE(status.find("step 4 of 4"), std::string::npos);
  EXPECT_NE(status.find("did 4 steps"), std::string::npos);
  // Finished: a new start is accepted again.
  EXPECT_EQ(daemon_->Request("POST", "/api/v1/actions/start").status, 202);
}

TEST_F(ActionsApiTest, AnActionThatThrowsAnythingEndsWithExitCode2) {
  Start(true, "{steps: 1, step_ms: 1, throws: 2}");
  EXPECT_EQ(daemon_->Request("POST", "/api/v1/actions/start").status, 202);
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(10000);
  std::string status;
  while (std::chrono::steady_clock::now() < deadline) {
    status = daemon_->Request("GET", "/api/v1/actions/start").body;
    if (status.find("\"running\":false") != std::string::npos) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_NE(status.find("\"exit_code\":2"), std::string::npos) << status;
  EXPECT_NE(status.find("the action plugin threw a non-standard exception"),
            std::string::npos)
      << status;
  // The daemon survived the throw.
  EXPECT_EQ(daemon_->Request("GET", "/api/v1/actions/start").status, 200);
}

TEST(ActionCommandTest, AnActionThatThrowsAnythingEndsWithExitCode2) {
  TempDir dir;
  const std::string plugins = dir.path() + "/plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(
      std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/stepping_action.so",
      plugins + "/stepping_action.so");
  for (const auto& [throws, message] :
       std::vector<std::pair<std::string, std::string>>{
           {"1", "start failed inside its plugin: step failed\n"},
           {"2",
            "start failed inside its plugin: a non-standard exception\n"}}) {
    const auto config =
        dir.Write("stackprobe.yml", ConfigText(1, plugins,
                                               R"(
actions:
  - {name: start, plugin: stepping_action, config: {steps: 1, step_ms: 1, throws: )" +
                                                   throws + "}}\n"));
    const auto outcome = RunToCompletion(
        {STACKPROBE_BINARY, "--config", config, "start"}, milliseconds(20000));
    EXPECT_EQ(outcome.exit_code, 2) << throws << ": " << outcome.err;
    EXPECT_NE(outcome.err.find(message), std::string::npos)
        << throws << ": " << outcome.err;
  }
}

TEST(ActionCommandTest, RunsAConfiguredActionFromTheCommandLine) {
  TempDir dir;
  const std::string plugins = dir.path() + "/plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(
      std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/stepping_action.so",
      plugins + "/stepping_action.so");
  const auto config = dir.Write("stackprobe.yml", ConfigText(1, plugins, R"(
actions:
  - {name: start, plugin: stepping_action, config: {steps: 2, step_ms: 1, exit_code: 1}}
)"));
  const auto outcome = RunToCompletion(
      {STACKPROBE_BINARY, "--config", config, "start", "--dry-run", "x"},
      milliseconds(20000));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.out, "did 2 steps with 2 arguments\n");
}

}  // namespace
}  // namespace stackprobe::testing
