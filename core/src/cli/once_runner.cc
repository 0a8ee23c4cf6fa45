// SPDX-License-Identifier: Apache-2.0
#include "cli/once_runner.h"

#include <algorithm>
#include <atomic>
#include <map>
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

}  // namespace

std::set<std::string> WithDependencies(const config::Config& config,
                                       const std::vector<std::string>& wanted) {
  std::set<std::string> selected;
  std::vector<std::string> pending = wanted;
  if (pending.empty()) {
    for (const auto& probe : config.probes) pending.push_back(probe.name);
  }
  while (!pending.empty()) {
    const std::string name = pending.back();
    pending.pop_back();
    const auto* probe = Find(config, name);
    if (probe == nullptr) {
      throw std::invalid_argument("unknown probe: " + name);
    }
    if (selected.insert(name).second) {
      pending.insert(pending.end(), probe->depends_on.begin(),
                     probe->depends_on.end());
    }
  }
  return selected;
}

void RunOnce(const config::Config& config, schedule::Scheduler& scheduler,
             const std::set<std::string>& selected, int workers) {
  // Level of a probe = 1 + the highest level of its dependencies; the
  // config loader has already refused cycles.
  std::map<std::string, int> level;
  bool changed = true;
  while (changed) {
    changed = false;
    for (const auto& probe : config.probes) {
      if (!selected.count(probe.name)) continue;
      int mine = 0;
      for (const auto& dependency : probe.depends_on) {
        auto it = level.find(dependency);
        mine = std::max(mine, it == level.end() ? 0 : it->second + 1);
      }
      auto [it, inserted] = level.emplace(probe.name, mine);
      if (!inserted && it->second != mine) {
        it->second = mine;
        changed = true;
      } else if (inserted) {
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
