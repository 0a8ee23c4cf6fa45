// SPDX-License-Identifier: Apache-2.0
#include "config/dependency_check.h"

#include <map>
#include <utility>

#include "config/json_path.h"

namespace stackprobe::config {
namespace {

enum class Mark { kUnvisited, kOnPath, kDone };

}  // namespace

std::vector<std::string> DependencyProblems(
    const std::vector<ProbeConfig>& probes) {
  std::vector<std::string> problems;
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    index_of.emplace(probes[i].name, i);
  }
  // Targets resolved up front so the search below only walks indices.
  std::vector<std::vector<std::size_t>> edges(probes.size());
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto& depends_on = probes[i].depends_on;
    for (std::size_t d = 0; d < depends_on.size(); ++d) {
      const auto found = index_of.find(depends_on[d]);
      if (found == index_of.end()) {
        problems.push_back(AtPath(
            ElementPath(MemberPath(probes[i].json_path, "depends_on"), d),
            "expected the name of a configured probe, got " +
                Excerpt(depends_on[d])));
        continue;
      }
      edges[i].push_back(found->second);
    }
  }
  // Depth-first search with an explicit stack: a long chain of probes must
  // not be limited by the C++ stack.
  std::vector<Mark> marks(probes.size(), Mark::kUnvisited);
  for (std::size_t root = 0; root < probes.size(); ++root) {
    if (marks[root] != Mark::kUnvisited) continue;
    std::vector<std::pair<std::size_t, std::size_t>> path;  // node, next edge
    path.emplace_back(root, 0);
    marks[root] = Mark::kOnPath;
    while (!path.empty()) {
      auto& [node, next] = path.back();
      if (next == edges[node].size()) {
        marks[node] = Mark::kDone;
        path.pop_back();
        continue;
      }
      const std::size_t target = edges[node][next++];
      if (marks[target] == Mark::kUnvisited) {
        marks[target] = Mark::kOnPath;
        path.emplace_back(target, 0);
      } else if (marks[target] == Mark::kOnPath) {
        std::size_t start = 0;
        while (path[start].first != target) ++start;
        std::string cycle;
        for (std::size_t i = start; i < path.size(); ++i) {
          cycle += probes[path[i].first].name + " -> ";
        }
        cycle += probes[target].name;
        problems.push_back(
            AtPath(MemberPath(probes[target].json_path, "depends_on"),
                   "expected no dependency cycle, got " + cycle));
        return problems;
      }
    }
  }
  return problems;
}

}  // namespace stackprobe::config
