// SPDX-License-Identifier: Apache-2.0
//
// The human and machine views of the probes' state: `/` (HTML) and
// `/api/v1/status` (JSON). Both are built from one snapshot.
#ifndef STACKPROBE_DAEMON_STATUS_VIEW_H_
#define STACKPROBE_DAEMON_STATUS_VIEW_H_

#include <string>

#include "model/snapshot.h"

namespace stackprobe::daemon {

/// The status as a JSON document (pretty-printed when `pretty`).
std::string StatusJson(const model::StoreSnapshot& snapshot,
                       const model::ExporterInfo& info, bool pretty = false);

/// The status as a self-contained HTML page (no scripts, no external files).
std::string StatusHtml(const model::StoreSnapshot& snapshot,
                       const model::ExporterInfo& info);

/// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(const std::string& text);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_STATUS_VIEW_H_
