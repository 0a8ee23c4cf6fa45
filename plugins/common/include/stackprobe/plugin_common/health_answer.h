// SPDX-License-Identifier: Apache-2.0
//
// Reading a service's answer to GET /health the way the AI-stack probes do:
// a transport failure, a body that is not JSON and a body that is no JSON
// object each make the probe down, with the same reason and wording in
// every plugin.
#ifndef STACKPROBE_PLUGIN_COMMON_HEALTH_ANSWER_H_
#define STACKPROBE_PLUGIN_COMMON_HEALTH_ANSWER_H_

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::plugin_common {

/// Why an answer to GET /health gave no JSON object.
struct HealthFailure {
  const char* reason = reason::kNone;  ///< A static string of plugin.h.
  std::string message;                 ///< "GET /health ...", clipped.
};

/// Sets `body` to the JSON object of `response` (the answer to GET
/// /health), parsed with ParseBoundedJson's bounds, and returns true; else
/// sets `failure` and returns false: a transport error gives its reason
/// (ReasonOf) and "GET /health failed: <error>"; a body that is not JSON
/// gives http_status "GET /health answered HTTP <status>" when the status
/// is not one of `json_statuses` (the service's JSON answers), else bad_body
/// "GET /health body is not JSON: <why>" (or "... is JSON nested deeper
/// than N levels"); JSON that is no object gives bad_body. The status of a JSON
/// object is left to the caller. Pure; thread-safe.
bool ReadHealthObject(const HttpResponse& response,
                      std::initializer_list<long> json_statuses,
                      nlohmann::json& body, HealthFailure& failure);

/// Like the above, keeping the keys of the body in the service's order.
bool ReadHealthObject(const HttpResponse& response,
                      std::initializer_list<long> json_statuses,
                      nlohmann::ordered_json& body, HealthFailure& failure);

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_HEALTH_ANSWER_H_
