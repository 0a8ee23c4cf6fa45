// SPDX-License-Identifier: Apache-2.0
#include "cli/once_runner.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

namespace stackprobe::cli {
namespace {

const config::ProbeConfig* Find(const config::Config& config,
                                const std::string& name) {
  for (const auto& probe : config.probes) {
    if (probe.name == name) return &probe;
  }
  return nullptr;
}

const std::vector<std::string>& ReadsOf(const ProbeReads& reads,
                                        const std::string& probe) {
  static const std::vector<std::string> kNone;
  const auto it = reads.find(probe);
  return it == reads.end() ? kNone : it->second;
}

// The probes whose results `probe` must find when it runs.
std::vector<std::string> RunsAfter(const config::ProbeConfig& probe,
                                   const ProbeReads& reads) {
  std::vector<std::string> before = ReadsOf(reads, probe.name);
  if (probe.skip_while_blocked) {
    before.insert(before.end(), probe.depends_on.begin(),
                  probe.depends_on.end());
  }
  return before;
}

}  // namespace

std::set<std::string> ProbesToRun(const config::Config& config,
                                  const ProbeReads& reads,
                                  const std::vector<std::string>& wanted,
                                  bool with_dependencies) {
  for (const auto& name : wanted) {
    if (Find(config, name) == nullptr) {
      std::string configured;
      for (const auto& probe : config.probes) {
        configured += (configured.empty() ? "" : ", ") + probe.name;
      }
      throw std::invalid_argument("unknown probe \"" + name +
                                  "\"; the configured probes: " +
                                  (configured.empty() ? "none" : configured) +
                                  " (" + config.file + ")");
    }
  }
  std::set<std::string> selected;
  std::vector<std::string> pending = wanted;
  if (pending.empty()) {
    for (const auto& probe : config.probes) pending.push_back(probe.name);
  }
  while (!pending.empty()) {
    const std::string name = pending.back();
    pending.pop_back();
    const auto* probe = Find(config, name);
    if (probe == nullptr || !selected.insert(name).second) continue;
    const auto& read = ReadsOf(reads, name);
    pending.insert(pending.end(), read.begin(), read.end());
    if (with_dependencies) {
      pending.insert(pending.end(), probe->depends_on.begin(),
                     probe->depends_on.end());
    }
  }
  return selected;
}

void RunOnce(const config::Config& config, const ProbeReads& reads,
             schedule::Scheduler& scheduler,
             const std::set<std::string>& selected, int workers) {
  // Level of a probe = 1 + the highest level of what it runs after; the
  // config loader has refused dependency cycles, and a cycle of references
  // is cut at the probes count (a level never exceeds it).
  std::map<std::string, int> level;
  for (const auto& name : selected) level[name] = 0;
  const int limit = static_cast<int>(selected.size());
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& probe : config.probes) {
      if (!selected.count(probe.name)) continue;
      int mine = 0;
      for (const auto& before : RunsAfter(probe, reads)) {
        if (const auto it = level.find(before);
            it != level.end() && before != probe.name) {
          mine = std::max(mine, std::min(limit, it->second + 1));
        }
      }
      if (level[probe.name] != mine) {
        level[probe.name] = mine;
        changed = true;
      }
    }
  }
  int deepest = 0;
  for (const auto& [name, value] : level) deepest = std::max(deepest, value);
  for (int current = 0; current <= deepest; ++current) {
    std::vector<std::string> batch;
    for (const auto& [name, value] : level) {
      if (value == current) batch.push_back(name);
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    const auto count = std::min<std::size_t>(
        batch.size(), static_cast<std::size_t>(std::max(1, workers)));
    for (std::size_t i = 0; i < count; ++i) {
      threads.emplace_back([&] {
        for (auto index = next++; index < batch.size(); index = next++) {
          ProbeRecord ignored;
          scheduler.RunNow(batch[index], std::nullopt, ignored);
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
}

}  // namespace stackprobe::cli
