// SPDX-License-Identifier: Apache-2.0
#include "aidb_probe.h"

#include <cctype>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/health_answer.h"
#include "stackprobe/plugin_common/http_request.h"
#include "stackprobe/plugin_common/text.h"
#include "stackprobe/plugin_common/verdict.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::aidb {

using plugin_common::Clip;
using plugin_common::NormalizeBaseUrl;
namespace {

// Ordered: the /health body goes into the details with the keys in
// AIDB's own order (the legacy file shows it as received).
using json = nlohmann::ordered_json;

constexpr std::size_t kMaxHealthBytes = 256 * 1024;
// Breaker names become label values: bound how many and how long.
constexpr std::size_t kMaxBreakers = 16;
constexpr std::size_t kMaxBreakerNameBytes = 64;

// The sub-checks AIDB's /health reports, in the order it reports them.
constexpr const char* kChecks[] = {"database", "redis",     "ml_engine",
                                   "pgvector", "llama_cpp", "federation"};

const std::vector<std::string>& CheckStates() {
  static const std::vector<std::string> kStates = {"ok", "degraded", "error"};
  return kStates;
}

const std::vector<std::string>& BreakerStates() {
  static const std::vector<std::string> kStates = {"closed", "open",
                                                   "half_open"};
  return kStates;
}

std::string_view GradeName(CheckGrade grade) {
  switch (grade) {
    case CheckGrade::kOk:
      return "ok";
    case CheckGrade::kDegraded:
      return "degraded";
    case CheckGrade::kError:
      return "error";
  }
  return "error";
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "3 servers cached" -> 3; nullopt for anything else.
std::optional<double> CachedServers(std::string_view federation) {
  std::size_t digits = 0;
  while (digits < federation.size() && digits < 9 &&
         std::isdigit(static_cast<unsigned char>(federation[digits]))) {
    ++digits;
  }
  if (digits == 0 || federation.substr(digits) != " servers cached") {
    return std::nullopt;
  }
  return std::stod(std::string(federation.substr(0, digits)));
}

std::string BreakerState(std::string value) {
  for (char& c : value) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return value;
}

}  // namespace

CheckGrade GradeCheck(std::string_view check, std::string_view value) {
  if (StartsWith(value, "ok")) return CheckGrade::kOk;
  if (check == "database" || check == "redis") return CheckGrade::kError;
  if (check == "federation" && CachedServers(value)) return CheckGrade::kOk;
  if (StartsWith(value, "disabled") || StartsWith(value, "missing")) {
    return CheckGrade::kDegraded;
  }
  return CheckGrade::kError;
}

AidbProbe::AidbProbe(const std::string& config_json)
    : base_url_(
          NormalizeBaseUrl(sdk::ConfigReader(config_json).String("base_url"))) {
}

ProbeResult AidbProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("aidb", [&] { return RunChecked(context); });
}

ProbeResult AidbProbe::RunChecked(ProbeContext& context) {
  json details = {{"url", plugin_common::RedactUrl(base_url_)},
                  {"http_status", 0},
                  {"upstream_status", ""},
                  {"health", json::object()}};
  ProbeResult result;
  auto finish = [&](State state, std::string reason_code, std::string message) {
    return plugin_common::WithVerdict(std::move(result), state,
                                      std::move(reason_code),
                                      std::move(message), details);
  };

  // AIDB answers GET /health* from a 30 s redis cache unless the URL has a
  // query string, so every run asks a fresh question.
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  HttpResponse response = context.Http(plugin_common::GetRequest(
      base_url_ + "/health?ts=" + std::to_string(now_ms), kMaxHealthBytes));
  details["http_status"] = response.status;
  json body;
  plugin_common::HealthFailure failure;
  if (!plugin_common::ReadHealthObject(response, {200}, body, failure)) {
    return finish(State::kDown, failure.reason, std::move(failure.message));
  }
  details["health"] = body;
  if (response.status != 200) {
    return finish(
        State::kDown, reason::kHttpStatus,
        "GET /health answered HTTP " + std::to_string(response.status));
  }
  std::string status;
  if (auto it = body.find("status"); it != body.end() && it->is_string()) {
    status = it->get<std::string>();
  }
  details["upstream_status"] = status;

  std::vector<std::string> problems;  // non-ok checks, for the message
  std::map<std::string, CheckGrade> grades;
  for (const char* check : kChecks) {
    auto it = body.find(check);
    if (it == body.end()) continue;
    std::string value = it->is_string() ? it->get<std::string>() : "";
    CheckGrade grade = GradeCheck(check, value);
    grades[check] = grade;
    AddStateSet(result, "check_state",
                "Grade of each sub-check reported by AIDB GET /health "
                "(\"ok...\" ok; disabled/missing degraded; else error)",
                "state", CheckStates(), std::string(GradeName(grade)),
                {{"check", check}});
    if (grade != CheckGrade::kOk) {
      problems.push_back(std::string(check) + " " + Clip(value, 80));
    }
    if (std::string_view(check) == "federation") {
      if (auto servers = CachedServers(value)) {
        AddGauge(result, "federation_servers",
                 "Federated servers AIDB has cached, from GET /health field "
                 "\"federation\" (\"N servers cached\")",
                 *servers);
      }
    }
  }

  std::vector<std::string> open_breakers;
  if (auto it = body.find("circuit_breakers");
      it != body.end() && it->is_object()) {
    std::size_t count = 0;
    for (const auto& [name, value] : it->items()) {
      if (name.empty() || name.size() > kMaxBreakerNameBytes) continue;
      if (++count > kMaxBreakers) {
        context.Log(LogLevel::kWarning,
                    "aidb reports more than 16 circuit breakers; the rest "
                    "are not exported");
        break;
      }
      std::string state =
          value.is_string() ? BreakerState(value.get<std::string>()) : "";
      AddStateSet(result, "circuit_breaker_state",
                  "State of each circuit breaker reported by AIDB GET "
                  "/health (field \"circuit_breakers\")",
                  "state", BreakerStates(), state, {{"breaker", name}});
      if (state == "open") open_breakers.push_back(name);
    }
  }

  if (status == "error") {
    for (const char* check : {kReasonDatabase, kReasonRedis}) {
      auto grade = grades.find(check);
      if (grade != grades.end() && grade->second != CheckGrade::kOk) {
        return finish(
            State::kDown, check,
            std::string(check) + " check failed: " +
                Clip(body[check].is_string() ? body[check].get<std::string>()
                                             : body[check].dump()));
      }
    }
    return finish(State::kDown, reason::kAssertion,
                  "AIDB reports status \"error\"");
  }
  if (status != "ok") {
    return finish(
        State::kDown, reason::kAssertion,
        "AIDB reports status \"" + Clip(status) + "\", expected \"ok\"");
  }
  for (const auto& name : open_breakers) {
    problems.push_back("circuit breaker " + Clip(name, 64) + " OPEN");
  }
  if (!problems.empty()) {
    std::string message = "AIDB works with problems: ";
    for (std::size_t i = 0; i < problems.size(); ++i) {
      message += (i > 0 ? "; " : "") + problems[i];
    }
    return finish(State::kDegraded, reason::kAssertion, message);
  }
  return finish(State::kUp, reason::kNone, "AIDB and all its checks ok");
}

}  // namespace stackprobe::aidb
