// SPDX-License-Identifier: Apache-2.0
//
// The machine view of the probes' state: `/api/v1/status` (JSON), built
// from one snapshot; status_page.h is the human one.
#ifndef STACKPROBE_DAEMON_STATUS_VIEW_H_
#define STACKPROBE_DAEMON_STATUS_VIEW_H_

#include <string>

#include "model/snapshot.h"

namespace stackprobe::daemon {

/// The status as a JSON document (pretty-printed when `pretty`): per probe
/// its newest result, since when it has had its state, and its last runs
/// ("history", oldest first, as on the status page).
std::string StatusJson(const model::StoreSnapshot& snapshot,
                       const model::ExporterInfo& info, bool pretty = false);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_STATUS_VIEW_H_
