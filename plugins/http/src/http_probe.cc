// SPDX-License-Identifier: Apache-2.0
#include "http_probe.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/http_request.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/plugin_common/transport_reason.h"

namespace stackprobe::plugins::http {
namespace {

using nlohmann::json;
using plugin_common::ParseBoundedJson;
using plugin_common::Printable;
using plugin_common::ReasonOf;
using plugin_common::TruncateUtf8;

constexpr std::size_t kMaxMessageBytes = 200;
// Bounds details_json whatever the number of configured assertions.
constexpr std::size_t kMaxReportedFailures = 20;

std::string Seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f s", seconds);
  return buffer;
}

bool StatusAccepted(const HttpProbeConfig& config, long status) {
  if (config.valid_status_codes.empty()) return status >= 200 && status <= 299;
  return std::find(config.valid_status_codes.begin(),
                   config.valid_status_codes.end(),
                   status) != config.valid_status_codes.end();
}

void AddSamples(ProbeResult& result, const HttpProbeConfig& config,
                const HttpResponse& response, std::size_t failed_assertions) {
  AddGauge(result, "status_code",
           "HTTP status code of the response (0 when none was received)",
           static_cast<double>(response.status));
  const std::pair<const char*, double> phases[] = {
      {"dns", response.timings.dns},
      {"connect", response.timings.connect},
      {"tls", response.timings.tls},
      {"first_byte", response.timings.first_byte},
      {"total", response.timings.total},
  };
  for (const auto& [phase, seconds] : phases) {
    AddGauge(result, "duration_seconds",
             "Time from the start of the request to the end of each phase, "
             "as measured by the HTTP client (tls is 0 for plain http)",
             seconds, {{"phase", phase}});
  }
  AddGauge(result, "body_bytes",
           "Bytes of response body received (at most max_body_bytes)",
           static_cast<double>(response.body.size()));
  if (config.url.rfind("https://", 0) == 0 && response.tls_not_after > 0) {
    AddGauge(result, "tls_not_after_timestamp_seconds",
             "Expiry (notAfter, Unix seconds) of the certificate the server "
             "presented",
             static_cast<double>(response.tls_not_after));
  }
  AddGauge(result, "assertion_failures",
           "Body patterns and JSON assertions that failed in the last run "
           "(0 when the body was not checked)",
           static_cast<double>(failed_assertions));
}

std::string Details(const HttpProbeConfig& config, const HttpResponse& response,
                    const std::vector<std::string>& failures) {
  json details = json::object();
  details["url"] = plugin_common::RedactUrl(config.url);
  details["status"] =
      response.status > 0 ? json(response.status) : json(nullptr);
  details["body_bytes"] = response.body.size();
  json list = json::array();
  for (std::size_t i = 0; i < failures.size() && i < kMaxReportedFailures;
       ++i) {
    list.push_back(failures[i]);
  }
  details["failed_assertions"] = std::move(list);
  return details.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string FailureMessage(const std::vector<std::string>& failures) {
  std::string message = failures.front();
  if (failures.size() > 1) {
    message += " (and " + std::to_string(failures.size() - 1) + " more)";
  }
  return TruncateUtf8(message, kMaxMessageBytes);
}

}  // namespace

HttpRequest BuildRequest(const HttpProbeConfig& config) {
  HttpRequest request;
  request.method = config.method;
  request.url = config.url;
  request.headers = config.headers;
  request.body = config.body;
  request.verify_tls = config.verify_tls;
  request.ca_file = config.ca_file;
  request.max_body_bytes = config.max_body_bytes;
  request.follow_redirects = config.follow_redirects;
  return request;
}

ProbeResult EvaluateResponse(const HttpProbeConfig& config,
                             const HttpResponse& response) {
  std::vector<std::string> failures;
  ProbeResult result;
  auto finish = [&](State state, const char* reason_code, std::string message) {
    result.state = state;
    result.reason = reason_code;
    result.message = TruncateUtf8(message, kMaxMessageBytes);
    AddSamples(result, config, response, failures.size());
    result.details_json = Details(config, response, failures);
    return result;
  };

  if (response.error != HttpError::kNone) {
    return finish(
        State::kDown, ReasonOf(response.error),
        Printable(response.error_message.empty() ? std::string("request failed")
                                                 : response.error_message,
                  kMaxMessageBytes));
  }
  if (!StatusAccepted(config, response.status)) {
    return finish(State::kDown, reason::kHttpStatus,
                  "HTTP " + std::to_string(response.status) +
                      " is not an accepted status");
  }

  for (const auto& pattern : config.body_must_match) {
    if (!RE2::PartialMatch(response.body, *pattern.regex)) {
      failures.push_back(TruncateUtf8(
          pattern.where + " \"" + pattern.pattern + "\" failed: no match",
          kMaxAssertionMessageBytes));
    }
  }
  for (const auto& pattern : config.body_must_not_match) {
    if (RE2::PartialMatch(response.body, *pattern.regex)) {
      failures.push_back(TruncateUtf8(
          pattern.where + " \"" + pattern.pattern + "\" failed: matched",
          kMaxAssertionMessageBytes));
    }
  }
  if (!config.json_assertions.empty()) {
    std::string parse_error;
    const std::optional<json> document =
        ParseBoundedJson(response.body, parse_error);
    if (!document) {
      return finish(State::kDown, reason::kBadBody, "body is " + parse_error);
    }
    for (const auto& assertion : config.json_assertions) {
      AssertionOutcome outcome = EvaluateAssertion(assertion, *document);
      if (!outcome.passed) failures.push_back(std::move(outcome.message));
    }
  }
  if (!failures.empty()) {
    return finish(State::kDown, reason::kAssertion, FailureMessage(failures));
  }

  const double limit =
      std::chrono::duration<double>(config.degraded_after).count();
  if (limit > 0 && response.timings.total > limit) {
    return finish(State::kDegraded, kReasonSlow,
                  "HTTP " + std::to_string(response.status) + " in " +
                      Seconds(response.timings.total) + ", slower than " +
                      Seconds(limit));
  }
  return finish(State::kUp, reason::kNone,
                "HTTP " + std::to_string(response.status) + " in " +
                    Seconds(response.timings.total));
}

HttpProbe::HttpProbe(const std::string& config_json)
    : config_(ParseHttpProbeConfig(config_json)) {}

ProbeResult HttpProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("http", [&] {
    return EvaluateResponse(config_, context.Http(BuildRequest(config_)));
  });
}

}  // namespace stackprobe::plugins::http
