// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/health_answer.h"

#include <algorithm>
#include <optional>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/plugin_common/transport_reason.h"

namespace stackprobe::plugin_common {
namespace {

template <class Json, class Parse>
bool ReadObject(const HttpResponse& response,
                std::initializer_list<long> json_statuses, Parse parse,
                Json& body, HealthFailure& failure) {
  if (response.error != HttpError::kNone) {
    failure = {ReasonOf(response.error),
               "GET /health failed: " + Clip(response.error_message)};
    return false;
  }
  std::string error;
  std::optional<Json> parsed = parse(response.body, error);
  if (!parsed) {
    const bool json_status =
        std::find(json_statuses.begin(), json_statuses.end(),
                  response.status) != json_statuses.end();
    failure = json_status ? HealthFailure{reason::kBadBody,
                                          "GET /health body is " + Clip(error)}
                          : HealthFailure{reason::kHttpStatus,
                                          "GET /health answered HTTP " +
                                              std::to_string(response.status)};
    return false;
  }
  if (!parsed->is_object()) {
    failure = {reason::kBadBody, "GET /health body is not a JSON object"};
    return false;
  }
  body = std::move(*parsed);
  return true;
}

}  // namespace

bool ReadHealthObject(const HttpResponse& response,
                      std::initializer_list<long> json_statuses,
                      nlohmann::json& body, HealthFailure& failure) {
  return ReadObject(
      response, json_statuses,
      [](std::string_view text, std::string& error) {
        return ParseBoundedJson(text, error);
      },
      body, failure);
}

bool ReadHealthObject(const HttpResponse& response,
                      std::initializer_list<long> json_statuses,
                      nlohmann::ordered_json& body, HealthFailure& failure) {
  return ReadObject(
      response, json_statuses,
      [](std::string_view text, std::string& error) {
        return ParseBoundedOrderedJson(text, error);
      },
      body, failure);
}

}  // namespace stackprobe::plugin_common
