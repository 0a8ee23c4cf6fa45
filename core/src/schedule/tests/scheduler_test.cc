// SPDX-License-Identifier: Apache-2.0
//
// Every test runs the scheduler on a ManualClock: time moves only when the
// test advances it, and only once the scheduler's timer is asleep again, so
// due times, skips and backoff are checked exactly, whatever the load. Runs
// that must last "long" are held by an in-process probe until the test lets
// them go. Nothing here sleeps; waits are bounded polls on real time that
// end as soon as what they wait for has happened.
#include "schedule/scheduler.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <future>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "schedule/run_phase.h"

namespace stackprobe::schedule {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using RealClock = std::chrono::steady_clock;

// Real-time bound of a wait for something that happens at once unless the
// scheduler is broken; generous so a loaded machine only makes tests slower.
constexpr milliseconds kLimit{10000};

// A vector of move-only probes (an initializer_list would copy).
template <typename... Probes>
std::vector<ScheduledProbe> List(Probes&&... probes) {
  std::vector<ScheduledProbe> list;
  (list.push_back(std::move(probes)), ...);
  return list;
}

// What the runs of a held probe look like, and the latch that holds them.
// Shared by the test and the probe object, which the scheduler owns and may
// keep beyond the test body when it leaves a run behind.
struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;  // runs return at once while open
  bool honour_cancellation = true;
  int running = 0;
  int max_running = 0;
  int entered = 0;
  int returned = 0;
  bool saw_cancellation = false;
  bool destroyed = false;          // the probe object is gone
  RealClock::time_point deadline;  // of the newest run

  void Open() {
    std::lock_guard<std::mutex> lock(mutex);
    open = true;
    changed.notify_all();
  }

  // Waits (at most kLimit of real time) until `predicate` holds under the
  // gate's lock.
  template <typename Predicate>
  bool WaitFor(Predicate predicate) {
    std::unique_lock<std::mutex> lock(mutex);
    return changed.wait_for(lock, kLimit, predicate);
  }

  // Reads a field under the gate's lock.
  template <typename Field>
  Field Read(const Field& field) {
    std::lock_guard<std::mutex> lock(mutex);
    return field;
  }
};

// Runs until its gate opens, the host cancels (if it honours that) or its
// real deadline passes, and reports everything to the gate.
class HeldProbe final : public Probe {
 public:
  explicit HeldProbe(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
  ~HeldProbe() override {
    std::lock_guard<std::mutex> lock(gate_->mutex);
    gate_->destroyed = true;
    gate_->changed.notify_all();
  }
  HeldProbe(const HeldProbe&) = delete;
  HeldProbe& operator=(const HeldProbe&) = delete;

  ProbeResult Run(ProbeContext& context) override {
    std::unique_lock<std::mutex> lock(gate_->mutex);
    ++gate_->entered;
    ++gate_->running;
    gate_->max_running = std::max(gate_->max_running, gate_->running);
    gate_->deadline = context.Deadline();
    gate_->changed.notify_all();
    bool cancelled = false;
    while (!gate_->open && RealClock::now() < context.Deadline()) {
      if (gate_->honour_cancellation && context.Cancelled()) {
        cancelled = true;
        break;
      }
      // The plugin contract has no cancellation callback: a well-behaved
      // plugin polls Cancelled(). This is the plugin's poll, not the test
      // waiting for time to pass; opening the gate ends it at once.
      gate_->changed.wait_for(lock, milliseconds(1));
    }
    gate_->saw_cancellation = gate_->saw_cancellation || cancelled;
    --gate_->running;
    ++gate_->returned;
    gate_->changed.notify_all();
    if (gate_->open) {
      return MakeResult(State::kUp, reason::kNone, "released");
    }
    return MakeResult(State::kDown, reason::kTimeout,
                      cancelled ? "cancelled" : "deadline passed");
  }

 private:
  std::shared_ptr<Gate> gate_;
};

// Lets loader::PluginObject delete a HeldProbe: immutable, like a plugin's.
const PluginDescriptor kHeldProbeDescriptor{kAbiVersion,
                                            STACKPROBE_TOOLCHAIN_ID,
                                            "held_probe",
                                            "1.0.0",
                                            "Held until the test lets go.",
                                            "{}",
                                            PluginKind::kProbe,
                                            nullptr,
                                            nullptr,
                                            &detail::DestroyPlugin};

class SchedulerTest : public ::testing::Test {
 protected:
  // A probe of one of the test plugins (tests/plugins).
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

  // An in-process probe whose runs `gate` holds.
  static ScheduledProbe Held(const std::string& name,
                             std::shared_ptr<Gate> gate, milliseconds interval,
                             milliseconds timeout) {
    ScheduledProbe probe;
    probe.definition.name = name;
    probe.definition.plugin = "held_probe";
    probe.interval = interval;
    probe.timeout = timeout;
    probe.object =
        loader::PluginObject(new HeldProbe(std::move(gate)),
                             loader::PluginDeleter(&kHeldProbeDescriptor));
    probe.allowed_reasons = loader::CoreReasons();
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

  // Starts a scheduler on clock_ at start_ and returns once its timer sleeps
  // (the probes due at once have been handed to workers by then).
  std::unique_ptr<Scheduler> StartWith(
      std::vector<ScheduledProbe> probes, SchedulerOptions options = {},
      bool spread_phases = false,
      milliseconds dispatch_quantum = milliseconds(0)) {
    DefineAll(probes);
    options.spread_phases = spread_phases;
    options.dispatch_quantum = dispatch_quantum;
    options.clock = clock_;
    auto scheduler = std::make_unique<Scheduler>(std::move(probes), store_,
                                                 Services(), options);
    scheduler->Start();
    EXPECT_TRUE(clock_->WaitForSleepers(1, kLimit)) << "the timer never slept";
    return scheduler;
  }

  // Moves simulated time by `step`, then waits for the timer to have handled
  // everything due by then and to sleep again.
  bool Advance(Clock::Duration step) {
    clock_->Advance(step);
    return clock_->WaitForSleepers(1, kLimit);
  }

  // Advance() to `offset` after the start.
  bool AdvanceTo(milliseconds offset) {
    return Advance(start_ + offset - clock_->Now());
  }

  // When the timer wakes next, in milliseconds after the start; -1 when it
  // does not sleep.
  long long NextWakeupOffset() const {
    const auto next = clock_->NextWakeup();
    if (!next) return -1;
    return std::chrono::duration_cast<milliseconds>(*next - start_).count();
  }

  // Checks that the timer sleeps until exactly `offset` after the start,
  // that nothing runs a millisecond before, and that `probe` has made its
  // run number `run` when the clock gets there.
  void ExpectRunAt(const std::string& probe, long long offset,
                   std::uint64_t run) {
    ASSERT_EQ(NextWakeupOffset(), offset) << "before run " << run;
    ASSERT_TRUE(AdvanceTo(milliseconds(offset - 1)));
    EXPECT_EQ(Latest(probe).runs, run - 1) << "run " << run << " came early";
    ASSERT_EQ(NextWakeupOffset(), offset);
    ASSERT_TRUE(AdvanceTo(milliseconds(offset)));
    ASSERT_TRUE(WaitFor([&] { return Latest(probe).runs >= run; }))
        << "run " << run << " at " << offset << " ms never came";
    EXPECT_EQ(Latest(probe).runs, run);
  }

  // Polls the store until `predicate` holds or kLimit of real time passes.
  template <typename Predicate>
  bool WaitFor(Predicate predicate) {
    const auto deadline = RealClock::now() + kLimit;
    while (true) {
      const auto seen = store_.Generation();
      if (predicate()) return true;
      const auto now = RealClock::now();
      if (now >= deadline) return false;
      store_.WaitForChange(
          seen,
          std::min(milliseconds(100),
                   std::chrono::duration_cast<milliseconds>(deadline - now)));
    }
  }

  ProbeRecord Latest(const std::string& name) {
    ProbeRecord record;
    store_.Latest(name, record);
    return record;
  }

  void ExpectRunsInOrder(
      std::vector<std::tuple<milliseconds, std::string, std::uint64_t>> runs);

  std::uint64_t Skipped(const std::string& name) {
    for (const auto& status : store_.Snapshot()->probes) {
      if (status.record.probe == name) return status.skipped_overruns;
    }
    return 0;
  }

  void WriteState(const std::string& word) {
    std::ofstream(state_file_) << word;
  }

  void TearDown() override { std::remove(state_file_.c_str()); }

  loader::PluginLoader loader_;
  ResultStore store_;
  // Far from the real steady time, so a value taken from the wrong clock
  // shows.
  const Clock::TimePoint start_ = Clock::TimePoint{} + hours(1);
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(start_);
  std::string state_file_ =
      "/tmp/stackprobe-scheduler-state-" + std::to_string(::getpid());
};

TEST_F(SchedulerTest, RunsAProbeOnItsInterval) {
  auto scheduler = StartWith(
      List(Make("good", "good_probe", milliseconds(50), milliseconds(40))));
  ASSERT_TRUE(WaitFor([&] { return Latest("good").runs >= 1; }));
  ExpectRunAt("good", 50, 2);
  ExpectRunAt("good", 100, 3);
  ExpectRunAt("good", 150, 4);
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
      [&] { return Latest("bad").runs >= 1 && Latest("good").runs >= 1; }));
  ASSERT_TRUE(AdvanceTo(milliseconds(50)));
  ASSERT_TRUE(WaitFor(
      [&] { return Latest("bad").runs >= 2 && Latest("good").runs >= 2; }));
  EXPECT_EQ(Latest("bad").runs, 2u);
  EXPECT_EQ(Latest("good").runs, 2u);
  const auto bad = Latest("bad").result;
  EXPECT_EQ(bad.state, State::kError);
  EXPECT_EQ(bad.reason, "plugin_error");
  EXPECT_EQ(bad.message, "the plugin threw: index out of range in parser");
  EXPECT_EQ(Latest("good").result.state, State::kUp);
}

TEST_F(SchedulerTest, NeverRunsAProbeConcurrentlyWithItselfAndCountsSkips) {
  constexpr int kIntervalsHeld = 25;
  auto gate = std::make_shared<Gate>();
  auto scheduler = StartWith(
      List(Held("slow", gate, milliseconds(10), milliseconds(60000))));
  ASSERT_TRUE(gate->WaitFor([&] { return gate->entered == 1; }));
  // The first run is held, so every due time finds it still going: each is
  // counted, none starts a second run.
  for (int due = 1; due <= kIntervalsHeld; ++due) {
    ASSERT_TRUE(AdvanceTo(milliseconds(10 * due)));
    ASSERT_EQ(Skipped("slow"), static_cast<std::uint64_t>(due));
  }
  EXPECT_EQ(gate->Read(gate->entered), 1);
  EXPECT_FALSE(Latest("slow").has_run);

  gate->Open();
  ASSERT_TRUE(WaitFor([&] { return Latest("slow").runs >= 1; }));
  EXPECT_EQ(Latest("slow").result.message, "released");
  // Finished, the probe runs again at its next due time, not as a skip.
  ExpectRunAt("slow", 10 * (kIntervalsHeld + 1), 2);
  EXPECT_EQ(Skipped("slow"), static_cast<std::uint64_t>(kIntervalsHeld));
  EXPECT_EQ(gate->Read(gate->entered), 2);
  EXPECT_EQ(gate->Read(gate->max_running), 1);
}

TEST_F(SchedulerTest, DoesNotReplayRunsMissedWhileTimeJumped) {
  auto scheduler = StartWith(
      List(Make("good", "good_probe", milliseconds(10), milliseconds(40))));
  ASSERT_TRUE(WaitFor([&] { return Latest("good").runs >= 1; }));
  // A hundred intervals at once (a suspended machine): one run, then the
  // schedule restarts from now.
  ASSERT_TRUE(AdvanceTo(milliseconds(1000)));
  ASSERT_TRUE(WaitFor([&] { return Latest("good").runs >= 2; }));
  EXPECT_EQ(NextWakeupOffset(), 1010);
  EXPECT_EQ(Latest("good").runs, 2u);
  EXPECT_EQ(Skipped("good"), 0u);
}

TEST_F(SchedulerTest,
       ADependantStillRunsAndIsReportedBlockedByItsDownDependency) {
  WriteState("down");
  const std::string config = R"({"state_file":")" + state_file_ + R"("})";
  auto scheduler =
      StartWith(List(Make("database", "flaky_probe", milliseconds(30),
                          milliseconds(20), config),
                     Make("api", "good_probe", milliseconds(30),
                          milliseconds(20), "{}", {"database"})));
  auto round = [&](std::uint64_t runs) {
    return WaitFor([&] {
      return Latest("database").runs >= runs && Latest("api").runs >= runs;
    });
  };
  ASSERT_TRUE(round(1));
  ASSERT_TRUE(AdvanceTo(milliseconds(30)));
  ASSERT_TRUE(round(2));
  // The dependant's own answer is kept; being blocked is a separate fact.
  EXPECT_EQ(Latest("api").result.state, State::kUp);
  EXPECT_EQ(store_.BlockedBy("api"), "database");
  EXPECT_EQ(store_.BlockedBy("database"), "");
  const auto snapshot = store_.Snapshot();
  ASSERT_EQ(snapshot->probes.size(), 2u);
  EXPECT_EQ(snapshot->probes[0].record.probe, "api");
  EXPECT_EQ(snapshot->probes[0].blocked_by, "database");

  WriteState("up");
  ASSERT_TRUE(AdvanceTo(milliseconds(60)));
  ASSERT_TRUE(round(3));
  EXPECT_EQ(Latest("database").result.state, State::kUp);
  EXPECT_EQ(store_.BlockedBy("api"), "");
  EXPECT_EQ(store_.Snapshot()->probes[0].blocked_by, "");
}

TEST_F(SchedulerTest, BlockedPropagatesAlongAChainOfDependencies) {
  WriteState("down");
  const std::string config = R"({"state_file":")" + state_file_ + R"("})";
  auto scheduler =
      StartWith(List(Make("database", "flaky_probe", milliseconds(30),
                          milliseconds(20), config),
                     Make("api", "good_probe", milliseconds(30),
                          milliseconds(20), "{}", {"database"}),
                     Make("frontend", "good_probe", milliseconds(30),
                          milliseconds(20), "{}", {"api"})));
  ASSERT_TRUE(WaitFor([&] {
    return Latest("database").runs >= 1 && Latest("api").runs >= 1 &&
           Latest("frontend").runs >= 1;
  }));
  // The frontend's dependency is up, but blocked itself: the frontend is
  // blocked by it, so an alert on the frontend is suppressed too.
  EXPECT_EQ(Latest("api").result.state, State::kUp);
  EXPECT_EQ(store_.BlockedBy("frontend"), "api");
}

TEST_F(SchedulerTest, AProbeThatAsksIsNotRunWhileBlocked) {
  WriteState("down");
  const std::string config = R"({"state_file":")" + state_file_ + R"("})";
  auto careful = Make("api", "good_probe", milliseconds(30), milliseconds(20),
                      "{}", {"database"});
  careful.skip_while_blocked = true;
  std::vector<ScheduledProbe> probes;
  probes.push_back(Make("database", "flaky_probe", milliseconds(30),
                        milliseconds(20), config));
  probes.push_back(std::move(careful));
  auto scheduler = StartWith(std::move(probes));
  auto round = [&](std::uint64_t runs) {
    return WaitFor([&] {
      return Latest("database").runs >= runs && Latest("api").runs >= runs;
    });
  };
  // Both run at once at first, so the dependant may not know yet; from the
  // second round on the dependency's result is in before the dependant runs.
  ASSERT_TRUE(round(1));
  ASSERT_TRUE(AdvanceTo(milliseconds(30)));
  ASSERT_TRUE(round(2));
  EXPECT_EQ(Latest("api").result.state, State::kBlocked);
  EXPECT_EQ(Latest("api").result.reason, "dependency");
  EXPECT_EQ(Latest("api").result.message,
            "not run: dependency database is down or blocked");

  WriteState("up");
  ASSERT_TRUE(AdvanceTo(milliseconds(60)));
  ASSERT_TRUE(round(3));
  EXPECT_EQ(Latest("database").result.state, State::kUp);
  // The dependency's next run is backed off to 120 ms; the dependant's at
  // 90 ms finds it up.
  ASSERT_TRUE(AdvanceTo(milliseconds(90)));
  ASSERT_TRUE(WaitFor([&] { return Latest("api").runs >= 4; }));
  EXPECT_EQ(Latest("database").runs, 3u);
  EXPECT_EQ(Latest("api").result.state, State::kUp);
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
  ASSERT_TRUE(WaitFor([&] { return Latest("target").runs >= 1; }));
  // The gap after a run is set when that run starts, from the failures
  // before it: 40 (0 failures), 40 (1), 80 (2: x2), 160 (3: x4), 160 (4:
  // x8 capped at x4).
  ExpectRunAt("target", 40, 2);
  ExpectRunAt("target", 80, 3);
  ExpectRunAt("target", 160, 4);
  ExpectRunAt("target", 320, 5);
  ExpectRunAt("target", 480, 6);
  EXPECT_EQ(Latest("target").result.state, State::kDown);

  WriteState("up");
  ExpectRunAt("target", 640, 7);  // set by run 6, still failing
  EXPECT_EQ(Latest("target").result.state, State::kUp);
  ExpectRunAt("target", 800, 8);  // set by run 7: 6 failures before it
  ExpectRunAt("target", 840, 9);  // reset by the success
  ExpectRunAt("target", 880, 10);
  EXPECT_EQ(Latest("target").result.state, State::kUp);
}

TEST_F(SchedulerTest, CapsBackoffAtMaxBackoff) {
  WriteState("down");
  const std::string config = R"({"state_file":")" + state_file_ + R"("})";
  SchedulerOptions options;
  options.max_backoff_factor = 4;
  options.max_backoff = milliseconds(100);
  auto scheduler =
      StartWith(List(Make("target", "flaky_probe", milliseconds(40),
                          milliseconds(20), config)),
                options);
  ASSERT_TRUE(WaitFor([&] { return Latest("target").runs >= 1; }));
  ExpectRunAt("target", 40, 2);
  ExpectRunAt("target", 80, 3);
  ExpectRunAt("target", 160, 4);  // x2 = 80, under the cap
  ExpectRunAt("target", 260, 5);  // x4 = 160, capped at 100
  ExpectRunAt("target", 360, 6);
}

// Walks simulated time through `runs` (offset after the start, probe, run
// number), in order: nothing runs a millisecond early, each run comes on time.
void SchedulerTest::ExpectRunsInOrder(
    std::vector<std::tuple<milliseconds, std::string, std::uint64_t>> runs) {
  std::sort(runs.begin(), runs.end());
  for (const auto& [offset, name, run] : runs) {
    SCOPED_TRACE(name + " run " + std::to_string(run));
    if (start_ + offset - milliseconds(1) > clock_->Now()) {
      ASSERT_TRUE(AdvanceTo(offset - milliseconds(1)));
      EXPECT_LT(Latest(name).runs, run) << "came early";
    }
    ASSERT_TRUE(AdvanceTo(offset));
    const std::string probe = name;
    const std::uint64_t wanted = run;
    ASSERT_TRUE(WaitFor([&] { return Latest(probe).runs >= wanted; }));
  }
}

TEST_F(SchedulerTest, FreshProbesRunWithinTheStartWindowThenKeepTheirPhase) {
  constexpr int kProbes = 8;
  const milliseconds interval = seconds(15);
  std::vector<ScheduledProbe> probes;
  std::vector<std::tuple<milliseconds, std::string, std::uint64_t>> runs;
  for (int i = 0; i < kProbes; ++i) {
    const std::string name = "p" + std::to_string(i);
    probes.push_back(Make(name, "good_probe", interval, milliseconds(40)));
    const milliseconds first = PhaseOffset(name, seconds(2));
    ASSERT_LT(first, seconds(2));
    const auto second = std::chrono::duration_cast<milliseconds>(
        FirstRunAt(start_ + first + interval / 2, name, interval) - start_);
    runs.emplace_back(first, name, 1);
    runs.emplace_back(second, name, 2);
    runs.emplace_back(second + interval, name, 3);
  }
  auto scheduler =
      StartWith(std::move(probes), SchedulerOptions{}, /*spread_phases=*/true);
  ExpectRunsInOrder(std::move(runs));
}

TEST_F(SchedulerTest, RunsDueWithinOneQuantumGoOutTogetherAtItsEnd) {
  // Both run at the start; then a is due at 1010 ms and b at 1030 ms, and
  // both go out at 1100 ms, the end of their quantum, and not before.
  auto scheduler = StartWith(
      List(Make("a", "good_probe", milliseconds(1010), milliseconds(40)),
           Make("b", "good_probe", milliseconds(1030), milliseconds(40))),
      SchedulerOptions{}, /*spread_phases=*/false, milliseconds(100));
  ASSERT_TRUE(WaitFor([&] { return Latest("a").runs == 1; }));
  ASSERT_TRUE(WaitFor([&] { return Latest("b").runs == 1; }));
  EXPECT_EQ(NextWakeupOffset(), 1100);
  ASSERT_TRUE(AdvanceTo(milliseconds(1099)));
  EXPECT_EQ(Latest("a").runs, 1u);
  EXPECT_EQ(Latest("b").runs, 1u);
  ASSERT_TRUE(AdvanceTo(milliseconds(1100)));
  ASSERT_TRUE(WaitFor([&] { return Latest("a").runs == 2; }));
  ASSERT_TRUE(WaitFor([&] { return Latest("b").runs == 2; }));
  // The next ones keep their own times: a at 2020, b at 2060, both at 2100.
  EXPECT_EQ(NextWakeupOffset(), 2100);
}

TEST_F(SchedulerTest, AProbeWithAResultKeptByAReloadWaitsForItsPhase) {
  const milliseconds interval = seconds(15);
  // A name whose phase is well after the start window.
  std::string kept;
  for (int i = 0; kept.empty(); ++i) {
    const std::string name = "kept" + std::to_string(i);
    if (FirstRunAt(start_, name, interval) - start_ > seconds(5)) kept = name;
  }
  auto probes = List(Make(kept, "good_probe", interval, milliseconds(40)),
                     Make("fresh", "good_probe", interval, milliseconds(40)));
  DefineAll(probes);
  store_.Record(kept, MakeResult(stackprobe::State::kUp, reason::kNone, ""),
                UnixNow(), 0.01);
  auto scheduler =
      StartWith(std::move(probes), SchedulerOptions{}, /*spread_phases=*/true);
  const auto phase = std::chrono::duration_cast<milliseconds>(
      FirstRunAt(start_, kept, interval) - start_);
  ExpectRunsInOrder(
      {{PhaseOffset("fresh", seconds(2)), "fresh", 1}, {phase, kept, 2}});
}

TEST_F(SchedulerTest, StopsWithinOneSecondWhileARunHangs) {
  auto gate = std::make_shared<Gate>();  // honours cancellation
  SchedulerOptions options;
  options.stop_grace = milliseconds(1000);
  auto scheduler = StartWith(
      List(Held("slow", gate, milliseconds(60000), milliseconds(30000))),
      options);
  ASSERT_TRUE(gate->WaitFor([&] { return gate->entered == 1; }));
  const auto before = clock_->Now();
  // The grace is on clock_, which stands still: Stop can only return because
  // the run ended, well within the second and long before its timeout.
  scheduler->Stop();
  EXPECT_EQ(clock_->Now(), before);
  EXPECT_EQ(gate->Read(gate->returned), 1);
  EXPECT_TRUE(gate->Read(gate->saw_cancellation));
  EXPECT_FALSE(Latest("slow").has_run) << "a cancelled run is not a result";
}

TEST_F(SchedulerTest, LeavesBehindARunThatIgnoresCancellation) {
  auto gate = std::make_shared<Gate>();
  gate->honour_cancellation = false;
  SchedulerOptions options;
  options.stop_grace = milliseconds(800);
  auto scheduler = StartWith(
      List(Held("stubborn", gate, milliseconds(60000), milliseconds(60000))),
      options);
  ASSERT_TRUE(gate->WaitFor([&] { return gate->entered == 1; }));
  const auto stop_at = clock_->Now();
  auto stop = std::async(std::launch::async, [&] { scheduler->Stop(); });
  ASSERT_TRUE(clock_->WaitForWakeupAt(stop_at + milliseconds(800), kLimit))
      << "Stop does not wait for the grace on the clock";
  ASSERT_TRUE(Advance(milliseconds(799)));
  EXPECT_NE(stop.wait_for(milliseconds(0)), std::future_status::ready);
  clock_->Advance(milliseconds(1));
  ASSERT_EQ(stop.wait_for(kLimit), std::future_status::ready);
  EXPECT_EQ(gate->Read(gate->returned), 0) << "the run is still going";

  // Released, the run left behind ends on its own, its result discarded,
  // and the last reference to the scheduler's state goes with it.
  gate->Open();
  scheduler.reset();
  EXPECT_TRUE(gate->WaitFor([&] { return gate->destroyed; }));
  EXPECT_FALSE(Latest("stubborn").has_run);
}

TEST_F(SchedulerTest, HandsPluginsARealTimeDeadline) {
  auto gate = std::make_shared<Gate>();
  gate->Open();
  const auto before = RealClock::now();
  auto scheduler =
      StartWith(List(Held("quick", gate, hours(1), milliseconds(5000))));
  ASSERT_TRUE(WaitFor([&] { return Latest("quick").runs >= 1; }));
  const auto after = RealClock::now();
  const auto deadline = gate->Read(gate->deadline);
  EXPECT_GE(deadline, before + milliseconds(5000));
  EXPECT_LE(deadline, after + milliseconds(5000));
}

TEST_F(SchedulerTest, MeasuresRunDurationsOnTheRealClock) {
  auto gate = std::make_shared<Gate>();
  const auto before = RealClock::now();
  auto scheduler =
      StartWith(List(Held("held", gate, hours(2), milliseconds(60000))));
  ASSERT_TRUE(gate->WaitFor([&] { return gate->entered == 1; }));
  ASSERT_TRUE(Advance(hours(1)));  // simulated; the run is not due again
  gate->Open();
  ASSERT_TRUE(WaitFor([&] { return Latest("held").runs >= 1; }));
  const double real_seconds =
      std::chrono::duration<double>(RealClock::now() - before).count();
  EXPECT_GE(Latest("held").duration_seconds, 0.0);
  EXPECT_LE(Latest("held").duration_seconds, real_seconds)
      << "the simulated hour must not count";
  EXPECT_EQ(Skipped("held"), 0u);
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

TEST_F(SchedulerTest, AFailureOfARunCutShortByTheCallerIsNotStored) {
  // The first scheduled run is the probe's own: down after its full 200 ms.
  auto scheduler = StartWith(List(
      Make("target", "slow_probe", milliseconds(600000), milliseconds(200))));
  ASSERT_TRUE(WaitFor([&] { return Latest("target").runs >= 1; }));
  const ProbeRecord scheduled = Latest("target");
  // A caller with a 20 ms budget (a /probe whose scrape timeout header is
  // short, or hostile) gets its failed run, but the store keeps the
  // scheduled result and the probe's backoff is not touched.
  ProbeRecord cut_short;
  ASSERT_TRUE(scheduler->RunNow("target", milliseconds(20), cut_short));
  EXPECT_TRUE(cut_short.has_run);
  EXPECT_EQ(cut_short.result.state, State::kDown);
  EXPECT_GT(cut_short.finished_at, scheduled.finished_at);
  EXPECT_EQ(Latest("target").runs, 1u);
  EXPECT_EQ(Latest("target").finished_at, scheduled.finished_at);
  // A run with the probe's own timeout is stored, failure or not.
  ProbeRecord full;
  ASSERT_TRUE(scheduler->RunNow("target", std::nullopt, full));
  EXPECT_EQ(full.runs, 2u);
  EXPECT_EQ(Latest("target").runs, 2u);
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
