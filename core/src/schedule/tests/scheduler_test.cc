// SPDX-License-Identifier: Apache-2.0
#include "schedule/scheduler.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace stackprobe::schedule {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A vector of move-only probes (an initializer_list would copy).
template <typename... Probes>
std::vector<ScheduledProbe> List(Probes&&... probes) {
  std::vector<ScheduledProbe> list;
  (list.push_back(std::move(probes)), ...);
  return list;
}

// Loads the test plugins once per test.
class SchedulerTest : public ::testing::Test {
 protected:
  ScheduledProbe Make(const std::string& name, const std::string& plugin,
                      milliseconds interval, milliseconds timeout,
                      const std::string& config = "{}",
                      std::vector<std::string> depends_on = {}) {
    std::string why;
    auto loaded = loader_.LoadFile(
        std::string(STACKPROBE_TEST_PLUGIN_DIR) + "/" + plugin + ".so", why);
    EXPECT_NE(loaded, nullptr) << why;
    ScheduledProbe probe;
    probe.definition.name = name;
    probe.definition.plugin = plugin;
    probe.definition.depends_on = std::move(depends_on);
    probe.interval = interval;
    probe.timeout = timeout;
    std::string error;
    probe.object = loader::CreateInstance(*loaded, config, error);
    EXPECT_NE(probe.object, nullptr) << error;
    probe.allowed_reasons = loaded->allowed_reasons;
    return probe;
  }

  void DefineAll(const std::vector<ScheduledProbe>& probes) {
    std::vector<ProbeDefinition> definitions;
    for (const auto& probe : probes) definitions.push_back(probe.definition);
    store_.Define(definitions);
  }

  host::HostServices Services() {
    host::HostServices services;
    services.latest_result = [this](const std::string& name, ProbeRecord& out) {
      return store_.Latest(name, out);
    };
    return services;
  }

  std::unique_ptr<Scheduler> StartWith(std::vector<ScheduledProbe> probes,
                                       SchedulerOptions options = {}) {
    DefineAll(probes);
    options.first_run_spread = milliseconds(0);
    auto scheduler = std::make_unique<Scheduler>(std::move(probes), store_,
                                                 Services(), options);
    scheduler->Start();
    return scheduler;
  }

  // Polls until `predicate` holds or `limit` passes.
  template <typename Predicate>
  bool WaitFor(Predicate predicate, milliseconds limit = milliseconds(5000)) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      if (predicate()) return true;
      store_.WaitForChange(store_.Generation(), milliseconds(20));
    }
    return predicate();
  }

  ProbeRecord Latest(const std::string& name) {
    ProbeRecord record;
    store_.Latest(name, record);
    return record;
  }

  void WriteState(const std::string& word) {
    std::ofstream(state_file_) << word;
  }

  loader::PluginLoader loader_;
  ResultStore store_;
  std::string state_file_ =
      "/tmp/stackprobe-scheduler-state-" + std::to_string(::getpid());
};

TEST_F(SchedulerTest, RunsAProbeOnItsInterval) {
  auto scheduler = StartWith(
      List(Make("good", "good_probe", milliseconds(50), milliseconds(40))));
  EXPECT_TRUE(WaitFor([&] { return Latest("good").runs >= 3; }));
  const auto record = Latest("good");
  EXPECT_EQ(record.result.state, State::kUp);
  ASSERT_EQ(record.result.samples.size(), 1u);
  EXPECT_EQ(record.result.samples[0].name, "config_bytes");
}

TEST_F(SchedulerTest, ContainsAPluginThatThrows) {
  auto scheduler = StartWith(
      List(Make("bad", "throwing_run", milliseconds(50), milliseconds(40)),
           Make("good", "good_probe", milliseconds(50), milliseconds(40))));
  ASSERT_TRUE(WaitFor(
      [&] { return Latest("bad").runs >= 2 && Latest("good").runs >= 2; }));
  const auto bad = Latest("bad").result;
  EXPECT_EQ(bad.state, State::kError);
  EXPECT_EQ(bad.reason, "plugin_error");
  EXPECT_EQ(bad.message, "the plugin threw: index out of range in parser");
  EXPECT_EQ(Latest("good").result.state, State::kUp);
}

TEST_F(SchedulerTest, NeverRunsAProbeConcurrentlyWithItselfAndCountsSkips) {
  auto scheduler = StartWith(
      List(Make("slow", "slow_probe", milliseconds(10), milliseconds(300))));
  // The first run lasts its whole 300 ms timeout, so the due times at 10, 20,
  // ... ms all find it still going: each is counted, none starts a second run.
  ASSERT_TRUE(WaitFor(
      [&] { return store_.Snapshot()->probes[0].skipped_overruns >= 2; }));
  ASSERT_TRUE(WaitFor([&] { return Latest("slow").runs >= 1; }));
  EXPECT_EQ(Latest("slow").result.reason, "timeout");
  EXPECT_GE(store_.Snapshot()->probes[0].skipped_overruns, 5u);
}

TEST_F(SchedulerTest, BlocksADependantWhileItsDependencyIsDown) {
  WriteState("down");
  const std::string config = R"({"state_file":")" + state_file_ + R"("})";
  auto scheduler =
      StartWith(List(Make("database", "flaky_probe", milliseconds(30),
                          milliseconds(20), config),
                     Make("api", "good_probe", milliseconds(30),
                          milliseconds(20), "{}", {"database"})));
  ASSERT_TRUE(WaitFor([&] {
    return Latest("api").has_run &&
           Latest("api").result.state == State::kBlocked;
  }));
  EXPECT_EQ(Latest("api").result.reason, "dependency");
  EXPECT_EQ(Latest("api").result.message, "dependency database is down");
  WriteState("up");
  EXPECT_TRUE(
      WaitFor([&] { return Latest("api").result.state == State::kUp; }));
  std::remove(state_file_.c_str());
}

TEST_F(SchedulerTest, BacksOffWhileFailingAndResetsOnSuccess) {
  WriteState("down");
  const std::string config = R"({"state_file":")" + state_file_ + R"("})";
  SchedulerOptions options;
  options.max_backoff_factor = 4;
  auto scheduler =
      StartWith(List(Make("target", "flaky_probe", milliseconds(40),
                          milliseconds(20), config)),
                options);
  // Failing: runs at 0, 40, 120 (x2), then every 160 ms (x4 cap).
  ASSERT_TRUE(WaitFor([&] { return Latest("target").runs >= 4; }));
  const auto failing_start = Latest("target");
  ASSERT_TRUE(
      WaitFor([&] { return Latest("target").runs >= failing_start.runs + 3; }));
  const auto failing_end = Latest("target");
  const double failing_spacing =
      (failing_end.finished_at - failing_start.finished_at) / 3;
  EXPECT_GT(failing_spacing, 0.120) << "expected the capped 4x backoff";
  EXPECT_LT(failing_spacing, 0.400);

  WriteState("up");
  ASSERT_TRUE(
      WaitFor([&] { return Latest("target").result.state == State::kUp; }));
  const auto up_start = Latest("target");
  ASSERT_TRUE(
      WaitFor([&] { return Latest("target").runs >= up_start.runs + 4; }));
  const auto up_end = Latest("target");
  const double up_spacing = (up_end.finished_at - up_start.finished_at) / 4;
  EXPECT_LT(up_spacing, 0.100) << "backoff must reset on success";
  std::remove(state_file_.c_str());
}

TEST_F(SchedulerTest, StopsWithinOneSecondWhileARunHangs) {
  auto scheduler = StartWith(List(
      Make("slow", "slow_probe", milliseconds(60000), milliseconds(30000))));
  // Let the run start, then stop.
  std::this_thread::yield();
  const auto wait_until = Clock::now() + milliseconds(100);
  while (Clock::now() < wait_until) std::this_thread::yield();
  const auto before = Clock::now();
  scheduler->Stop();
  EXPECT_LT(Clock::now() - before, milliseconds(1000));
  EXPECT_FALSE(Latest("slow").has_run) << "a cancelled run is not a result";
}

TEST_F(SchedulerTest, RunNowReturnsAFreshResult) {
  auto scheduler = StartWith(List(
      Make("good", "good_probe", milliseconds(600000), milliseconds(1000))));
  ASSERT_TRUE(WaitFor([&] { return Latest("good").runs >= 1; }));
  ProbeRecord record;
  ASSERT_TRUE(scheduler->RunNow("good", std::nullopt, record));
  EXPECT_EQ(record.runs, 2u);
  EXPECT_FALSE(scheduler->RunNow("nope", std::nullopt, record));
}

TEST_F(SchedulerTest, AProbeWithoutAPluginReportsWhy) {
  ScheduledProbe probe;
  probe.definition.name = "orphan";
  probe.definition.plugin = "missing";
  probe.interval = milliseconds(50);
  probe.timeout = milliseconds(40);
  probe.unavailable_reason = "plugin missing is not loaded";
  std::vector<ScheduledProbe> probes;
  probes.push_back(std::move(probe));
  auto scheduler = StartWith(std::move(probes));
  ASSERT_TRUE(WaitFor([&] { return Latest("orphan").has_run; }));
  EXPECT_EQ(Latest("orphan").result.state, State::kError);
  EXPECT_EQ(Latest("orphan").result.message, "plugin missing is not loaded");
}

}  // namespace
}  // namespace stackprobe::schedule
