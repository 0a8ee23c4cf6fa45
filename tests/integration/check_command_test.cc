// SPDX-License-Identifier: Apache-2.0
//
// `stackprobe check` (Nagios exit codes and output), `config check` and
// `plugins`, run as a user would.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "daemon_process.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

class CheckCommandTest : public ::testing::Test {
 protected:
  CheckCommandTest() {
    plugins_ = dir_.path() + "/plugins";
    std::filesystem::create_directories(plugins_);
    for (const char* name : {"good_probe", "flaky_probe"}) {
      std::filesystem::copy_file(
          std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/" + name + ".so",
          plugins_ + "/" + name + ".so");
    }
    state_file_ = dir_.Write("state", "up");
    config_ = dir_.Write("stackprobe.yml", ConfigText(1, plugins_, R"(
probes:
  - {name: good, plugin: good_probe}
  - name: target
    plugin: flaky_probe
    config: {state_file: ")" + state_file_ + R"("}
)"));
  }

  CommandOutcome Check(const std::string& state,
                       std::vector<std::string> extra = {"--nagios"}) {
    dir_.Write("state", state);
    std::vector<std::string> argv = {STACKPROBE_BINARY, "--config", config_,
                                     "check"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunToCompletion(argv, milliseconds(20000));
  }

  TempDir dir_;
  std::string plugins_;
  std::string state_file_;
  std::string config_;
};

TEST_F(CheckCommandTest, NagiosExitCodesFollowTheWorstState) {
  const auto ok = Check("up");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out.rfind("STACKPROBE OK - 2 of 2 probes up |", 0), 0u)
      << ok.out;
  EXPECT_NE(ok.out.find("'target_duration'="), std::string::npos);

  const auto warning = Check("degraded");
  EXPECT_EQ(warning.exit_code, 1);
  EXPECT_NE(warning.out.find("STACKPROBE WARNING - 1 of 2 probes up: target "
                             "degraded (none)"),
            std::string::npos)
      << warning.out;

  const auto critical = Check("down");
  EXPECT_EQ(critical.exit_code, 2);
  EXPECT_NE(critical.out.find("STACKPROBE CRITICAL - 1 of 2 probes up: target "
                              "down (refused)"),
            std::string::npos)
      << critical.out;

  const auto unknown = Check("error");
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_NE(unknown.out.find("STACKPROBE UNKNOWN"), std::string::npos);
}

TEST_F(CheckCommandTest, AnUnreadableConfigIsUnknown) {
  const auto outcome =
      RunToCompletion({STACKPROBE_BINARY, "--config",
                       dir_.path() + "/missing.yml", "check", "--nagios"},
                      milliseconds(20000));
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_NE(outcome.err.find("missing.yml: cannot read"), std::string::npos)
      << outcome.err;
}

TEST_F(CheckCommandTest, AMissingDefaultConfigSaysHowToNameOne) {
  if (geteuid() == 0 &&
      std::filesystem::exists("/etc/stackprobe/stackprobe.yml")) {
    GTEST_SKIP() << "this machine has a default config";
  }
  const std::vector<std::string> without_config = {
      "/usr/bin/env",      "-u",
      "STACKPROBE_CONFIG", "HOME=" + dir_.path(),
      "XDG_CONFIG_HOME=",  STACKPROBE_BINARY};
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"check"},
        std::vector<std::string>{"config", "check"}}) {
    auto argv = without_config;
    argv.insert(argv.end(), command.begin(), command.end());
    const auto outcome = RunToCompletion(argv, milliseconds(20000));
    EXPECT_EQ(outcome.exit_code, command[0] == "check" ? 3 : 1);
    for (const char* hint :
         {"stackprobe.yml: no config file there (the default for ",
          "name one with --config FILE", "examples/stackprobe.yml"}) {
      EXPECT_NE(outcome.err.find(hint), std::string::npos) << outcome.err;
    }
  }
}

TEST_F(CheckCommandTest, AnUnknownProbeListsTheConfiguredOnes) {
  const auto outcome = Check("up", {"nosuch"});
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_EQ(outcome.err,
            "unknown probe \"nosuch\"; the configured probes: "
            "good, target (" +
                config_ + ")\n");
}

TEST_F(CheckCommandTest, TheRefusalOfANeededPluginIsLogged) {
  std::filesystem::copy_file(
      std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/wrong_abi.so",
      plugins_ + "/wrong_abi.so");
  const auto config = dir_.Write("refused.yml", ConfigText(1, plugins_, R"(
probes:
  - {name: old, plugin: wrong_abi}
)"));
  const auto outcome = RunToCompletion(
      {STACKPROBE_BINARY, "--config", config, "check"}, milliseconds(20000));
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_NE(outcome.err.find("event=plugin_refused path=" + plugins_ +
                             "/wrong_abi.so reason=\"plugin ABI version 999"),
            std::string::npos)
      << outcome.err;
}

TEST_F(CheckCommandTest, JsonAndASubsetOfProbes) {
  const auto outcome = Check("down", {"--json", "target"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.out.find("\"name\": \"target\""), std::string::npos)
      << outcome.out;
  EXPECT_EQ(outcome.out.find("\"name\": \"good\""), std::string::npos);
}

TEST_F(CheckCommandTest, ConfigCheckValidatesPluginConfigsToo) {
  EXPECT_EQ(RunToCompletion({STACKPROBE_BINARY, "config", "check", config_},
                            milliseconds(20000))
                .exit_code,
            0);
  const auto bad = dir_.Write("bad.yml", ConfigText(1, plugins_, R"(
probes:
  - name: target
    plugin: flaky_probe
    config: {state_file: 42}
)"));
  const auto outcome = RunToCompletion(
      {STACKPROBE_BINARY, "config", "check", bad}, milliseconds(20000));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            bad + ": probes[0].config.state_file: expected a string, got 42\n");
}

TEST_F(CheckCommandTest, PluginsListsNameVersionAbiAndKind) {
  const auto outcome = RunToCompletion(
      {STACKPROBE_BINARY, "--config", config_, "plugins"}, milliseconds(20000));
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.out.find("flaky_probe"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("1.0.0"), std::string::npos);
  const auto schema = RunToCompletion({STACKPROBE_BINARY, "--config", config_,
                                       "plugins", "--schema", "flaky_probe"},
                                      milliseconds(20000));
  EXPECT_NE(schema.out.find("\"state_file\""), std::string::npos);
}

// One-shot commands load only the plugins the config names: another
// installed plugin is not opened (a world-writable one would be refused,
// and logged at debug level, if it were).
TEST_F(CheckCommandTest, AOneShotCheckOpensOnlyTheConfiguredPlugins) {
  const std::string unused = plugins_ + "/unused_probe.so";
  std::filesystem::copy_file(
      std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/good_probe.so", unused);
  std::filesystem::permissions(unused, std::filesystem::perms::all);
  const auto check = RunToCompletion({STACKPROBE_BINARY, "--log-level", "debug",
                                      "--config", config_, "check", "good"},
                                     milliseconds(20000));
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.err.find("unused_probe"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("event=probe_run"), std::string::npos)
      << "no debug log to look at: " << check.err;
  // The daemon's view (`plugins`) still sees and refuses it.
  const auto plugins =
      RunToCompletion({STACKPROBE_BINARY, "--plugin-dir", plugins_, "plugins"},
                      milliseconds(20000));
  EXPECT_NE(plugins.out.find("unused_probe"), std::string::npos)
      << plugins.out << plugins.err;
}

TEST_F(CheckCommandTest, PluginsSaysRefusedOncePerRefusedFile) {
  std::filesystem::copy_file(
      std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/wrong_abi.so",
      plugins_ + "/wrong_abi.so");
  const auto outcome = RunToCompletion(
      {STACKPROBE_BINARY, "--config", config_, "plugins"}, milliseconds(20000));
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.out.find("refused: " + plugins_ +
                             "/wrong_abi.so: plugin ABI version 999, this "
                             "stackprobe needs 2"),
            std::string::npos)
      << outcome.out;
}

}  // namespace
}  // namespace stackprobe::testing
