// SPDX-License-Identifier: Apache-2.0
#include "daemon/status_view.h"

#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

namespace stackprobe::daemon {
namespace {

nlohmann::json ParsedDetails(const std::string& text) {
  auto details = nlohmann::json::parse(text, nullptr, false);
  return details.is_discarded() ? nlohmann::json::object() : details;
}

std::string IsoTime(double unix_seconds) {
  if (unix_seconds <= 0) return "";
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

std::string StatusJson(const model::StoreSnapshot& snapshot,
                       const model::ExporterInfo& info, bool pretty) {
  nlohmann::json document = {
      {"version", info.version},
      {"config_file", info.config_file},
      {"last_reload_successful", info.last_reload_successful},
      {"generation", snapshot.generation},
      {"probes", nlohmann::json::array()},
  };
  for (const auto& status : snapshot.probes) {
    const auto& record = status.record;
    nlohmann::json probe = {
        {"name", record.probe},
        {"plugin", record.plugin},
        {"labels", record.labels},
        {"depends_on", status.depends_on},
        {"blocked_by", status.blocked_by},
        {"interval_seconds", status.interval_seconds},
        {"has_run", record.has_run},
        {"runs", record.runs},
    };
    if (record.has_run) {
      probe["state"] = std::string(StateName(record.result.state));
      probe["reason"] = record.result.reason;
      probe["message"] = record.result.message;
      probe["last_run"] = IsoTime(record.finished_at);
      probe["last_run_timestamp_seconds"] = record.finished_at;
      probe["duration_seconds"] = record.duration_seconds;
      probe["details"] = ParsedDetails(record.result.details_json);
      probe["state_since_timestamp_seconds"] = status.state_since;
      probe["state_runs"] = status.state_runs;
    } else {
      probe["state"] = "pending";
    }
    probe["history"] = nlohmann::json::array();
    if (status.history) {
      for (const model::RunSummary& run : *status.history) {
        probe["history"].push_back(
            {{"timestamp_seconds", run.finished_at},
             {"state", std::string(StateName(run.state))},
             {"reason", run.reason},
             {"duration_seconds", run.duration_seconds}});
      }
    }
    document["probes"].push_back(std::move(probe));
  }
  // Replace rather than throw on invalid UTF-8 from a target.
  return document.dump(pretty ? 2 : -1, ' ', false,
                       nlohmann::json::error_handler_t::replace);
}

}  // namespace stackprobe::daemon
