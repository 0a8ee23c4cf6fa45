// SPDX-License-Identifier: Apache-2.0
#include "qdrant_probe.h"

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <utility>

#include "collection_parse.h"
#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/http_request.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/plugin_common/transport_reason.h"
#include "stackprobe/plugin_common/verdict.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::qdrant {

using plugin_common::Clip;
using plugin_common::NormalizeBaseUrl;
using plugin_common::ParseBoundedJsonOrThrow;
using plugin_common::ReasonOf;
namespace {

using nlohmann::json;

constexpr std::size_t kMaxHealthBytes = 4 * 1024;
constexpr std::size_t kMaxListBytes = 1024 * 1024;
constexpr std::size_t kMaxCollectionBytes = 256 * 1024;

const std::vector<std::string>& CollectionStates() {
  static const std::vector<std::string> kStates = {"green", "yellow", "grey",
                                                   "red"};
  return kStates;
}

// A problem that makes the result degraded; the first of the highest rank
// gives the reason.
struct Problem {
  int rank;  // Lower wins the reason.
  std::string reason_code;
  std::string message;
};

std::string DescribeFailure(const HttpResponse& response) {
  if (response.error != HttpError::kNone) {
    return Clip(response.error_message);
  }
  return "HTTP " + std::to_string(response.status);
}

const char* FailureReason(const HttpResponse& response) {
  return response.error != HttpError::kNone ? ReasonOf(response.error)
                                            : reason::kHttpStatus;
}

}  // namespace

QdrantProbe::QdrantProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  base_url_ = NormalizeBaseUrl(config.String("base_url"));
  health_path_ = "/" + config.String("health_endpoint");
  expected_collections_ = config.Strings("expected_collections");
  expected_dimension_ = config.Integer("expected_dimension");
  embeddings_probe_ = config.String("embeddings_probe");
  api_key_ = config.String("api_key");
}

ProbeResult QdrantProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("qdrant",
                                   [&] { return RunChecked(context); });
}

HttpRequest QdrantProbe::Get(const std::string& path,
                             std::size_t max_body_bytes) const {
  HttpRequest request =
      plugin_common::GetRequest(base_url_ + path, max_body_bytes);
  if (!api_key_.empty()) request.headers.emplace_back("api-key", api_key_);
  return request;
}

std::int64_t QdrantProbe::WantedDimension(ProbeContext& context) const {
  if (expected_dimension_ > 0) return expected_dimension_;
  if (embeddings_probe_.empty()) return 0;
  ProbeRecord record;
  if (!context.LatestResult(embeddings_probe_, record) || !record.has_run) {
    return 0;
  }
  try {
    json details = ParseBoundedJsonOrThrow(record.result.details_json);
    auto dimension = details.find("dimension");
    if (dimension != details.end() && dimension->is_number_integer() &&
        dimension->get<std::int64_t>() > 0) {
      return dimension->get<std::int64_t>();
    }
  } catch (const std::exception&) {
  }
  return 0;
}

ProbeResult QdrantProbe::RunChecked(ProbeContext& context) {
  json details = {{"url", plugin_common::RedactUrl(base_url_)},
                  {"healthy", false},
                  {"collections", json::object()},
                  {"missing", json::array()},
                  {"total_points", 0}};
  ProbeResult result;
  auto finish = [&](State state, std::string reason_code, std::string message) {
    return plugin_common::WithVerdict(std::move(result), state,
                                      std::move(reason_code),
                                      std::move(message), details);
  };

  // Round one: health, the list and every expected collection at once.
  std::vector<HttpRequest> requests = {Get(health_path_, kMaxHealthBytes),
                                       Get("/collections", kMaxListBytes)};
  std::vector<std::string> names = expected_collections_;
  for (const auto& name : names) {
    requests.push_back(
        Get("/collections/" + EncodePathSegment(name), kMaxCollectionBytes));
  }
  std::vector<HttpResponse> responses = context.HttpMany(requests);
  if (responses.size() != requests.size()) {
    throw std::runtime_error("HttpMany answered the wrong number of requests");
  }

  const HttpResponse& health = responses[0];
  if (health.error != HttpError::kNone || health.status != 200) {
    return finish(
        State::kDown, FailureReason(health),
        "GET " + health_path_ + " failed: " + DescribeFailure(health));
  }
  details["healthy"] = true;

  std::vector<Problem> problems;
  const HttpResponse& list = responses[1];
  std::vector<std::string> listed;
  bool list_ok = false;
  if (list.error != HttpError::kNone || list.status != 200) {
    problems.push_back({3, FailureReason(list),
                        "GET /collections failed: " + DescribeFailure(list)});
  } else {
    try {
      listed = ParseCollectionList(list.body);
      list_ok = true;
    } catch (const std::exception& e) {
      problems.push_back(
          {3, reason::kBadBody,
           "GET /collections: unexpected body: " + Clip(e.what())});
    }
  }
  if (list_ok) {
    AddGauge(result, "collections", "Collections listed by GET /collections",
             static_cast<double>(listed.size()));
  }

  // Round two: listed collections nobody expected, within the bound.
  std::set<std::string> known(names.begin(), names.end());
  std::vector<HttpRequest> extra;
  for (const auto& name : listed) {
    if (names.size() >= kMaxCollections) break;
    if (known.insert(name).second) {
      names.push_back(name);
      extra.push_back(
          Get("/collections/" + EncodePathSegment(name), kMaxCollectionBytes));
    }
  }
  if (!extra.empty()) {
    std::vector<HttpResponse> more = context.HttpMany(extra);
    if (more.size() != extra.size()) {
      throw std::runtime_error(
          "HttpMany answered the wrong number of requests");
    }
    for (auto& response : more) responses.push_back(std::move(response));
  }

  std::int64_t wanted = WantedDimension(context);
  double total_points = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    const HttpResponse& response = responses[2 + i];
    Labels labels = {{"collection", name}};
    bool expected = i < expected_collections_.size();
    if (response.error == HttpError::kNone && response.status == 404) {
      AddGauge(result, "collection_present",
               "1 when GET /collections/{name} finds the collection, 0 when "
               "Qdrant answers 404",
               0, labels);
      if (expected) {
        details["missing"].push_back(name);
        problems.push_back({1, kReasonMissingCollection,
                            "collection " + name + " is missing"});
      }
      continue;
    }
    if (response.error != HttpError::kNone || response.status != 200) {
      problems.push_back({3, FailureReason(response),
                          "GET /collections/" + name +
                              " failed: " + DescribeFailure(response)});
      continue;
    }
    CollectionInfo info;
    try {
      info = ParseCollectionInfo(response.body);
    } catch (const std::exception& e) {
      problems.push_back({3, reason::kBadBody,
                          "GET /collections/" + name +
                              ": unexpected body: " + Clip(e.what())});
      continue;
    }
    AddGauge(result, "collection_present",
             "1 when GET /collections/{name} finds the collection, 0 when "
             "Qdrant answers 404",
             1, labels);
    json entry = {{"points", nullptr},      {"indexed_vectors", nullptr},
                  {"segments", nullptr},    {"status", info.status},
                  {"vector_size", nullptr}, {"distance", info.distance}};
    if (info.points) {
      total_points += *info.points;
      entry["points"] = static_cast<std::int64_t>(*info.points);
      AddGauge(result, "collection_points",
               "Approximate points in the collection (GET "
               "/collections/{name} result.points_count)",
               *info.points, labels);
    }
    if (info.indexed_vectors) {
      entry["indexed_vectors"] =
          static_cast<std::int64_t>(*info.indexed_vectors);
      AddGauge(
          result, "collection_indexed_vectors",
          "Indexed vectors in the collection (result.indexed_vectors_count)",
          *info.indexed_vectors, labels);
    }
    if (info.segments) {
      entry["segments"] = static_cast<std::int64_t>(*info.segments);
      AddGauge(result, "collection_segments",
               "Segments of the collection (result.segments_count)",
               *info.segments, labels);
    }
    AddStateSet(result, "collection_status",
                "Collection status from GET /collections/{name} "
                "(result.status: green ok, yellow optimizing, grey optimizer "
                "pending, red failed)",
                "status", CollectionStates(), info.status, labels);
    if (info.status == "red") {
      problems.push_back(
          {2, reason::kAssertion, "collection " + name + " status is red"});
    }
    AddInfo(result, "collection_info",
            "Distance metric of the collection's vectors "
            "(result.config.params.vectors.distance)",
            {{"collection", name}, {"distance", DistanceLabel(info.distance)}});
    if (info.vector_size) {
      entry["vector_size"] = *info.vector_size;
      AddGauge(result, "collection_vector_size",
               "Vector size of the collection "
               "(result.config.params.vectors.size)",
               static_cast<double>(*info.vector_size), labels);
      if (wanted > 0) {
        bool mismatch = *info.vector_size != wanted;
        AddGauge(result, "dimension_mismatch",
                 "1 when the collection's vector size differs from the "
                 "embeddings dimension (expected_dimension or the "
                 "embeddings probe's result), else 0",
                 mismatch ? 1 : 0, labels);
        if (mismatch) {
          problems.push_back({0, reason::kAssertion,
                              "collection " + name + " has " +
                                  std::to_string(*info.vector_size) +
                                  "-d vectors but the embeddings produce " +
                                  std::to_string(wanted) + "-d"});
        }
      }
    }
    details["collections"][name] = std::move(entry);
  }
  details["total_points"] = static_cast<std::int64_t>(total_points);
  AddGauge(result, "points",
           "Sum of points_count over the collections examined", total_points);

  if (problems.empty()) {
    return finish(State::kUp, reason::kNone,
                  std::to_string(names.size()) + " collections, " +
                      std::to_string(static_cast<std::int64_t>(total_points)) +
                      " points");
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const Problem& a, const Problem& b) { return a.rank < b.rank; });
  std::string message;
  for (std::size_t i = 0; i < problems.size() && i < 5; ++i) {
    message += (i > 0 ? "; " : "") + problems[i].message;
  }
  if (problems.size() > 5) {
    message += "; and " + std::to_string(problems.size() - 5) + " more";
  }
  return finish(State::kDegraded, problems.front().reason_code, message);
}

}  // namespace stackprobe::qdrant
