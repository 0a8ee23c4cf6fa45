// SPDX-License-Identifier: Apache-2.0
#include "json_output.h"

#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

#include "stackprobe/plugin_common/bounded_json.h"
#include "stackprobe/plugin_common/text.h"

namespace stackprobe::exec {
namespace {

// The reasons a check may give; the host's own (plugin_error,
// plugin_crash) are not a check's to claim.
constexpr std::array<const char*, 14> kCheckReasons = {
    reason::kNone,          reason::kRefused,      reason::kTimeout,
    reason::kDns,           reason::kTls,          reason::kHttpStatus,
    reason::kBadBody,       reason::kBodyTooLarge, reason::kAssertion,
    reason::kDependency,    reason::kNotFound,     reason::kPermission,
    reason::kCommandFailed, reason::kConnection};

bool StateOfName(const std::string& name, State& state) {
  for (State candidate :
       {State::kUp, State::kDegraded, State::kDown, State::kError}) {
    if (StateName(candidate) == name) {
      state = candidate;
      return true;
    }
  }
  return false;
}

bool IsCheckReason(const std::string& name) {
  for (const char* known : kCheckReasons) {
    if (name == known) return true;
  }
  return false;
}

}  // namespace

bool ParseJsonOutput(std::string_view text, std::size_t max_metrics,
                     JsonCheckOutput& out, std::string& error) {
  auto parsed = plugin_common::ParseBoundedJson(text, error);
  if (!parsed) return false;
  const nlohmann::json& document = *parsed;
  if (!document.is_object()) {
    error = "expected a JSON object";
    return false;
  }
  const auto state = document.find("state");
  if (state == document.end() || !state->is_string() ||
      !StateOfName(state->get<std::string>(), out.state)) {
    error = "state: expected \"up\", \"degraded\", \"down\" or \"error\"";
    return false;
  }
  out.reason = out.state == State::kUp ? reason::kNone : reason::kAssertion;
  if (const auto reason = document.find("reason"); reason != document.end()) {
    if (!reason->is_string() || !IsCheckReason(reason->get<std::string>())) {
      error = "reason: expected one of stackprobe's reasons, got " +
              plugin_common::Clip(reason->dump(), 40);
      return false;
    }
    out.reason = reason->get<std::string>();
  }
  if (const auto message = document.find("message");
      message != document.end()) {
    if (!message->is_string()) {
      error = "message: expected a string";
      return false;
    }
    out.message = message->get<std::string>();
  }
  const auto metrics = document.find("metrics");
  if (metrics == document.end()) return true;
  if (!metrics->is_object()) {
    error = "metrics: expected an object of numbers";
    return false;
  }
  for (const auto& [name, value] : metrics->items()) {
    if (!value.is_number() || out.metrics.size() >= max_metrics) {
      ++out.skipped_metrics;
      continue;
    }
    const double number = value.get<double>();
    if (!std::isfinite(number)) {
      ++out.skipped_metrics;
      continue;
    }
    out.metrics.emplace_back(name, number);
  }
  return true;
}

}  // namespace stackprobe::exec
