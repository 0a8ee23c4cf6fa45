// SPDX-License-Identifier: Apache-2.0
#include "stack_starter.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

namespace stackprobe::starter {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string FormatSeconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", seconds);
  return buffer;
}

}  // namespace

StackStarter::StackStarter(ActionContext& context, const StarterConfig& config,
                           const PodmanClient& podman,
                           Clock::time_point deadline)
    : context_(context), config_(config), podman_(podman), deadline_(deadline) {
  for (auto& name : context_.ProbeNames()) probe_names_.insert(std::move(name));
}

bool StackStarter::UsesProbe(const ContainerSpec& spec) const {
  return spec.readiness == ReadinessKind::kProbe &&
         probe_names_.contains(spec.probe);
}

std::vector<ContainerReport> StackStarter::Run(
    const std::vector<ContainerSpec>& containers) {
  for (const auto& spec : containers) {
    if (spec.readiness == ReadinessKind::kProbe && !UsesProbe(spec)) {
      context_.Progress("starter: container=" + spec.name +
                        " step=readiness note=\"probe " + spec.probe +
                        " is not configured, using the podman healthcheck\"");
    }
  }
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, ContainerReport> done;
  std::vector<std::thread> threads;
  threads.reserve(containers.size());
  for (const auto& spec : containers) {
    threads.emplace_back([&, spec] {
      ContainerReport report;
      report.name = spec.name;
      report.required = spec.required;
      std::string failed_dependency;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] {
          return std::all_of(
              spec.depends_on.begin(), spec.depends_on.end(),
              [&](const std::string& dep) { return done.contains(dep); });
        });
        for (const auto& dep : spec.depends_on) {
          if (!IsReady(done[dep].result)) {
            failed_dependency = dep;
            break;
          }
        }
      }
      if (!failed_dependency.empty()) {
        report.result = ContainerResult::kBlocked;
        report.message = "dependency " + failed_dependency + " is not ready";
        context_.Progress("starter: container=" + spec.name +
                          " step=blocked dependency=" + failed_dependency);
      } else {
        try {
          report = StartOne(spec);
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

ContainerReport StackStarter::StartOne(const ContainerSpec& spec) {
  ContainerReport report;
  report.name = spec.name;
  report.required = spec.required;
  const Clock::time_point began = Clock::now();
  auto finish = [&](ContainerResult result, std::string message) {
    report.result = result;
    report.message = std::move(message);
    report.seconds = SecondsSince(began);
    std::string line = "starter: container=" + spec.name +
                       " step=" + ResultName(result) +
                       " seconds=" + FormatSeconds(report.seconds);
    if (!report.message.empty()) line += " note=\"" + report.message + "\"";
    context_.Progress(line);
    return report;
  };
  if (context_.Cancelled())
    return finish(ContainerResult::kNotRun, "cancelled");
  if (Clock::now() >= deadline_) {
    return finish(ContainerResult::kNotRun, "overall budget exhausted");
  }

  const ContainerStatus status = podman_.Inspect(spec.name);
  if (!status.exists) {
    return finish(ContainerResult::kFailed, "cannot inspect: " + status.error);
  }
  std::string last_state;
  if (status.running) {
    // Idempotent: a running container is never started again; it is ready
    // now, or we wait for it like for a fresh start.
    if (CheckReady(spec, report, last_state)) {
      return IsReady(report.result) ? finish(ContainerResult::kAlreadyReady, "")
                                    : finish(report.result, report.message);
    }
    context_.Progress("starter: container=" + spec.name +
                      " step=wait note=\"running, not ready yet\"");
  } else {
    context_.Progress("starter: container=" + spec.name + " step=start");
    const std::string error = podman_.Start(spec.name);
    if (!error.empty()) {
      return finish(ContainerResult::kFailed, "podman start: " + error);
    }
  }

  const Clock::time_point end = std::min(deadline_, began + spec.timeout);
  auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(
      config_.poll_interval);
  for (;;) {
    if (CheckReady(spec, report, last_state)) {
      return finish(report.result, report.message);
    }
    if (context_.Cancelled()) {
      return finish(ContainerResult::kNotRun, "cancelled");
    }
    const Clock::time_point now = Clock::now();
    if (now >= end) {
      const bool budget = end == deadline_;
      return finish(
          ContainerResult::kTimeout,
          std::string("not ready after ") + FormatSeconds(SecondsSince(began)) +
              " s (" + (budget ? "overall budget" : "container timeout") +
              (last_state.empty() ? "" : ", last: " + last_state) + ")");
    }
    std::this_thread::sleep_until(std::min(end, now + interval));
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
    report.message = "container is " +
                     (status.exists ? status.status : status.error) +
                     ", not running";
    return true;
  };
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
