// SPDX-License-Identifier: Apache-2.0
#include "hybrid_coordinator_probe.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <vector>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/http_request.h"
#include "stackprobe/plugin_common/iso_time.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/plugin_common/transport_reason.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::plugins::hybrid_coordinator {
namespace {

// Ordered: the /health body goes into the details with the keys in the
// coordinator's own order (the legacy file shows it as received).
using json = nlohmann::ordered_json;
using plugin_common::ParseBoundedOrderedJson;
using plugin_common::Printable;
using plugin_common::ReasonOf;
using plugin_common::TruncateUtf8;

constexpr std::size_t kMaxBodyBytes = 256 * 1024;
constexpr std::size_t kMaxMessageBytes = 200;
constexpr std::size_t kMaxLabelBytes = 128;

std::optional<json> JsonObject(const HttpResponse& response) {
  if (response.error != HttpError::kNone || response.status < 200 ||
      response.status > 299) {
    return std::nullopt;
  }
  std::string error;
  auto document = ParseBoundedOrderedJson(response.body, error);
  if (!document || !document->is_object()) return std::nullopt;
  return document;
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void AddStatsSamples(const json& stats, ProbeResult& result) {
  const json total = stats.value("total_queries", json());
  if (total.is_number()) {
    AddCounter(result, "queries_total",
               "Queries handled since the coordinator started "
               "(/stats stats.total_queries)",
               total.get<double>());
  }
  const json hits = stats.value("context_hits", json());
  if (hits.is_number()) {
    AddCounter(result, "context_hits_total",
               "Queries answered with stored context (/stats "
               "stats.context_hits)",
               hits.get<double>());
  }
  const json ratio = stats.value("context_hit_rate", json());
  if (ratio.is_number()) {
    AddGauge(result, "context_hit_ratio",
             "Share of queries answered with stored context (/stats "
             "stats.context_hit_rate)",
             ratio.get<double>());
  }
  const json last = stats.value("last_query_at", json());
  if (last.is_string()) {
    if (const auto seconds = plugin_common::ParseIsoTimestamp(
            last.get<std::string>(), plugin_common::IsoSyntax::kRfc3339)) {
      AddGauge(result, "last_query_timestamp_seconds",
               "Time of the last query, Unix seconds (/stats "
               "stats.last_query_at)",
               *seconds);
    }
  }
}

}  // namespace

HybridCoordinatorProbe::HybridCoordinatorProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  base_url_ = plugin_common::NormalizeBaseUrl(config.String("base_url"));
  stats_check_ = config.Boolean("stats_check");
}

ProbeResult HybridCoordinatorProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("hybrid_coordinator",
                                   [&] { return RunUnchecked(context); });
}

ProbeResult HybridCoordinatorProbe::RunUnchecked(ProbeContext& context) const {
  std::vector<HttpRequest> requests{
      plugin_common::GetRequest(base_url_ + "/health", kMaxBodyBytes)};
  if (stats_check_)
    requests.push_back(
        plugin_common::GetRequest(base_url_ + "/stats", kMaxBodyBytes));
  const std::vector<HttpResponse> responses = context.HttpMany(requests);
  const HttpResponse& health = responses.at(0);

  json details = {{"url", plugin_common::RedactUrl(base_url_)},
                  {"http_status", nullptr},
                  {"upstream_status", nullptr},
                  {"health", json::object()},
                  {"stats", nullptr},
                  {"collections", json::array()}};
  ProbeResult result;
  auto finish = [&](State state, const char* reason_code,
                    const std::string& message) {
    result.state = state;
    result.reason = reason_code;
    result.message = TruncateUtf8(message, kMaxMessageBytes);
    result.details_json = Dump(details);
    return result;
  };

  if (health.error != HttpError::kNone) {
    return finish(State::kDown, ReasonOf(health.error),
                  Printable(health.error_message, kMaxMessageBytes));
  }
  details["http_status"] = health.status;
  if (health.status < 200 || health.status > 299) {
    return finish(State::kDown, reason::kHttpStatus,
                  "/health answered HTTP " + std::to_string(health.status));
  }
  const std::optional<json> health_body = JsonObject(health);
  if (!health_body) {
    return finish(State::kDown, reason::kBadBody,
                  "/health body is not a JSON object");
  }
  details["health"] = *health_body;
  const json status = health_body->value("status", json());
  if (status.is_string()) details["upstream_status"] = status;

  std::optional<json> stats_body;
  if (stats_check_) stats_body = JsonObject(responses.at(1));
  if (stats_body) {
    const json stats = stats_body->value("stats", json());
    if (stats.is_object()) {
      details["stats"] = stats;
      AddStatsSamples(stats, result);
    }
  }
  json collections = health_body->value("collections", json());
  if (!collections.is_array() && stats_body) {
    collections = stats_body->value("collections", json());
  }
  if (collections.is_array()) {
    std::size_t count = 0;
    for (const auto& name : collections) {
      if (!name.is_string()) continue;
      ++count;
      if (count > kMaxCollections) continue;
      const std::string label =
          TruncateUtf8(name.get<std::string>(), kMaxLabelBytes);
      details["collections"].push_back(label);
      AddInfo(result, "collection_info",
              "A collection the coordinator reports (/health collections)",
              {{"collection", label}});
    }
    AddGauge(result, "collections",
             "Number of collections the coordinator reports (/health "
             "collections)",
             static_cast<double>(count));
  }
  if (status != "healthy") {
    return finish(State::kDegraded, reason::kAssertion,
                  "/health status is " + TruncateUtf8(Dump(status), 60) +
                      ", not \"healthy\"");
  }
  return finish(State::kUp, reason::kNone, "healthy");
}

}  // namespace stackprobe::plugins::hybrid_coordinator
