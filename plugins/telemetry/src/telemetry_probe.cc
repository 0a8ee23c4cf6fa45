// SPDX-License-Identifier: Apache-2.0
#include "telemetry_probe.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "stackprobe/plugin_common/home_path.h"

namespace stackprobe::telemetry {
namespace {

std::size_t MaxLineBytes(const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  const auto value = config.value("max_line_bytes", std::int64_t{65536});
  if (value < 1) {
    throw std::invalid_argument("max_line_bytes: expected >= 1, got " +
                                std::to_string(value));
  }
  return static_cast<std::size_t>(value);
}

std::string PathFrom(const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  const auto it = config.find("path");
  if (it == config.end() || !it->is_string() ||
      it->get<std::string>().empty()) {
    throw std::invalid_argument("path: expected a file path, got none");
  }
  return plugin_common::ExpandHome(it->get<std::string>(),
                                   plugin_common::HomeFromEnvironment());
}

// The old collector's estimate: a flat number of tokens per local query.
constexpr std::uint64_t kLegacyTokensPerLocalQuery = 500;

// trunc(100 * local / (local + remote)), 0 when both are 0.
std::uint64_t LocalPercentage(std::uint64_t local, std::uint64_t remote) {
  const std::uint64_t decided = local + remote;
  return decided == 0 ? 0 : local * 100 / decided;
}

// The numbers of the legacy ai_metrics.json, as the old collector computed
// them (see LegacyLineCount).
nlohmann::ordered_json LegacyDetails(const LegacyLineTotals& legacy) {
  return {{"total_lines", legacy.lines},
          {"last_event_time", legacy.last_line_time},
          {"local_queries", legacy.local_queries},
          {"remote_queries", legacy.remote_queries},
          {"estimated_tokens_saved",
           legacy.local_queries * kLegacyTokensPerLocalQuery},
          {"local_percentage",
           LocalPercentage(legacy.local_queries, legacy.remote_queries)}};
}

}  // namespace

TelemetryProbe::TelemetryProbe(const std::string& config_json)
    : path_(PathFrom(config_json)), tail_(MaxLineBytes(config_json)) {}

ProbeResult TelemetryProbe::Run(ProbeContext& context) {
  try {
    return RunUnguarded(context);
  } catch (const std::exception& e) {
    return MakeResult(State::kError, reason::kPluginError, e.what());
  } catch (...) {
    return MakeResult(State::kError, reason::kPluginError, "unknown error");
  }
}

ProbeResult TelemetryProbe::RunUnguarded(ProbeContext& context) {
  std::string error;
  const auto status = tail_.Update(path_, context.Deadline(), error);
  if (status == TelemetryTail::Status::kUnreadable) {
    const bool denied =
        error == std::strerror(EACCES) || error == std::strerror(EPERM);
    ProbeResult result = MakeResult(
        State::kDown, denied ? reason::kPermission : reason::kNotFound,
        "cannot read " + path_ + ": " + error);
    AddGauge(result, "file_present", "1 when the telemetry file exists", 1);
    return result;
  }
  const bool present = status == TelemetryTail::Status::kOk;
  const TelemetryTotals totals = tail_.Totals();
  ProbeResult result = MakeResult(
      State::kUp, reason::kNone,
      present ? std::to_string(totals.events) + " events"
              : "no telemetry file yet (normal before the first event)");
  AddGauge(result, "file_present", "1 when the telemetry file exists",
           present ? 1 : 0);
  AddCounter(result, "events_total",
             "Lines of the file that are JSON objects (resets when the file "
             "is replaced or shrinks)",
             static_cast<double>(totals.events));
  AddCounter(result, "skipped_lines_total",
             "Lines of the file skipped: longer than max_line_bytes, not "
             "JSON, or not an object",
             static_cast<double>(totals.skipped_lines));
  if (totals.last_event_timestamp) {
    AddGauge(result, "last_event_timestamp_seconds",
             "timestamp field of the last event line, as Unix seconds",
             *totals.last_event_timestamp);
  }
  for (const auto& [type, count] : totals.events_by_type) {
    AddCounter(result, "events_by_type_total",
               "Event lines by their event_type field (at most 32 types, "
               "the rest as other)",
               static_cast<double>(count), {{"event_type", type}});
  }
  AddCounter(result, "tokens_saved_total",
             "Sum of the numeric tokens_saved field over the file",
             static_cast<double>(totals.tokens_saved));
  const char* decisions_help =
      "Event lines among the last 100 whose decision field (top level or "
      "under metadata) is local or remote";
  AddGauge(result, "recent_decisions", decisions_help,
           static_cast<double>(totals.local_queries), {{"decision", "local"}});
  AddGauge(result, "recent_decisions", decisions_help,
           static_cast<double>(totals.remote_queries),
           {{"decision", "remote"}});

  nlohmann::ordered_json details{
      {"total_events", totals.events},
      {"last_event_time", totals.last_event_time},
      {"local_queries", totals.local_queries},
      {"remote_queries", totals.remote_queries},
      {"estimated_tokens_saved", totals.tokens_saved},
      {"local_percentage",
       LocalPercentage(totals.local_queries, totals.remote_queries)},
      {"file_present", present},
      {"skipped_lines", totals.skipped_lines},
      {"legacy", LegacyDetails(totals.legacy)}};
  result.details_json =
      details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return result;
}

}  // namespace stackprobe::telemetry
