// SPDX-License-Identifier: Apache-2.0
//
// Ending a probe run: the verdict and the details document in one step.
#ifndef STACKPROBE_PLUGIN_COMMON_VERDICT_H_
#define STACKPROBE_PLUGIN_COMMON_VERDICT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "stackprobe/plugin.h"

namespace stackprobe::plugin_common {

/// `result` (its samples kept) with `state`, `reason_code` and `message`,
/// and `details` as its details_json (compact; invalid UTF-8 from a target
/// replaced, so it never throws for target data). `Json` is nlohmann::json
/// or nlohmann::ordered_json. Pure.
template <class Json>
ProbeResult WithVerdict(ProbeResult result, State state,
                        std::string reason_code, std::string message,
                        const Json& details) {
  result.state = state;
  result.reason = std::move(reason_code);
  result.message = std::move(message);
  result.details_json =
      details.dump(-1, ' ', false, Json::error_handler_t::replace);
  return result;
}

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_VERDICT_H_
