// SPDX-License-Identifier: Apache-2.0
#include "schedule/result_store.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>

namespace stackprobe::schedule {

double UnixNow() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void ResultStore::Define(const std::vector<ProbeDefinition>& definitions) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, model::ProbeStatus> next;
  for (const auto& definition : definitions) {
    model::ProbeStatus status;
    if (auto it = probes_.find(definition.name);
        it != probes_.end() && it->second.record.plugin == definition.plugin) {
      status = std::move(it->second);
    }
    status.record.probe = definition.name;
    status.record.plugin = definition.plugin;
    status.record.labels = definition.labels;
    status.interval_seconds = definition.interval_seconds;
    status.timeout_seconds = definition.timeout_seconds;
    status.depends_on = definition.depends_on;
    next.emplace(definition.name, std::move(status));
  }
  probes_ = std::move(next);
  ++generation_;
  changed_.notify_all();
}

void ResultStore::SetRunObserver(RunObserver observer) {
  std::lock_guard<std::mutex> lock(mutex_);
  run_observer_ = std::move(observer);
}

StateChange ResultStore::Record(const std::string& probe,
                                const ProbeResult& result, double finished_at,
                                double duration_seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = probes_.find(probe);
  if (it == probes_.end()) {
    return {};
  }
  auto& status = it->second;
  StateChange change;
  change.first = !status.record.has_run;
  change.from = status.record.result.state;
  change.previous_runs = status.state_runs;
  change.previous_since = status.state_since;
  change.changed = change.first || change.from != result.state;
  if (change.changed) {
    status.state_since = finished_at;
    status.state_runs = 0;
  }
  ++status.state_runs;
  // Copied, not changed in place: published snapshots share the old one.
  auto history = std::make_shared<model::RunHistory>();
  const model::RunHistory* previous = status.history.get();
  const std::size_t kept =
      previous == nullptr ? 0 : std::min(previous->size(), kHistoryLength - 1);
  history->reserve(kept + 1);
  if (previous != nullptr) {
    history->assign(previous->end() - static_cast<std::ptrdiff_t>(kept),
                    previous->end());
  }
  history->push_back(
      {finished_at, duration_seconds, result.state, result.reason});
  status.history = std::move(history);
  status.record.has_run = true;
  status.record.result = result;
  status.record.finished_at = finished_at;
  status.record.duration_seconds = duration_seconds;
  ++status.record.runs;
  if (run_observer_) run_observer_(probe, duration_seconds);
  if (result.state != State::kUp && result.state != State::kDegraded) {
    ++status.failures_by_reason[result.reason];
  }
  ++generation_;
  changed_.notify_all();
  return change;
}

void ResultStore::CountSkippedRun(const std::string& probe) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = probes_.find(probe); it != probes_.end()) {
    ++it->second.skipped_overruns;
    ++generation_;
    changed_.notify_all();
  }
}

bool ResultStore::Latest(const std::string& probe, ProbeRecord& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = probes_.find(probe);
  if (it == probes_.end()) {
    return false;
  }
  out = it->second.record;
  return true;
}

std::optional<State> ResultStore::LatestState(const std::string& probe) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = probes_.find(probe);
  if (it == probes_.end() || !it->second.record.has_run) {
    return std::nullopt;
  }
  return it->second.record.result.state;
}

std::string ResultStore::BlockedBy(const std::string& probe) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::set<std::string> visiting;
  return BlockedByLocked(probe, visiting);
}

std::string ResultStore::BlockedByLocked(
    const std::string& probe, std::set<std::string>& visiting) const {
  const auto it = probes_.find(probe);
  if (it == probes_.end() || !visiting.insert(probe).second) return "";
  for (const auto& dependency : it->second.depends_on) {
    const auto found = probes_.find(dependency);
    if (found == probes_.end()) continue;
    const auto& record = found->second.record;
    const bool failed =
        record.has_run && (record.result.state == State::kDown ||
                           record.result.state == State::kBlocked);
    if (failed || !BlockedByLocked(dependency, visiting).empty()) {
      return dependency;
    }
  }
  return "";
}

model::SnapshotPtr ResultStore::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!snapshot_ || snapshot_->generation != generation_) {
    auto fresh = std::make_shared<model::StoreSnapshot>();
    fresh->generation = generation_;
    fresh->taken_at = UnixNow();
    fresh->probes.reserve(probes_.size());
    for (const auto& [name, status] : probes_) {
      fresh->probes.push_back(status);
      if (!status.depends_on.empty()) {
        std::set<std::string> visiting;
        fresh->probes.back().blocked_by = BlockedByLocked(name, visiting);
      }
    }
    snapshot_ = std::move(fresh);
  }
  return snapshot_;
}

std::uint64_t ResultStore::Generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

std::uint64_t ResultStore::WaitForChange(
    std::uint64_t seen, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return generation_ > seen; });
  return generation_;
}

}  // namespace stackprobe::schedule
