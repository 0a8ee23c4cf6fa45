// SPDX-License-Identifier: Apache-2.0
#include "stack_starter.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "stackprobe/sdk/logfmt.h"

namespace stackprobe::starter {
namespace {

using StarterClock = std::chrono::steady_clock;

double SecondsSince(StarterClock::time_point start) {
  return std::chrono::duration<double>(StarterClock::now() - start).count();
}

std::string FormatStepSeconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", seconds);
  return buffer;
}

// "exited (exit code 3)": the state of a container that stopped.
std::string StoppedState(const ContainerStatus& status) {
  if (!status.exists) return status.error;
  std::string out = status.status.empty() ? "stopped" : status.status;
  if (status.status != "created" && status.status != "configured") {
    out += " (exit code " + std::to_string(status.exit_code) + ")";
  }
  return out;
}

DependsCondition ConditionOf(const ContainerSpec& spec,
                             const std::string& dep) {
  const auto it = spec.conditions.find(dep);
  return it == spec.conditions.end() ? DependsCondition::kHealthy : it->second;
}

}  // namespace

StackStarter::StackStarter(ActionContext& context, const StarterConfig& config,
                           const PodmanClient& podman,
                           const ContainerCreator* creator,
                           StarterClock::time_point deadline)
    : context_(context),
      config_(config),
      podman_(podman),
      creator_(creator),
      deadline_(deadline) {
  for (auto& name : context_.ProbeNames()) probe_names_.insert(std::move(name));
}

bool StackStarter::UsesProbe(const ContainerSpec& spec) const {
  return spec.readiness == ReadinessKind::kProbe &&
         probe_names_.contains(spec.probe);
}

void StackStarter::Progress(const std::string& container,
                            const std::string& step,
                            const std::string& fields) {
  context_.Progress("starter:" + sdk::LogfmtField("container", container) +
                    sdk::LogfmtField("step", step) + fields);
}

std::vector<ContainerReport> StackStarter::Run(
    const std::vector<ContainerSpec>& containers) {
  for (const auto& spec : containers) {
    if (spec.readiness == ReadinessKind::kProbe && !UsesProbe(spec)) {
      Progress(
          spec.name, "readiness",
          sdk::LogfmtField("note", "probe " + spec.probe +
                                       " is not configured, using the podman "
                                       "healthcheck"));
    }
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, ContainerReport> done;
  std::set<std::string> started;
  std::vector<std::thread> threads;
  threads.reserve(containers.size());
  for (const auto& spec : containers) {
    threads.emplace_back([&, spec] {
      ContainerReport report;
      report.name = spec.name;
      report.required = spec.required;
      ContainerStatus status;
      bool ok = false;
      try {
        ok = Prepare(spec, status, report);
      } catch (const std::exception& e) {
        report.result = ContainerResult::kFailed;
        report.message = std::string("internal error: ") + e.what();
      }
      std::string failed_dependency, why;
      if (ok) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] {
          return std::all_of(
              spec.depends_on.begin(), spec.depends_on.end(),
              [&](const std::string& dep) {
                return done.contains(dep) ||
                       (ConditionOf(spec, dep) == DependsCondition::kStarted &&
                        started.contains(dep));
              });
        });
        for (const auto& dep : spec.depends_on) {
          const DependsCondition condition = ConditionOf(spec, dep);
          if (condition == DependsCondition::kStarted) {
            if (started.contains(dep)) continue;
            why = "dependency " + dep + " did not start";
          } else if (!IsReady(done[dep].result)) {
            why = condition == DependsCondition::kCompleted
                      ? "dependency " + dep + " did not complete successfully"
                      : "dependency " + dep + " is not ready";
          } else {
            continue;
          }
          failed_dependency = dep;
          break;
        }
      }
      if (!ok) {
        // Prepare made the report final.
      } else if (!failed_dependency.empty()) {
        report.result = ContainerResult::kBlocked;
        report.message = why;
        Progress(spec.name, "blocked",
                 sdk::LogfmtField("dependency", failed_dependency) +
                     sdk::LogfmtField("note", why));
      } else {
        try {
          report = StartOne(spec, status, report, [&] {
            std::lock_guard lock(mutex);
            started.insert(spec.name);
            changed.notify_all();
          });
        } catch (const std::exception& e) {
          report.result = ContainerResult::kFailed;
          report.message = std::string("internal error: ") + e.what();
        }
      }
      std::lock_guard lock(mutex);
      done[spec.name] = report;
      changed.notify_all();
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<ContainerReport> out;
  for (const auto& spec : containers) out.push_back(done[spec.name]);
  return out;
}

bool StackStarter::Prepare(const ContainerSpec& spec, ContainerStatus& status,
                           ContainerReport& report) {
  const StarterClock::time_point began = StarterClock::now();
  auto fail = [&](ContainerResult result, const std::string& message) {
    report.result = result;
    report.message = message;
    report.seconds = SecondsSince(began);
    Progress(spec.name, ResultName(result),
             sdk::LogfmtField("seconds", FormatStepSeconds(report.seconds)) +
                 sdk::LogfmtField("note", message));
    return false;
  };
  if (context_.Cancelled()) return fail(ContainerResult::kNotRun, "cancelled");
  if (StarterClock::now() >= deadline_) {
    return fail(ContainerResult::kNotRun, "overall budget exhausted");
  }
  status = podman_.Inspect(spec.name);
  if (status.exists) return true;
  if (!spec.create || creator_ == nullptr) {
    return fail(ContainerResult::kFailed, "cannot inspect: " + status.error);
  }
  const Existence existence = podman_.Exists(spec.name);
  if (existence != Existence::kMissing) {
    return fail(ContainerResult::kFailed, "cannot inspect: " + status.error);
  }
  Progress(spec.name, "create",
           sdk::LogfmtField("service", spec.create->service));
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline_ - StarterClock::now());
  const CreateOutcome outcome =
      creator_->Create(spec, std::max(remaining, std::chrono::milliseconds(1)));
  if (!outcome.created) {
    return fail(ContainerResult::kFailed,
                "cannot create (" + outcome.via + "): " + outcome.error);
  }
  report.created = true;
  Progress(
      spec.name, "created",
      sdk::LogfmtField("via", outcome.via) +
          sdk::LogfmtField("seconds", FormatStepSeconds(SecondsSince(began))));
  // Just created: it exists and does not run (no inspect needed).
  status = ContainerStatus{};
  status.exists = true;
  status.status = "created";
  return true;
}

ContainerReport StackStarter::StartOne(
    const ContainerSpec& spec, const ContainerStatus& status,
    ContainerReport report, const std::function<void()>& on_started) {
  const StarterClock::time_point began = StarterClock::now();
  auto finish = [&](ContainerResult result, std::string message) {
    report.result = result;
    report.message = std::move(message);
    report.seconds = SecondsSince(began);
    std::string fields =
        sdk::LogfmtField("seconds", FormatStepSeconds(report.seconds));
    if (!report.message.empty())
      fields += sdk::LogfmtField("note", report.message);
    Progress(spec.name, ResultName(result), fields);
    return report;
  };
  if (context_.Cancelled())
    return finish(ContainerResult::kNotRun, "cancelled");
  if (StarterClock::now() >= deadline_) {
    return finish(ContainerResult::kNotRun, "overall budget exhausted");
  }

  std::string last_state;
  if (status.running) {
    on_started();
    // Idempotent: a running container is never started again; it is ready
    // now, or we wait for it like for a fresh start.
    if (CheckReady(spec, report, last_state)) {
      return IsReady(report.result) && !report.created
                 ? finish(ContainerResult::kAlreadyReady, "")
                 : finish(report.result, report.message);
    }
    Progress(spec.name, "wait",
             sdk::LogfmtField("note", "running, not ready yet"));
  } else {
    Progress(spec.name, "start", "");
    const std::string error = podman_.Start(spec.name);
    if (!error.empty()) {
      return finish(ContainerResult::kFailed, "podman start: " + error);
    }
    on_started();
  }

  const StarterClock::time_point end =
      std::min(deadline_, began + spec.timeout);
  auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(
      config_.poll_interval);
  // Checks follow a fixed schedule from the start (0, 1, 2.5, 4.75 ...
  // intervals), so the time a check takes does not delay the next one.
  StarterClock::time_point next_check = StarterClock::now();
  for (;;) {
    if (CheckReady(spec, report, last_state)) {
      return finish(report.result, report.message);
    }
    if (context_.Cancelled()) {
      return finish(ContainerResult::kNotRun, "cancelled");
    }
    const StarterClock::time_point now = StarterClock::now();
    if (now >= end) {
      const bool budget = end == deadline_;
      return finish(ContainerResult::kTimeout,
                    std::string("not ready after ") +
                        FormatStepSeconds(SecondsSince(began)) + " s (" +
                        (budget ? "overall budget" : "container timeout") +
                        (last_state.empty() ? "" : ", last: " + last_state) +
                        ")");
    }
    next_check = std::max(next_check + interval, now);
    std::this_thread::sleep_until(std::min(end, next_check));
    interval = std::min(config_.max_poll_interval,
                        std::chrono::milliseconds(interval.count() * 3 / 2));
  }
}

bool StackStarter::CheckReady(const ContainerSpec& spec,
                              ContainerReport& report,
                              std::string& last_state) {
  auto ready = [&] {
    report.result = ContainerResult::kReady;
    report.message.clear();
    return true;
  };
  auto exited = [&](const ContainerStatus& status) {
    report.result = ContainerResult::kFailed;
    report.message = "container is " + StoppedState(status) + ", not running";
    return true;
  };
  if (spec.readiness == ReadinessKind::kCompleted) {
    const ContainerStatus status = podman_.Inspect(spec.name);
    if (status.running) {
      last_state = "running";
      return false;
    }
    if (status.exists &&
        (status.status == "exited" || status.status == "stopped")) {
      if (status.exit_code == 0) return ready();
      report.result = ContainerResult::kFailed;
      report.message =
          "exited with exit code " + std::to_string(status.exit_code);
      return true;
    }
    last_state = status.exists ? status.status : status.error;
    return false;
  }
  if (UsesProbe(spec)) {
    ProbeRecord record;
    if (context_.RunProbeNow(spec.probe, record) && record.has_run &&
        (record.result.state == State::kUp ||
         record.result.state == State::kDegraded)) {
      return ready();
    }
    last_state = "probe " + spec.probe + " " +
                 std::string(StateName(record.result.state));
    const ContainerStatus status = podman_.Inspect(spec.name);
    if (!status.running) return exited(status);
    return false;
  }
  if (spec.readiness == ReadinessKind::kRunning) {
    const ContainerStatus status = podman_.Inspect(spec.name);
    if (status.running) return ready();
    if (status.exists && status.status != "created" &&
        status.status != "initialized" && status.status != "configured") {
      return exited(status);
    }
    last_state = status.exists ? status.status : status.error;
    return false;
  }
  switch (podman_.Healthcheck(spec.name)) {
    case HealthOutcome::kHealthy:
      return ready();
    case HealthOutcome::kUnhealthy:
      last_state = "unhealthy";
      return false;
    case HealthOutcome::kNoCheck: {
      // 125: no healthcheck, or not running. Inspect says which.
      const ContainerStatus status = podman_.Inspect(spec.name);
      if (status.running && !status.has_healthcheck) return ready();
      if (!status.running) return exited(status);
      last_state = "healthcheck not runnable";
      return false;
    }
    case HealthOutcome::kError:
      last_state = "healthcheck error";
      return false;
  }
  return false;
}

}  // namespace stackprobe::starter
