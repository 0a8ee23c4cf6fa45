// SPDX-License-Identifier: Apache-2.0
#include "telemetry_probe.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/plugin_common/home_path.h"
#include "stackprobe/sdk/config_reader.h"

namespace stackprobe::telemetry {
namespace {

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
    : TelemetryProbe(sdk::ConfigReader(config_json)) {}

TelemetryProbe::TelemetryProbe(const sdk::ConfigReader& config)
    : path_(plugin_common::ExpandHome(config.String("path"),
                                      plugin_common::HomeFromEnvironment())),
      tail_(static_cast<std::size_t>(config.Integer("max_line_bytes"))) {}

ProbeResult TelemetryProbe::Run(ProbeContext& context) {
  return plugin_common::GuardedRun("telemetry",
                                   [&] { return RunUnguarded(context); });
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
