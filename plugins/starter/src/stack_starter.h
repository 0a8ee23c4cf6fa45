// SPDX-License-Identifier: Apache-2.0
//
// Starts containers as soon as their dependencies are ready (so every
// container of one dependency level starts in parallel) and waits for each
// to become ready, with backoff, under its timeout and the overall budget.
#ifndef STACKPROBE_PLUGINS_STARTER_STACK_STARTER_H_
#define STACKPROBE_PLUGINS_STARTER_STACK_STARTER_H_

#include <chrono>
#include <set>
#include <string>
#include <vector>

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
  /// `deadline`: the end of the overall budget.
  StackStarter(ActionContext& context, const StarterConfig& config,
               const PodmanClient& podman,
               std::chrono::steady_clock::time_point deadline);

  /// Starts and waits; returns one report per container, in the order of
  /// `containers`. Never throws.
  std::vector<ContainerReport> Run(
      const std::vector<ContainerSpec>& containers);

 private:
  ContainerReport StartOne(const ContainerSpec& spec);
  /// One readiness check of a started container. Sets `report` and returns
  /// true when it is final (ready or failed); false to poll again.
  bool CheckReady(const ContainerSpec& spec, ContainerReport& report,
                  std::string& last_state);
  bool UsesProbe(const ContainerSpec& spec) const;

  ActionContext& context_;
  const StarterConfig& config_;
  const PodmanClient& podman_;
  std::chrono::steady_clock::time_point deadline_;
  std::set<std::string> probe_names_;
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_STACK_STARTER_H_
