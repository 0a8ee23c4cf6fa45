// SPDX-License-Identifier: Apache-2.0
//
// What a container waits for before it starts: compose's
// `depends_on.condition` (Compose specification, services.depends_on).
#ifndef STACKPROBE_PLUGINS_STARTER_DEPENDS_CONDITION_H_
#define STACKPROBE_PLUGINS_STARTER_DEPENDS_CONDITION_H_

namespace stackprobe::starter {

/// When a dependant may start, relative to one of its dependencies.
enum class DependsCondition {
  kStarted,    ///< service_started (compose's short form): it runs.
  kHealthy,    ///< service_healthy, and every hand-written dependency: it is
               ///< ready by its readiness rule.
  kCompleted,  ///< service_completed_successfully: it exited with 0.
};

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_DEPENDS_CONDITION_H_
