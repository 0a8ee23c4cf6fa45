// SPDX-License-Identifier: Apache-2.0
#include "llama_cpp_probe.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/http_request.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/plugin_common/transport_reason.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::plugins::llama_cpp {
namespace {

using nlohmann::json;
using plugin_common::ParseBoundedJson;
using plugin_common::Printable;
using plugin_common::ReasonOf;
using plugin_common::TruncateUtf8;

// The documents are tiny; a larger answer is not a llama.cpp server.
constexpr std::size_t kMaxBodyBytes = 256 * 1024;
constexpr std::size_t kMaxMessageBytes = 200;

// data[0].id of a /v1/models answer, or nullopt.
std::optional<std::string> ModelId(const HttpResponse& response) {
  if (response.error != HttpError::kNone || response.status != 200) {
    return std::nullopt;
  }
  std::string error;
  const auto document = ParseBoundedJson(response.body, error);
  if (!document) return std::nullopt;
  const json id = document->value("/data/0/id"_json_pointer, json());
  if (!id.is_string()) return std::nullopt;
  return id.get<std::string>();
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

void RelayMetrics(std::string_view exposition,
                  const std::set<std::string>& allowed, ProbeResult& result) {
  std::size_t relayed = 0;
  while (!exposition.empty() && relayed < kMaxRelayedSamples) {
    const std::size_t end = exposition.find('\n');
    std::string_view line = exposition.substr(0, end);
    exposition.remove_prefix(end == std::string_view::npos ? exposition.size()
                                                           : end + 1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string name(line.substr(0, space));
    // Labelled samples would need their label values bounded too; the
    // llama.cpp families carry none.
    if (name.find('{') != std::string::npos || allowed.count(name) == 0) {
      continue;
    }
    const std::string value_text(line.substr(space + 1));
    char* parse_end = nullptr;
    const double value = std::strtod(value_text.c_str(), &parse_end);
    if (parse_end == value_text.c_str()) continue;
    std::string relay_name = "relay_";
    for (char c : name) relay_name += IsNameChar(c) ? c : '_';
    std::string help = "Relayed from the llama.cpp /metrics sample " + name;
    const bool counter = relay_name.size() > 6 &&
                         relay_name.rfind("_total") == relay_name.size() - 6;
    if (counter) {
      AddCounter(result, relay_name, std::move(help), value);
    } else {
      AddGauge(result, relay_name, std::move(help), value);
    }
    ++relayed;
  }
}

LlamaCppProbe::LlamaCppProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  base_url_ = plugin_common::NormalizeBaseUrl(config.String("base_url"));
  models_check_ = config.Boolean("models_check");
  for (std::string& name : config.Strings("relay_metrics")) {
    relay_metrics_.insert(std::move(name));
  }
}

ProbeResult LlamaCppProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("llama_cpp",
                                   [&] { return RunUnchecked(context); });
}

ProbeResult LlamaCppProbe::RunUnchecked(ProbeContext& context) const {
  // /v1/models is asked every time: llama.cpp answers it while /health is
  // 503 "Loading model", so the model is known during loading too.
  std::vector<HttpRequest> requests{
      plugin_common::GetRequest(base_url_ + "/health", kMaxBodyBytes),
      plugin_common::GetRequest(base_url_ + "/v1/models", kMaxBodyBytes)};
  if (!relay_metrics_.empty())
    requests.push_back(
        plugin_common::GetRequest(base_url_ + "/metrics", kMaxBodyBytes));
  const std::vector<HttpResponse> responses = context.HttpMany(requests);
  const HttpResponse& health = responses.at(0);

  json details = {{"url", plugin_common::RedactUrl(base_url_)},
                  {"http_status", nullptr},
                  {"upstream_status", nullptr},
                  {"model", nullptr},
                  {"loading", false}};
  ProbeResult result;
  if (const auto id = ModelId(responses.at(1))) {
    const std::string model = TruncateUtf8(*id, kMaxModelIdBytes);
    details["model"] = model;
    AddInfo(result, "model_info",
            "Model served by llama.cpp (data[0].id of /v1/models)",
            {{"model", model}});
  }
  auto finish = [&](State state, const char* reason_code,
                    const std::string& message) {
    result.state = state;
    result.reason = reason_code;
    result.message = TruncateUtf8(message, kMaxMessageBytes);
    result.details_json =
        details.dump(-1, ' ', false, json::error_handler_t::replace);
    return result;
  };

  if (health.error != HttpError::kNone) {
    return finish(State::kDown, ReasonOf(health.error),
                  Printable(health.error_message, kMaxMessageBytes));
  }
  details["http_status"] = health.status;
  std::string parse_error;
  const std::optional<json> body = ParseBoundedJson(health.body, parse_error);
  if (health.status == 503 && body && body->is_object() &&
      body->value("/error/message"_json_pointer, json()) == "Loading model") {
    details["loading"] = true;
    return finish(State::kStarting, reason::kNone, "loading model");
  }
  if (health.status < 200 || health.status > 299) {
    return finish(State::kDown, reason::kHttpStatus,
                  "/health answered HTTP " + std::to_string(health.status));
  }
  if (!body || !body->is_object()) {
    return finish(State::kDown, reason::kBadBody,
                  "/health body is " + (body ? "not an object" : parse_error));
  }
  const json status = body->value("status", json());
  if (status.is_string()) details["upstream_status"] = status;

  if (!relay_metrics_.empty()) {
    const HttpResponse& metrics = responses.back();
    if (metrics.error == HttpError::kNone && metrics.status == 200) {
      RelayMetrics(metrics.body, relay_metrics_, result);
    }
  }
  if (status != "ok") {
    return finish(State::kDegraded, reason::kAssertion,
                  "/health status is " +
                      TruncateUtf8(status.dump(-1, ' ', false,
                                               json::error_handler_t::replace),
                                   60) +
                      ", not \"ok\"");
  }
  if (models_check_ && details["model"].is_null()) {
    return finish(State::kDegraded, reason::kAssertion,
                  "/v1/models lists no model");
  }
  return finish(State::kUp, reason::kNone,
                details["model"].is_string()
                    ? "serving " + details["model"].get<std::string>()
                    : std::string("healthy"));
}

}  // namespace stackprobe::plugins::llama_cpp
