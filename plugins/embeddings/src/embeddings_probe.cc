// SPDX-License-Identifier: Apache-2.0
#include "embeddings_probe.h"

#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>
#include <utility>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/health_answer.h"
#include "stackprobe/plugin_common/http_request.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/plugin_common/transport_reason.h"
#include "stackprobe/plugin_common/verdict.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::embeddings {

using plugin_common::Clip;
using plugin_common::NormalizeBaseUrl;
using plugin_common::ParseBoundedJsonOrThrow;
using plugin_common::ReasonOf;
namespace {

using nlohmann::json;

// /health answers are a few hundred bytes; anything near this is not the
// embeddings service.
constexpr std::size_t kMaxHealthBytes = 64 * 1024;
// One 384-d vector is about 8 KiB of JSON; leave room for larger models.
constexpr std::size_t kMaxEmbedBytes = 1024 * 1024;
// Model names become a label value: keep them bounded.
constexpr std::size_t kMaxModelBytes = 128;
constexpr const char* kSemanticText =
    "stackprobe semantic check: the quick brown fox jumps over the lazy dog";

// What /health said, as far as it could be read.
struct Health {
  std::string status;
  std::string model;
  std::string error;
  bool has_ready = false;
  bool ready = false;
  bool has_loading_seconds = false;
  double loading_seconds = 0;
};

Health ReadHealth(const json& body) {
  Health health;
  if (auto it = body.find("status"); it != body.end() && it->is_string()) {
    health.status = it->get<std::string>();
  }
  if (auto it = body.find("model"); it != body.end() && it->is_string()) {
    health.model = it->get<std::string>();
  }
  if (auto it = body.find("error"); it != body.end() && it->is_string()) {
    health.error = it->get<std::string>();
  }
  if (auto it = body.find("ready"); it != body.end() && it->is_boolean()) {
    health.has_ready = true;
    health.ready = it->get<bool>();
  }
  if (auto it = body.find("loading_time_seconds");
      it != body.end() && it->is_number()) {
    health.has_loading_seconds = true;
    health.loading_seconds = it->get<double>();
  }
  return health;
}

// Finds the first vector in the /embed answer: `[[...]]`, or the same list
// under "embeddings". Null when the shape is neither.
const json* FirstVector(const json& body) {
  const json* list = &body;
  if (body.is_object()) {
    auto it = body.find("embeddings");
    if (it == body.end()) return nullptr;
    list = &*it;
  }
  if (!list->is_array() || list->empty() || !(*list)[0].is_array()) {
    return nullptr;
  }
  return &(*list)[0];
}

// The outcome of the semantic check, folded into the result by the caller.
struct SemanticOutcome {
  bool passed = false;
  std::string reason_code;
  std::string message;
  int dimension = 0;  // 0: not measured.
};

SemanticOutcome CheckEmbedAnswer(const HttpResponse& response,
                                 int expected_dimension) {
  SemanticOutcome outcome;
  if (response.error != HttpError::kNone) {
    outcome.reason_code = ReasonOf(response.error);
    outcome.message =
        "semantic check: POST /embed failed: " + Clip(response.error_message);
    return outcome;
  }
  if (response.status != 200) {
    outcome.reason_code = reason::kHttpStatus;
    outcome.message = "semantic check: POST /embed answered HTTP " +
                      std::to_string(response.status);
    return outcome;
  }
  json body;
  try {
    body = ParseBoundedJsonOrThrow(response.body);
  } catch (const json::out_of_range& e) {
    // A number beyond double's range (1e999) is an infinity.
    outcome.reason_code = e.id == 406 ? reason::kAssertion : reason::kBadBody;
    outcome.message =
        "semantic check: the embedding holds a number out of "
        "range: " +
        Clip(e.what());
    return outcome;
  } catch (const std::exception& e) {
    // Python's json module writes NaN and Infinity, which are not JSON: a
    // model producing them is an assertion failure, not a garbled body.
    bool non_finite = response.body.find("NaN") != std::string::npos ||
                      response.body.find("Infinity") != std::string::npos;
    outcome.reason_code = non_finite ? reason::kAssertion : reason::kBadBody;
    outcome.message =
        non_finite
            ? "semantic check: the embedding holds non-finite "
              "values (NaN or Infinity)"
            : "semantic check: /embed body is not JSON: " + Clip(e.what());
    return outcome;
  }
  const json* vector = FirstVector(body);
  if (vector == nullptr) {
    outcome.reason_code = reason::kBadBody;
    outcome.message = "semantic check: /embed answer is not a list of vectors";
    return outcome;
  }
  outcome.dimension = static_cast<int>(vector->size());
  for (const auto& value : *vector) {
    if (!value.is_number()) {
      outcome.reason_code = reason::kBadBody;
      outcome.message = "semantic check: the embedding holds a non-number";
      return outcome;
    }
    if (!std::isfinite(value.get<double>())) {
      outcome.reason_code = reason::kAssertion;
      outcome.message = "semantic check: the embedding holds non-finite values";
      return outcome;
    }
  }
  if (outcome.dimension != expected_dimension) {
    outcome.reason_code = reason::kAssertion;
    outcome.message = "semantic check: embedding dimension " +
                      std::to_string(outcome.dimension) + ", expected " +
                      std::to_string(expected_dimension);
    return outcome;
  }
  outcome.passed = true;
  return outcome;
}

}  // namespace

EmbeddingsProbe::EmbeddingsProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  base_url_ = NormalizeBaseUrl(config.String("base_url"));
  semantic_check_ = config.Boolean("semantic_check");
  expected_dimension_ = static_cast<int>(config.Integer("expected_dimension"));
}

ProbeResult EmbeddingsProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("embeddings",
                                   [&] { return RunChecked(context); });
}

ProbeResult EmbeddingsProbe::RunChecked(ProbeContext& context) {
  json details = {{"url", plugin_common::RedactUrl(base_url_)},
                  {"http_status", 0},
                  {"upstream_status", ""},
                  {"model", ""},
                  {"ready", false},
                  {"dimension", expected_dimension_},
                  {"loading_seconds", 0}};
  ProbeResult result;
  auto finish = [&](State state, std::string reason_code, std::string message) {
    return plugin_common::WithVerdict(std::move(result), state,
                                      std::move(reason_code),
                                      std::move(message), details);
  };

  HttpResponse response = context.Http(
      plugin_common::GetRequest(base_url_ + "/health", kMaxHealthBytes));
  details["http_status"] = response.status;
  // The service answers 503 with its JSON status while the model loads.
  json body;
  plugin_common::HealthFailure failure;
  if (!plugin_common::ReadHealthObject(response, {200, 503}, body, failure)) {
    return finish(State::kDown, failure.reason, std::move(failure.message));
  }

  Health health = ReadHealth(body);
  bool healthy = response.status == 200 && health.status == "ok";
  // Older builds omit "ready"; for them a 200 "ok" means ready.
  bool ready = health.has_ready ? health.ready : healthy;
  details["upstream_status"] = health.status;
  details["model"] = health.model;
  details["ready"] = ready;
  AddGauge(result, "ready",
           "1 when GET /health reports the model ready (field \"ready\", or "
           "status \"ok\" for builds without it), else 0",
           ready ? 1 : 0);
  if (!health.model.empty() && health.model.size() <= kMaxModelBytes) {
    AddInfo(result, "model_info",
            "The model named by GET /health (field \"model\")",
            {{"model", health.model}});
  }

  if (health.status == "loading") {
    details["loading_seconds"] = health.loading_seconds;
    if (health.has_loading_seconds) {
      AddGauge(result, "loading_seconds",
               "Seconds the model has been loading, from GET /health field "
               "\"loading_time_seconds\"",
               health.loading_seconds);
    }
    return finish(
        State::kStarting, reason::kNone,
        "model loading for " +
            std::to_string(static_cast<long>(health.loading_seconds)) + " s");
  }
  if (health.status == "error") {
    return finish(State::kDown, kReasonModelError,
                  "model error: " + Clip(health.error.empty()
                                             ? std::string("(no error text)")
                                             : health.error));
  }
  if (response.status != 200) {
    return finish(
        State::kDown, reason::kHttpStatus,
        "GET /health answered HTTP " + std::to_string(response.status));
  }
  if (!healthy) {
    return finish(State::kDown, reason::kAssertion,
                  "GET /health status is \"" + Clip(health.status) +
                      "\", expected \"ok\"");
  }
  if (!semantic_check_) {
    return finish(State::kUp, reason::kNone,
                  "model " + Clip(health.model) + " ready");
  }

  HttpRequest embed;
  embed.method = "POST";
  embed.url = base_url_ + "/embed";
  embed.headers = {{"Content-Type", "application/json"}};
  embed.body = json{{"inputs", json::array({kSemanticText})}}.dump();
  embed.max_body_bytes = kMaxEmbedBytes;
  HttpResponse embedded = context.Http(embed);
  SemanticOutcome outcome = CheckEmbedAnswer(embedded, expected_dimension_);
  if (embedded.error == HttpError::kNone) {
    AddGauge(result, "embed_duration_seconds",
             "Duration of the semantic check's POST /embed of one text",
             embedded.timings.total);
  }
  if (outcome.dimension > 0) {
    details["dimension"] = outcome.dimension;
    AddGauge(result, "embedding_dimension",
             "Length of the vector POST /embed returned for one text",
             outcome.dimension);
  }
  if (!outcome.passed) {
    return finish(State::kDegraded, outcome.reason_code, outcome.message);
  }
  return finish(State::kUp, reason::kNone,
                "model " + Clip(health.model) + " ready, " +
                    std::to_string(outcome.dimension) + "-d embeddings");
}

}  // namespace stackprobe::embeddings
