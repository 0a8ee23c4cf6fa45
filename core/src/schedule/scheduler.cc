// SPDX-License-Identifier: Apache-2.0
#include "schedule/scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <queue>
#include <thread>

#include "expose/result_validation.h"
#include "isolate/supervisor.h"
#include "schedule/config_hint.h"
#include "schedule/run_phase.h"
#include "schedule/state_change_log.h"
#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::schedule {
namespace {

// Real time: plugin deadlines and measured durations. When runs happen is
// decided on State::clock instead.
using RealClock = std::chrono::steady_clock;

// Runs a probe's plugin in this process; an exception becomes state error.
ProbeResult RunContained(ScheduledProbe& probe,
                         const host::HostServices& services,
                         RealClock::time_point deadline,
                         const std::atomic<bool>* cancelled) {
  host::ProbeContextImpl context(services, probe.definition.name, deadline,
                                 cancelled);
  try {
    return static_cast<Probe*>(probe.object.get())->Run(context);
  } catch (const std::exception& e) {
    return MakeResult(State::kError, reason::kPluginError,
                      std::string("the plugin threw: ") + e.what());
  } catch (...) {
    return MakeResult(State::kError, reason::kPluginError,
                      "the plugin threw a non-standard exception");
  }
}

// Bounds what a plugin returned before anyone sees it.
void Sanitize(const ScheduledProbe& probe, ProbeResult& result) {
  const auto outcome = expose::SanitizeResult(result, probe.definition.plugin,
                                              probe.allowed_reasons);
  if (outcome.dropped_samples > 0 || !outcome.first_problem.empty()) {
    spdlog::warn(
        "event=result_sanitized probe={} dropped_samples={} problem=\"{}\"",
        probe.definition.name, outcome.dropped_samples, outcome.first_problem);
  }
}

bool IsFailure(State state) {
  return state == State::kDown || state == State::kError;
}

}  // namespace

struct Scheduler::State {
  // Slot and Due are nested here, not in the anonymous namespace: State has
  // external linkage, and GCC rejects (-Wsubobject-linkage) members of
  // anonymous-namespace types once this file is compiled in a unity batch.
  struct Slot {
    explicit Slot(ScheduledProbe p) : probe(std::move(p)) {}
    ScheduledProbe probe;
    std::timed_mutex run_mutex;    // held for the whole of a run
    bool running = false;          // guarded by mutex; a scheduled run
    bool move_to_phase = false;    // guarded by mutex; see spread_phases
    int consecutive_failures = 0;  // guarded by mutex
    std::string hinted_reason;     // guarded by run_mutex; see LogConfigFix
    std::unique_ptr<isolate::ProbeSupervisor> supervisor;  // isolated probes
  };

  struct Due {
    Clock::TimePoint at;
    std::size_t slot;
    bool operator>(const Due& other) const { return at > other.at; }
  };

  State(ResultStore& s, host::HostServices h, SchedulerOptions o)
      : store(s),
        services(std::move(h)),
        options(std::move(o)),
        clock(options.clock ? options.clock : std::make_shared<SteadyClock>()) {
  }

  ResultStore& store;
  host::HostServices services;
  SchedulerOptions options;
  std::shared_ptr<Clock> clock;
  std::vector<std::unique_ptr<Slot>> slots;
  std::map<std::string, std::size_t> by_name;

  std::mutex mutex;
  std::condition_variable timer_wake;
  std::condition_variable work_ready;
  std::condition_variable thread_exited;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> heap;
  std::deque<std::size_t> queue;
  bool stopping = false;
  int live_threads = 0;
  std::atomic<bool> cancelled{false};
  std::vector<std::thread> threads;

  Clock::Duration EffectiveInterval(const Slot& slot) const {
    const auto interval = slot.probe.interval;
    if (slot.consecutive_failures < 2) {
      return interval;
    }
    const int doublings = std::min(slot.consecutive_failures - 1, 30);
    const auto factor =
        std::min<long long>(1LL << doublings, options.max_backoff_factor);
    const auto backed_off = interval * factor;
    return std::max<Clock::Duration>(
        interval, std::min<Clock::Duration>(backed_off, options.max_backoff));
  }

  // A failure the probe's config can fix is logged with the fix once, until
  // the probe succeeds or fails for another such reason. The caller holds
  // slot.run_mutex.
  static void LogConfigFix(Slot& slot, const ProbeResult& result) {
    if (!IsFailure(result.state)) {
      slot.hinted_reason.clear();
      return;
    }
    const auto fix = ConfigFixHint(result.reason, slot.probe.config_location);
    if (!fix || slot.hinted_reason == result.reason) return;
    slot.hinted_reason = result.reason;
    spdlog::warn(
        "event=probe_config_problem probe={} reason={} message={} "
        "fix={}",
        slot.probe.definition.name, result.reason,
        sdk::LogfmtQuote(result.message), sdk::LogfmtQuote(*fix));
  }

  // Runs one probe and returns its record; the caller holds slot.run_mutex.
  // `scheduled`: a run the timer dispatched (it owns slot.running), not a
  // RunNow. `cut_short`: a RunNow whose caller gave less time than the
  // probe's own timeout; its failure may be the caller's doing, so it is
  // returned but neither stored nor counted towards backoff.
  ProbeRecord Execute(Slot& slot, RealClock::time_point deadline,
                      bool scheduled, bool cut_short = false) {
    const auto& name = slot.probe.definition.name;
    const auto started = RealClock::now();
    ProbeResult result;
    if (!slot.probe.object) {
      result = MakeResult(stackprobe::State::kError, reason::kPluginError,
                          slot.probe.unavailable_reason);
    } else if (const std::string blocker =
                   slot.probe.skip_while_blocked ? store.BlockedBy(name) : "";
               !blocker.empty()) {
      result =
          MakeResult(stackprobe::State::kBlocked, reason::kDependency,
                     "not run: dependency " + blocker + " is down or blocked");
    } else if (slot.supervisor) {
      result = slot.supervisor->Run(deadline, &cancelled);
    } else {
      result = RunContained(slot.probe, services, deadline, &cancelled);
    }
    const double duration =
        std::chrono::duration<double>(RealClock::now() - started).count();
    Sanitize(slot.probe, result);
    spdlog::debug("event=probe_run probe={} state={} reason={} seconds={:.3f}",
                  name, StateName(result.state), result.reason, duration);
    LogConfigFix(slot, result);
    if (result.state == stackprobe::State::kError) {
      spdlog::warn("event=probe_error probe={} reason={} message={}", name,
                   result.reason, sdk::LogfmtQuote(result.message));
    }
    const double finished_at = UnixNow();
    bool keep = !(cut_short && IsFailure(result.state));
    bool cancelled_run = false;
    {
      std::lock_guard<std::mutex> lock(mutex);
      // Cleared before the result is visible: whoever sees the result sees
      // the probe free again (a due time from now on starts a run, it is no
      // overrun). A new run still waits for run_mutex, so runs never overlap.
      if (scheduled) {
        slot.running = false;
      }
      // A cancelled run says nothing about the target.
      cancelled_run = stopping;
      if (cancelled_run) keep = false;
      if (keep && IsFailure(result.state)) {
        ++slot.consecutive_failures;
      } else if (keep && result.state != stackprobe::State::kBlocked) {
        slot.consecutive_failures = 0;
      }
    }
    if (keep) {
      LogStateChange(name, store.Record(name, result, finished_at, duration),
                     result);
    }
    ProbeRecord record;
    store.Latest(name, record);
    if (!keep && !cancelled_run) {
      record.has_run = true;
      record.result = std::move(result);
      record.finished_at = finished_at;
      record.duration_seconds = duration;
    }
    return record;
  }

  // When a run of `slot` due at `at` goes to the workers: `at` rounded up to
  // a whole quantum since the clock's epoch; the quantum is dispatch_quantum,
  // at most a tenth of the probe's interval.
  Clock::TimePoint DispatchTime(const Slot& slot, Clock::TimePoint at) const {
    const Clock::Duration quantum = std::min<Clock::Duration>(
        options.dispatch_quantum, slot.probe.interval / 10);
    if (quantum <= Clock::Duration::zero()) return at;
    const Clock::Duration since = at.time_since_epoch();
    Clock::Duration rounded = since - since % quantum;
    if (rounded < since) rounded += quantum;
    return Clock::TimePoint(rounded);
  }

  void TimerLoop() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!stopping) {
      if (heap.empty()) {
        clock->WaitUntil(lock, timer_wake, Clock::TimePoint::max());
        continue;
      }
      const Due next = heap.top();
      const auto now = clock->Now();
      if (now < next.at) {
        clock->WaitUntil(lock, timer_wake,
                         DispatchTime(*slots[next.slot], next.at));
        continue;
      }
      heap.pop();
      Slot& slot = *slots[next.slot];
      const Clock::Duration period = EffectiveInterval(slot);
      auto following = next.at + period;
      if (slot.move_to_phase) {
        // A start-up run: the next one is at the probe's phase.
        slot.move_to_phase = false;
        following = FirstRunAt(next.at + slot.probe.interval / 2,
                               slot.probe.definition.name, slot.probe.interval);
      } else if (following <= now) {
        // Don't replay missed runs; the next one keeps the probe's phase.
        following += ((now - following) / period + 1) * period;
      }
      heap.push({following, next.slot});
      if (slot.running) {
        store.CountSkippedRun(slot.probe.definition.name);
        continue;
      }
      slot.running = true;
      queue.push_back(next.slot);
      work_ready.notify_one();
    }
  }

  void WorkerLoop() {
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      work_ready.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) {
        return;
      }
      const std::size_t index = queue.front();
      queue.pop_front();
      Slot& slot = *slots[index];
      lock.unlock();
      {
        std::unique_lock<std::timed_mutex> run_lock(slot.run_mutex);
        Execute(slot, RealClock::now() + slot.probe.timeout,
                /*scheduled=*/true);
      }
      lock.lock();
    }
  }
};

Scheduler::Scheduler(std::vector<ScheduledProbe> probes, ResultStore& store,
                     host::HostServices services, SchedulerOptions options)
    : state_(std::make_shared<State>(store, std::move(services), options)) {
  for (auto& probe : probes) {
    const std::string name = probe.definition.name;
    state_->by_name[name] = state_->slots.size();
    auto slot = std::make_unique<State::Slot>(std::move(probe));
    if (slot->probe.isolate && slot->probe.object) {
      slot->supervisor = std::make_unique<isolate::ProbeSupervisor>(
          isolate::SupervisorOptions{options.worker_executable,
                                     {},
                                     slot->probe.plugin_path,
                                     slot->probe.definition.plugin,
                                     name,
                                     slot->probe.config_json});
    }
    state_->slots.push_back(std::move(slot));
  }
}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  auto state = state_;
  std::lock_guard<std::mutex> lock(state->mutex);
  const auto now = state->clock->Now();
  for (std::size_t i = 0; i < state->slots.size(); ++i) {
    State::Slot& slot = *state->slots[i];
    const std::string& name = slot.probe.definition.name;
    Clock::TimePoint first = now;
    if (state->options.spread_phases) {
      if (state->store.LatestState(name).has_value()) {  // a kept result
        first = FirstRunAt(now, name, slot.probe.interval);
      } else {
        first = now + PhaseOffset(name, std::min(slot.probe.interval,
                                                 state->options.start_window));
        slot.move_to_phase = true;
      }
    }
    state->heap.push({first, i});
  }
  const int workers = std::max(1, state->options.workers);
  auto launch = [state](auto body) {
    ++state->live_threads;
    state->threads.emplace_back([state, body] {
      body(*state);
      std::lock_guard<std::mutex> exit_lock(state->mutex);
      --state->live_threads;
      state->thread_exited.notify_all();
    });
  };
  launch([](State& s) { s.TimerLoop(); });
  for (int i = 0; i < workers; ++i) {
    launch([](State& s) { s.WorkerLoop(); });
  }
}

void Scheduler::Stop() {
  auto state = state_;
  std::vector<std::thread> threads;
  {
    std::unique_lock<std::mutex> lock(state->mutex);
    if (state->stopping) {
      return;
    }
    state->stopping = true;
    state->cancelled = true;
    state->timer_wake.notify_all();
    state->work_ready.notify_all();
    const auto give_up_at = state->clock->Now() + state->options.stop_grace;
    while (state->live_threads > 0 && state->clock->Now() < give_up_at) {
      state->clock->WaitUntil(lock, state->thread_exited, give_up_at);
    }
    threads.swap(state->threads);
  }
  // Threads still inside a plugin that ignores cancellation keep the shared
  // state alive through their own reference and end on their own.
  const bool all_exited = [&] {
    std::lock_guard<std::mutex> lock(state->mutex);
    return state->live_threads == 0;
  }();
  for (auto& thread : threads) {
    if (all_exited) {
      thread.join();
    } else {
      thread.detach();
    }
  }
  if (!all_exited) {
    spdlog::warn(
        "event=scheduler_stop_incomplete note=\"a plugin ignored "
        "cancellation\"");
  }
}

bool Scheduler::RunNow(const std::string& probe,
                       std::optional<std::chrono::milliseconds> timeout,
                       ProbeRecord& out) {
  auto it = state_->by_name.find(probe);
  if (it == state_->by_name.end()) {
    return false;
  }
  State::Slot& slot = *state_->slots[it->second];
  // Real time: it bounds a plugin run, ours or the one in flight.
  const auto deadline = RealClock::now() + timeout.value_or(slot.probe.timeout);
  const bool cut_short = timeout && *timeout < slot.probe.timeout;
  ProbeRecord before;
  state_->store.Latest(probe, before);
  std::unique_lock<std::timed_mutex> run_lock(slot.run_mutex, std::defer_lock);
  if (run_lock.try_lock_until(deadline)) {
    ProbeRecord now;
    state_->store.Latest(probe, now);
    // A run that finished while we waited is as fresh as ours would be.
    if (now.runs == before.runs) {
      out = state_->Execute(slot, deadline, /*scheduled=*/false, cut_short);
      return true;
    }
  }
  return state_->store.Latest(probe, out);
}

std::vector<std::string> Scheduler::ProbeNames() const {
  std::vector<std::string> names;
  names.reserve(state_->by_name.size());
  for (const auto& [name, index] : state_->by_name) {
    names.push_back(name);
  }
  return names;
}

ProbeRecord RunDetached(ScheduledProbe& probe,
                        const host::HostServices& services,
                        std::chrono::milliseconds timeout) {
  const std::atomic<bool> never_cancelled{false};
  const auto started = RealClock::now();
  ProbeRecord record;
  record.probe = probe.definition.name;
  record.plugin = probe.definition.plugin;
  record.labels = probe.definition.labels;
  record.result =
      RunContained(probe, services, started + timeout, &never_cancelled);
  Sanitize(probe, record.result);
  record.has_run = true;
  record.runs = 1;
  record.duration_seconds =
      std::chrono::duration<double>(RealClock::now() - started).count();
  record.finished_at = UnixNow();
  return record;
}

}  // namespace stackprobe::schedule
