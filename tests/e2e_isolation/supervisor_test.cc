// SPDX-License-Identifier: Apache-2.0
//
// The supervisor of `isolate: true` against real worker processes of the
// stackprobe binary running the crashing_probe test plugin.
#include "isolate/supervisor.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>

#include "daemon_process.h"

namespace stackprobe::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class SupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string folder = dir_.path() + "/plugins";
    std::filesystem::create_directories(folder);
    plugin_path_ = folder + "/crashing_probe.so";
    std::filesystem::copy_file(
        std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/crashing_probe.so",
        plugin_path_);
    state_file_ = dir_.Write("state", "fine");
    isolate::SupervisorOptions options;
    options.worker_executable = STACKPROBE_BINARY;
    options.plugin_path = plugin_path_;
    options.plugin = "crashing_probe";
    options.instance = "crashy";
    options.config_json = R"({"state_file":")" + state_file_ + R"("})";
    options.grace = milliseconds(300);
    supervisor_ = std::make_unique<isolate::ProbeSupervisor>(options);
  }

  void Say(const std::string& word) {
    std::ofstream(state_file_, std::ios::trunc) << word;
  }

  ProbeResult RunFor(milliseconds timeout) {
    return supervisor_->Run(Clock::now() + timeout, nullptr);
  }

  TempDir dir_;
  std::string plugin_path_;
  std::string state_file_;
  std::unique_ptr<isolate::ProbeSupervisor> supervisor_;
};

TEST_F(SupervisorTest, OneLongLivedWorkerServesEveryRun) {
  auto first = RunFor(milliseconds(5000));
  ASSERT_EQ(first.state, State::kUp) << first.message;
  const pid_t worker = supervisor_->WorkerPid();
  EXPECT_GT(worker, 0);
  EXPECT_NE(worker, ::getpid());
  auto second = RunFor(milliseconds(5000));
  ASSERT_EQ(second.state, State::kUp) << second.message;
  // The object was created once: its own run counter went on.
  ASSERT_EQ(second.samples.size(), 1u);
  EXPECT_EQ(second.samples[0].value, 2);
  EXPECT_EQ(supervisor_->WorkerPid(), worker);
  EXPECT_EQ(supervisor_->WorkersStarted(), 1u);
}

TEST_F(SupervisorTest, ASegfaultIsAPluginCrashNamingTheSignal) {
  Say("segfault");
  auto result = RunFor(milliseconds(5000));
  EXPECT_EQ(result.state, State::kError);
  EXPECT_EQ(result.reason, reason::kPluginCrash);
  EXPECT_NE(result.message.find("SIGSEGV"), std::string::npos)
      << result.message;
  EXPECT_EQ(supervisor_->WorkerPid(), -1);
  Say("fine");
  auto after = RunFor(milliseconds(5000));
  EXPECT_EQ(after.state, State::kUp) << after.message;
  EXPECT_EQ(supervisor_->WorkersStarted(), 2u);
}

TEST_F(SupervisorTest, AnAbortIsAPluginCrashNamingTheSignal) {
  Say("abort");
  auto result = RunFor(milliseconds(5000));
  EXPECT_EQ(result.reason, reason::kPluginCrash);
  EXPECT_NE(result.message.find("SIGABRT"), std::string::npos)
      << result.message;
}

TEST_F(SupervisorTest, AnInfiniteLoopIsKilledAtTheDeadlinePlusGrace) {
  ASSERT_EQ(RunFor(milliseconds(5000)).state, State::kUp);
  const pid_t worker = supervisor_->WorkerPid();
  Say("loop");
  const auto started = Clock::now();
  auto result = RunFor(milliseconds(300));
  const auto took = Clock::now() - started;
  EXPECT_EQ(result.state, State::kError);
  EXPECT_EQ(result.reason, reason::kTimeout) << result.message;
  EXPECT_GE(took, milliseconds(550));
  EXPECT_LT(took, milliseconds(3000));
  // The looping worker is gone, not left spinning.
  EXPECT_EQ(::kill(worker, 0), -1);
  Say("fine");
  EXPECT_EQ(RunFor(milliseconds(5000)).state, State::kUp);
}

TEST_F(SupervisorTest, CancellationEndsARunAtOnce) {
  Say("loop");
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    // Cancel once the worker is busy looping (it exists and has the request).
    const auto until = Clock::now() + milliseconds(5000);
    while (supervisor_->WorkerPid() < 0 && Clock::now() < until) {
      std::this_thread::yield();
    }
    cancelled = true;
  });
  const auto started = Clock::now();
  auto result =
      supervisor_->Run(Clock::now() + milliseconds(30000), &cancelled);
  canceller.join();
  EXPECT_EQ(result.reason, reason::kTimeout);
  EXPECT_LT(Clock::now() - started, milliseconds(3000));
}

TEST_F(SupervisorTest, AWorkerKilledBetweenRunsIsReplaced) {
  ASSERT_EQ(RunFor(milliseconds(5000)).state, State::kUp);
  const pid_t worker = supervisor_->WorkerPid();
  ASSERT_EQ(::kill(worker, SIGKILL), 0);
  auto result = RunFor(milliseconds(5000));
  // Either the dead worker is noticed on send and replaced, or its death is
  // reported once; the run after that works in any case.
  if (result.state != State::kUp) {
    EXPECT_EQ(result.reason, reason::kPluginCrash) << result.message;
    result = RunFor(milliseconds(5000));
  }
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_NE(supervisor_->WorkerPid(), worker);
}

TEST_F(SupervisorTest, TheWorkerAppliesTheLoadersTrustChecks) {
  std::filesystem::permissions(plugin_path_,
                               std::filesystem::perms::group_write |
                                   std::filesystem::perms::others_write,
                               std::filesystem::perm_options::add);
  auto result = RunFor(milliseconds(5000));
  EXPECT_EQ(result.state, State::kError);
  EXPECT_EQ(result.reason, reason::kPluginError);
  EXPECT_NE(result.message.find("refused"), std::string::npos)
      << result.message;
}

TEST_F(SupervisorTest, AMissingWorkerBinaryIsAPluginError) {
  isolate::SupervisorOptions options;
  options.worker_executable = dir_.path() + "/no-such-binary";
  options.plugin_path = plugin_path_;
  options.plugin = "crashing_probe";
  options.instance = "x";
  isolate::ProbeSupervisor supervisor(options);
  auto result = supervisor.Run(Clock::now() + milliseconds(2000), nullptr);
  EXPECT_EQ(result.state, State::kError);
  EXPECT_NE(result.reason, reason::kNone);
}

TEST(SignalNameTest, NamesCommonSignals) {
  EXPECT_EQ(isolate::SignalName(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(isolate::SignalName(SIGABRT), "SIGABRT");
  EXPECT_EQ(isolate::SignalName(SIGKILL), "SIGKILL");
}

}  // namespace
}  // namespace stackprobe::testing
