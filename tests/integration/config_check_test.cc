// SPDX-License-Identifier: Apache-2.0
//
// `stackprobe config check`: every problem of a config in one run, the
// complete effective config with --print, and no silent "ok" for a config
// without probes.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "daemon_process.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

class ConfigCheckTest : public ::testing::Test {
 protected:
  ConfigCheckTest() {
    plugins_ = dir_.path() + "/plugins";
    std::filesystem::create_directories(plugins_);
    for (const char* name :
         {"good_probe", "flaky_probe", "stepping_action", "wrong_abi"}) {
      std::filesystem::copy_file(
          std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/" + name + ".so",
          plugins_ + "/" + name + ".so");
    }
  }

  CommandOutcome ConfigCheck(const std::string& config_text,
                             std::vector<std::string> extra = {}) {
    config_ = dir_.Write("stackprobe.yml",
                         "plugin_dirs: [\"" + plugins_ + "\"]\n" + config_text);
    std::vector<std::string> argv = {STACKPROBE_BINARY, "config", "check",
                                     config_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunToCompletion(argv, milliseconds(20000));
  }

  TempDir dir_;
  std::string plugins_;
  std::string config_;
};

TEST_F(ConfigCheckTest, PrintIsAllOfStdoutWithThePluginsDefaults) {
  const auto outcome = ConfigCheck(R"(
probes:
  - {name: good, plugin: good_probe}
actions:
  - {name: steps, plugin: stepping_action, config: {steps: 5}}
)",
                                   {"--print"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto printed = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(
      printed["actions"][0]["config"],
      nlohmann::json::parse(
          R"({"steps": 5, "step_ms": 100, "exit_code": 0, "throws": 0})"));
  EXPECT_EQ(printed["probes"][0]["interval"], "15s");
  EXPECT_NE(outcome.err.find("stackprobe.yml: ok (1 probes, 0 sinks, 1 "
                             "actions)"),
            std::string::npos)
      << outcome.err;
}

TEST_F(ConfigCheckTest, EveryProblemIsReportedInOneRun) {
  const auto outcome = ConfigCheck(R"(
probes:
  - {name: a, plugin: flaky_probe, config: {state_file: 42}}
  - {name: b, plugin: no_such_plugin}
  - {name: c, plugin: flaky_probe}
  - {name: d, plugin: good_probe}
actions:
  - {name: steps, plugin: stepping_action, config: {steps: "many"}}
)");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.out, "");
  for (const std::string& problem : std::vector<std::string>{
           ": probes[0].config.state_file: expected a string, got 42\n",
           ": probes[1].plugin: plugin \"no_such_plugin\" is not loaded\n"
           "  no no_such_plugin.so in: " +
               plugins_,
           ": probes[2].config: missing required key \"state_file\"\n",
           ": actions[0].config.steps: expected an integer, got \"many\"\n",
           "stackprobe.yml: 4 problems\n"}) {
    EXPECT_NE(outcome.err.find(problem), std::string::npos)
        << problem << "\nnot in:\n"
        << outcome.err;
  }
}

TEST_F(ConfigCheckTest, EveryUnknownDependencyIsReported) {
  const auto outcome = ConfigCheck(R"(
probes:
  - {name: a, plugin: good_probe, depends_on: [embedings]}
  - {name: b, plugin: good_probe, depends_on: [a, qdrnat]}
)");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            config_ +
                ": probes[0].depends_on[0]: expected the name of a configured "
                "probe, got \"embedings\"\n" +
                config_ +
                ": probes[1].depends_on[1]: expected the name of a configured "
                "probe, got \"qdrnat\"\n");
}

TEST_F(ConfigCheckTest, ARefusedPluginFileSaysWhy) {
  const auto outcome = ConfigCheck(R"(
probes:
  - {name: old, plugin: wrong_abi}
)");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find(": probes[0].plugin: plugin \"wrong_abi\" is not "
                             "loaded\n  refused " +
                             plugins_ +
                             "/wrong_abi.so: plugin ABI version 999, this "
                             "stackprobe needs 2"),
            std::string::npos)
      << outcome.err;
}

TEST_F(ConfigCheckTest, AProbeNameInAPluginConfigMustBeConfigured) {
  const std::string qdrant =
      std::string(STACKPROBE_BUILD_PLUGIN_DIR) + "/qdrant.so";
  if (!std::filesystem::exists(qdrant)) {
    GTEST_SKIP() << "SKIPPED: " << qdrant
                 << " is not built (STACKPROBE_FOLDER_FILTER)";
  }
  std::filesystem::copy_file(qdrant, plugins_ + "/qdrant.so");
  const auto outcome = ConfigCheck(R"(
probes:
  - name: qdrant
    plugin: qdrant
    config: {base_url: "http://127.0.0.1:6333", embeddings_probe: embedings}
)");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find(": probes[0].config: expected the name of a "
                             "configured probe, got \"embedings\""),
            std::string::npos)
      << outcome.err;
}

TEST_F(ConfigCheckTest, AConfigWithoutProbesOrActionsIsNotOk) {
  const auto outcome = ConfigCheck("probes: []\n");
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.out, "");
  EXPECT_NE(outcome.err.find("stackprobe.yml: no probes are configured"),
            std::string::npos)
      << outcome.err;
  EXPECT_NE(outcome.err.find("examples/stackprobe.yml"), std::string::npos);

  // Actions alone (a config for `stackprobe start`) are a config, but the
  // missing probes are still pointed out.
  const auto actions_only = ConfigCheck(R"(
probes: []
actions:
  - {name: steps, plugin: stepping_action}
)");
  EXPECT_EQ(actions_only.exit_code, 0) << actions_only.err;
  EXPECT_NE(actions_only.err.find("no probes are configured"),
            std::string::npos)
      << actions_only.err;
}

}  // namespace
}  // namespace stackprobe::testing
