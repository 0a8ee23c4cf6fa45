// SPDX-License-Identifier: Apache-2.0
//
// The command line itself: global options before or after the command and
// in every --help, exit code 2 for every usage error, and what an unknown
// command or action name is answered with.
#include <gtest/gtest.h>

#include <filesystem>

#include "daemon_process.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

using std::chrono::milliseconds;

class CliGrammarTest : public ::testing::Test {
 protected:
  CliGrammarTest() {
    for (const char* name : {"good_probe", "flaky_probe", "stepping_action"}) {
      const std::string folder = dir_.path() + "/" + name;
      std::filesystem::create_directories(folder);
      std::filesystem::copy_file(
          std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/" + name + ".so",
          folder + "/" + name + ".so");
    }
    config_ = dir_.Write("stackprobe.yml", R"(
plugin_dirs: [good_probe, stepping_action]
probes:
  - {name: good, plugin: good_probe}
actions:
  - {name: quick, plugin: stepping_action, config: {steps: 1, step_ms: 1}}
)");
  }

  CommandOutcome Run(std::vector<std::string> args) {
    args.insert(args.begin(), STACKPROBE_BINARY);
    return RunToCompletion(args, milliseconds(20000));
  }

  TempDir dir_;
  std::string config_;
};

TEST_F(CliGrammarTest, GlobalOptionsMayFollowTheCommand) {
  const auto check = Run({"check", "--nagios", "--config", config_});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(check.out.rfind("STACKPROBE OK - 1 of 1 probes up", 0), 0u)
      << check.out;

  const auto config_check =
      Run({"config", "check", "--log-level", "error", "-c", config_});
  EXPECT_EQ(config_check.exit_code, 0) << config_check.err;
}

TEST_F(CliGrammarTest, PluginFoldersBeforeAndAfterTheCommandAreAllSearched) {
  const auto outcome = Run(
      {"--plugin-dir", dir_.path() + "/good_probe", "plugins", "--plugin-dir",
       dir_.path() + "/flaky_probe", "--config", dir_.path() + "/none.yml"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("good_probe"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("flaky_probe"), std::string::npos) << outcome.out;
}

TEST_F(CliGrammarTest, ActionCommandsTakeGlobalOptionsAndPassTheRestOn) {
  // --config is stackprobe's, not the action's: the plugin gets the two
  // other arguments.
  const auto outcome =
      Run({"action", "quick", "--config", config_, "--dry-run", "x"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "did 1 steps with 2 arguments\n");
}

TEST_F(CliGrammarTest, EveryHelpListsTheGlobalOptions) {
  const std::vector<std::vector<std::string>> commands = {
      {"serve"},           {"check"}, {"collect"}, {"plugins"}, {"config"},
      {"config", "check"}, {"start"}, {"doctor"},  {"action"}};
  for (auto command : commands) {
    command.push_back("--help");
    const auto help = Run(command);
    EXPECT_EQ(help.exit_code, 0) << command[0];
    for (const char* option :
         {"--config FILE", "--plugin-dir DIR", "--log-level LEVEL"}) {
      EXPECT_NE(help.out.find(option), std::string::npos)
          << command[0] << " --help lacks " << option << ":\n"
          << help.out;
    }
  }
}

TEST_F(CliGrammarTest, UsageErrorsExitTwo) {
  const std::vector<std::vector<std::string>> mistakes = {
      {"check", "--no-such-option"},  // unknown option
      {"check", "--config"},          // missing argument
      {"--log-level", "loud", "check"},
      {"config"},  // missing command
      {"plugins", "extra"},
  };
  for (const auto& mistake : mistakes) {
    const auto outcome = Run(mistake);
    EXPECT_EQ(outcome.exit_code, 2) << mistake.front() << " …";
    EXPECT_FALSE(outcome.err.empty());
  }
}

TEST_F(CliGrammarTest, AnUnknownCommandListsTheCommands) {
  const auto outcome = Run({"--config", config_, "chekc"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.err.find("unknown command \"chekc\"; the commands are: "
                             "serve check collect"),
            std::string::npos)
      << outcome.err;
}

TEST_F(CliGrammarTest, AnUnknownActionListsTheActionsThatExist) {
  const auto outcome = Run({"action", "start", "--config", config_});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.err.find("no action \"start\": configured actions: "
                             "quick; action plugins: "),
            std::string::npos)
      << outcome.err;
  EXPECT_NE(outcome.err.find("stepping_action"), std::string::npos);
  EXPECT_NE(outcome.err.find("; `stackprobe start` runs the starter plugin\n"),
            std::string::npos);
}

}  // namespace
}  // namespace stackprobe::testing
