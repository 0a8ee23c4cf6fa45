// SPDX-License-Identifier: Apache-2.0
//
// Checks of the probes' depends_on graph.
#ifndef STACKPROBE_CONFIG_DEPENDENCY_CHECK_H_
#define STACKPROBE_CONFIG_DEPENDENCY_CHECK_H_

#include <string>
#include <vector>

#include "config/config.h"

namespace stackprobe::config {

/// Checks that every depends_on entry names a configured probe and that the
/// dependencies have no cycle (a probe depending on itself included).
/// Returns nothing when fine, else every unknown name in file order as
/// `probes[0].depends_on[0]: expected the name of a configured probe, got
/// "nope"`, then the first cycle among the known names as
/// `probes[0].depends_on: expected no dependency cycle, got a -> b -> a`.
/// Names must be unique already. Pure.
std::vector<std::string> DependencyProblems(
    const std::vector<ProbeConfig>& probes);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_DEPENDENCY_CHECK_H_
