// SPDX-License-Identifier: Apache-2.0
//
// Which containers start, and in which dependency levels.
#ifndef STACKPROBE_PLUGINS_STARTER_PLAN_H_
#define STACKPROBE_PLUGINS_STARTER_PLAN_H_

#include <string>
#include <vector>

#include "starter_config.h"

namespace stackprobe::starter {

/// Containers grouped by dependency depth: level 0 has no dependencies,
/// level n depends only on levels below n. Order within a level follows
/// the config.
using Levels = std::vector<std::vector<std::string>>;

/// Levels of `containers`. Throws std::invalid_argument
/// ("containers[i].depends_on: ...") for an unknown dependency, a
/// self-dependency or a cycle. Thread-safe.
Levels PlanLevels(const std::vector<ContainerSpec>& containers);

/// The containers named in `only` plus everything they depend on,
/// transitively, in config order. Throws std::invalid_argument for a name
/// that is not configured. An empty `only` selects every container.
std::vector<ContainerSpec> SelectSubset(
    const std::vector<ContainerSpec>& containers,
    const std::vector<std::string>& only);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_PLAN_H_
