// SPDX-License-Identifier: Apache-2.0
//
// Starts containers as soon as their dependencies allow (so every container
// of one dependency level starts in parallel) and waits for each to become
// ready, with backoff, under its timeout and the overall budget. Missing
// compose containers are created first, all in parallel, before any waits.
#ifndef STACKPROBE_PLUGINS_STARTER_STACK_STARTER_H_
#define STACKPROBE_PLUGINS_STARTER_STACK_STARTER_H_

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "container_creator.h"
#include "podman_client.h"
#include "report.h"
#include "stackprobe/plugin.h"
#include "starter_config.h"

namespace stackprobe::starter {

/// Runs one start of `containers` (a dependency-closed list). Uses one
/// thread per container; every context call it makes is thread-safe.
/// References must outlive the object; Run may be called once.
class StackStarter {
 public:
  /// `deadline`: the end of the overall budget. `creator`: creates missing
  /// compose containers; nullptr when there is no compose file (a missing
  /// container then fails).
  StackStarter(ActionContext& context, const StarterConfig& config,
               const PodmanClient& podman, const ContainerCreator* creator,
               std::chrono::steady_clock::time_point deadline);

  /// Creates, starts and waits; returns one report per container, in the
  /// order of `containers`. Never throws.
  std::vector<ContainerReport> Run(
      const std::vector<ContainerSpec>& containers);

 private:
  /// Makes sure the container exists (creating it when it can). Sets
  /// `status`; returns false with `report` final when it cannot.
  bool Prepare(const ContainerSpec& spec, ContainerStatus& status,
               ContainerReport& report);
  /// Starts (unless running) and waits for readiness; calls `on_started`
  /// once the container runs.
  ContainerReport StartOne(const ContainerSpec& spec,
                           const ContainerStatus& status,
                           ContainerReport report,
                           const std::function<void()>& on_started);
  /// One readiness check of a started container. Sets `report` and returns
  /// true when it is final (ready or failed); false to poll again.
  bool CheckReady(const ContainerSpec& spec, ContainerReport& report,
                  std::string& last_state);
  bool UsesProbe(const ContainerSpec& spec) const;
  void Progress(const std::string& container, const std::string& step,
                const std::string& fields);

  ActionContext& context_;
  const StarterConfig& config_;
  const PodmanClient& podman_;
  const ContainerCreator* creator_;
  std::chrono::steady_clock::time_point deadline_;
  std::set<std::string> probe_names_;
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_STACK_STARTER_H_
