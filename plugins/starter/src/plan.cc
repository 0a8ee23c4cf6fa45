// SPDX-License-Identifier: Apache-2.0
#include "plan.h"

#include <map>
#include <set>
#include <stdexcept>

namespace stackprobe::starter {

Levels PlanLevels(const std::vector<ContainerSpec>& containers) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < containers.size(); ++i) {
    index[containers[i].name] = i;
  }
  for (std::size_t i = 0; i < containers.size(); ++i) {
    for (const auto& dependency : containers[i].depends_on) {
      const std::string key =
          "containers[" + std::to_string(i) + "].depends_on";
      if (dependency == containers[i].name) {
        throw std::invalid_argument(key + ": expected other containers, got " +
                                    containers[i].name + " itself");
      }
      if (!index.contains(dependency)) {
        throw std::invalid_argument(
            key + ": expected a configured container, got \"" + dependency +
            "\"");
      }
    }
  }
  // Kahn's algorithm by rounds: each round is one level.
  std::vector<int> level(containers.size(), -1);
  Levels levels;
  std::size_t placed = 0;
  while (placed < containers.size()) {
    std::vector<std::string> round;
    std::vector<std::size_t> round_index;
    for (std::size_t i = 0; i < containers.size(); ++i) {
      if (level[i] >= 0) continue;
      bool ready = true;
      for (const auto& dependency : containers[i].depends_on) {
        const int dep_level = level[index[dependency]];
        if (dep_level < 0 || dep_level >= static_cast<int>(levels.size())) {
          ready = false;
        }
      }
      if (ready) {
        round.push_back(containers[i].name);
        round_index.push_back(i);
      }
    }
    if (round.empty()) {
      std::string cycle;
      for (std::size_t i = 0; i < containers.size(); ++i) {
        if (level[i] < 0)
          cycle += (cycle.empty() ? "" : ", ") + containers[i].name;
      }
      throw std::invalid_argument(
          "containers: expected no dependency cycle, got one among " + cycle);
    }
    for (std::size_t i : round_index)
      level[i] = static_cast<int>(levels.size());
    placed += round.size();
    levels.push_back(std::move(round));
  }
  return levels;
}

std::vector<ContainerSpec> SelectSubset(
    const std::vector<ContainerSpec>& containers,
    const std::vector<std::string>& only) {
  if (only.empty()) return containers;
  std::map<std::string, const ContainerSpec*> by_name;
  for (const auto& spec : containers) by_name[spec.name] = &spec;
  std::set<std::string> wanted;
  std::vector<std::string> stack;
  for (const auto& name : only) {
    if (!by_name.contains(name)) {
      throw std::invalid_argument(
          "--only: expected a configured container, got \"" + name + "\"");
    }
    stack.push_back(name);
  }
  while (!stack.empty()) {
    std::string name = stack.back();
    stack.pop_back();
    if (!wanted.insert(name).second) continue;
    for (const auto& dependency : by_name[name]->depends_on) {
      stack.push_back(dependency);
    }
  }
  std::vector<ContainerSpec> out;
  for (const auto& spec : containers) {
    if (wanted.contains(spec.name)) out.push_back(spec);
  }
  return out;
}

}  // namespace stackprobe::starter
