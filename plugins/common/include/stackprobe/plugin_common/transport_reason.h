// SPDX-License-Identifier: Apache-2.0
//
// The one mapping from the host HTTP client's transport failures to the
// reason codes of plugin.h, so every HTTP-based probe reports a refused or
// timed-out target the same way.
#ifndef STACKPROBE_PLUGIN_COMMON_TRANSPORT_REASON_H_
#define STACKPROBE_PLUGIN_COMMON_TRANSPORT_REASON_H_

#include "stackprobe/plugin.h"

namespace stackprobe::plugin_common {

/// The reason constant (a static string of plugin.h, never null) for
/// `error`: kNone gives reason::kNone; kBadRequest and kOther, which carry no
/// finer distinction a dashboard could use, give reason::kConnection. Pure;
/// thread-safe.
const char* ReasonOf(HttpError error);

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_TRANSPORT_REASON_H_
