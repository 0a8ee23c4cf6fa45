// SPDX-License-Identifier: Apache-2.0
#include "host/command_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace stackprobe::host {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// A fresh folder under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/stackprobe-cmd-XXXXXX";
    if (::mkdtemp(name) == nullptr) std::abort();
    path_ = name;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The binaries these tests run come from coreutils and dash, which every
// Debian has; a missing one is a failure, not a skip.
const std::string kSystemPath = "PATH=/usr/local/bin:/usr/bin:/bin";

CommandRequest Command(std::vector<std::string> argv) {
  CommandRequest request;
  request.argv = std::move(argv);
  request.env = {kSystemPath};
  return request;
}

Clock::time_point In(std::chrono::milliseconds ms) { return Clock::now() + ms; }

TEST(CommandRunnerTest, ReportsExitCodeAndOutput) {
  CommandResult result = RunCommand(
      Command({"sh", "-c", "echo out; echo err >&2; exit 3"}), In(5s));
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.term_signal, 0);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.stdout_data, "out\n");
  EXPECT_EQ(result.stderr_data, "err\n");
  EXPECT_GT(result.duration_seconds, 0);
  EXPECT_LT(result.duration_seconds, 5);
}

TEST(CommandRunnerTest, ArgumentsAreNotInterpretedByAShell) {
  CommandResult result =
      RunCommand(Command({"echo", "$HOME", "a;b", "`x`"}), In(5s));
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_EQ(result.stdout_data, "$HOME a;b `x`\n");
}

TEST(CommandRunnerTest, OutputIsCappedAndTheChildStillFinishes) {
  // 4 MiB on each stream: more than a pipe buffer, so a runner that stopped
  // reading at the cap would leave the child blocked until the timeout.
  CommandRequest request = Command(
      {"sh", "-c",
       "head -c 4194304 /dev/zero; head -c 4194304 /dev/zero >&2; exit 0"});
  request.max_output_bytes = 1000;
  CommandResult result = RunCommand(request, In(10s));
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.stdout_data.size(), 1000u);
  EXPECT_EQ(result.stderr_data.size(), 1000u);
}

TEST(CommandRunnerTest, TimeoutKillsTheProcessGroup) {
  CommandRequest request = Command({"sleep", "30"});
  request.timeout = 300ms;
  Clock::time_point start = Clock::now();
  CommandResult result = RunCommand(request, In(10s));
  auto took = Clock::now() - start;
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.term_signal, SIGTERM);
  EXPECT_EQ(result.exit_code, -1);
  EXPECT_THAT(result.error, HasSubstr("timed out"));
  EXPECT_LT(took, 1500ms);
}

TEST(CommandRunnerTest, ChildIgnoringSigtermIsKilledAfterTheGrace) {
  CommandRequest request =
      Command({"sh", "-c", "trap '' TERM; echo ready; sleep 30"});
  Clock::time_point start = Clock::now();
  CommandResult result = RunCommand(request, In(300ms));
  auto took = Clock::now() - start;
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.term_signal, SIGKILL);
  EXPECT_EQ(result.stdout_data, "ready\n");
  EXPECT_GE(took, 1200ms);
  EXPECT_LT(took, 2500ms);
}

TEST(CommandRunnerTest, DeadlineBoundsTheCommandWithoutATimeout) {
  CommandRequest request = Command({"sleep", "30"});
  Clock::time_point start = Clock::now();
  CommandResult result = RunCommand(request, In(200ms));
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(Clock::now() - start, 1500ms);
}

TEST(CommandRunnerTest, CancellationStopsTheCommand) {
  TempDir folder;
  std::string marker = folder.path() + "/started";
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    Clock::time_point give_up = Clock::now() + 5s;
    while (::access(marker.c_str(), F_OK) != 0 && Clock::now() < give_up) {
      std::this_thread::yield();
    }
    cancelled = true;
  });
  Clock::time_point start = Clock::now();
  CommandResult result =
      RunCommand(Command({"sh", "-c", "touch \"$0\"; sleep 30", marker}),
                 In(10s), &cancelled);
  canceller.join();
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.error, "cancelled");
  EXPECT_NE(result.term_signal, 0);
  EXPECT_LT(Clock::now() - start, 1500ms);
}

TEST(CommandRunnerTest, AlreadyCancelledStartsNothing) {
  std::atomic<bool> cancelled{true};
  CommandResult result = RunCommand(Command({"true"}), In(5s), &cancelled);
  EXPECT_FALSE(result.started);
  EXPECT_EQ(result.error, "cancelled");
}

TEST(CommandRunnerTest, LooksUpArgv0InTheRequestPath) {
  TempDir tools;
  std::string tool = tools.path() + "/probe-tool";
  {
    std::ofstream script(tool);
    script << "#!/bin/sh\necho \"tool $1\"\n";
  }
  ::chmod(tool.c_str(), 0755);
  CommandRequest request = Command({"probe-tool", "ran"});
  request.env = {"PATH=/nonexistent:" + tools.path()};
  CommandResult result = RunCommand(request, In(5s));
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_EQ(result.stdout_data, "tool ran\n");

  // The host's own PATH does not know the tool.
  ::setenv("PATH", ("/usr/bin:/bin:" + tools.path()).c_str(), 1);
  CommandRequest inherited = Command({"probe-tool"});
  inherited.env = {"PATH=/usr/bin:/bin"};
  inherited.inherit_env = true;
  CommandResult not_found = RunCommand(inherited, In(5s));
  ::setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
  EXPECT_FALSE(not_found.started);
}

TEST(CommandRunnerTest, MissingProgramSaysWhereItLooked) {
  CommandRequest request = Command({"podman", "ps"});
  request.env = {"PATH=/a:/b"};
  CommandResult result = RunCommand(request, In(5s));
  EXPECT_FALSE(result.started);
  EXPECT_EQ(result.exit_code, -1);
  EXPECT_EQ(result.error, "podman: not found in PATH /a:/b");
}

TEST(CommandRunnerTest, ExplicitPathThatCannotRunIsNotStarted) {
  CommandResult result = RunCommand(Command({"/nonexistent/tool"}), In(5s));
  EXPECT_FALSE(result.started);
  EXPECT_THAT(result.error, HasSubstr("/nonexistent/tool"));
  EXPECT_THAT(result.error, HasSubstr("No such file"));
}

TEST(CommandRunnerTest, EnvironmentIsInheritedOnlyWhenAsked) {
  ::setenv("STACKPROBE_TEST_MARKER", "from-host", 1);
  CommandRequest request = Command({"env"});
  request.env.push_back("OWN=1");
  CommandResult isolated = RunCommand(request, In(5s));
  request.inherit_env = true;
  request.env.push_back("STACKPROBE_TEST_MARKER=overridden");
  CommandResult inherited = RunCommand(request, In(5s));
  ::unsetenv("STACKPROBE_TEST_MARKER");
  EXPECT_EQ(isolated.stdout_data, kSystemPath + "\nOWN=1\n");
  EXPECT_THAT(inherited.stdout_data,
              HasSubstr("STACKPROBE_TEST_MARKER=overridden\n"));
  EXPECT_THAT(inherited.stdout_data, ::testing::Not(HasSubstr("from-host")));
  EXPECT_THAT(inherited.stdout_data, HasSubstr("OWN=1\n"));
}

TEST(CommandRunnerTest, RunsInTheWorkingDirectory) {
  TempDir folder;
  CommandRequest request = Command({"pwd"});
  request.working_dir = folder.path();
  CommandResult result = RunCommand(request, In(5s));
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_EQ(result.stdout_data, folder.path() + "\n");
  request.working_dir = folder.path() + "/missing";
  CommandResult missing = RunCommand(request, In(5s));
  EXPECT_FALSE(missing.started);
  EXPECT_THAT(missing.error, HasSubstr("missing"));
}

TEST(CommandRunnerTest, ChildSeesOnlyTheStandardFds) {
  // An fd without O_CLOEXEC, as another thread of the host might hold.
  int leaky = ::dup(0);
  ASSERT_GE(leaky, 3);
  CommandResult result = RunCommand(Command({"ls", "/proc/self/fd"}), In(5s));
  ::close(leaky);
  ASSERT_TRUE(result.started) << result.error;
  // ls itself opens one fd for the listing: 0, 1, 2 and that one.
  EXPECT_EQ(result.stdout_data, "0\n1\n2\n3\n");
}

TEST(CommandRunnerTest, StdinDataIsWritten) {
  CommandRequest request = Command({"cat"});
  request.stdin_data = std::string(200000, 'x') + "end";
  CommandResult result = RunCommand(request, In(5s));
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_EQ(result.stdout_data, request.stdin_data);
}

TEST(CommandRunnerTest, ChildClosingStdinEarlyDoesNotKillTheHost) {
  CommandRequest request = Command({"true"});
  request.stdin_data = std::string(1 << 20, 'x');
  CommandResult result = RunCommand(request, In(5s));
  ASSERT_TRUE(result.started) << result.error;
  EXPECT_EQ(result.exit_code, 0);
}

TEST(CommandRunnerTest, BackgroundChildHoldingOutputDoesNotBlock) {
  CommandRequest request = Command({"sh", "-c", "sleep 30 & echo done"});
  Clock::time_point start = Clock::now();
  CommandResult result = RunCommand(request, In(10s));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.stdout_data, "done\n");
  EXPECT_FALSE(result.timed_out);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(CommandRunnerTest, FindInPathSkipsRelativeAndNonExecutableEntries) {
  TempDir folder;
  std::string plain = folder.path() + "/plain";
  std::ofstream(plain) << "data";
  ::chmod(plain.c_str(), 0644);
  EXPECT_EQ(FindInPath("plain", folder.path()), "");
  EXPECT_EQ(FindInPath("sh", "relative:/bin"), "/bin/sh");
  EXPECT_EQ(FindInPath("sh", ""), "");
}

}  // namespace
}  // namespace stackprobe::host
