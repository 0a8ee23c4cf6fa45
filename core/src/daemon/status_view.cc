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

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

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
    } else {
      probe["state"] = "pending";
    }
    document["probes"].push_back(std::move(probe));
  }
  // Replace rather than throw on invalid UTF-8 from a target.
  return document.dump(pretty ? 2 : -1, ' ', false,
                       nlohmann::json::error_handler_t::replace);
}

std::string StatusHtml(const model::StoreSnapshot& snapshot,
                       const model::ExporterInfo& info) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"refresh\" content=\"10\">"
      "<title>stackprobe</title><style>"
      "body{font-family:sans-serif;margin:2em}"
      "table{border-collapse:collapse}td,th{padding:4px 10px;"
      "border-bottom:1px solid #ddd;text-align:left}"
      ".up{color:#1a7f37}.degraded,.starting{color:#9a6700}"
      ".down,.error{color:#cf222e}.blocked{color:#6e7781}"
      "</style></head><body><h1>stackprobe</h1>\n<p>Version " +
      HtmlEscape(info.version) + ", config " + HtmlEscape(info.config_file) +
      (info.last_reload_successful ? "" : " (<b>last reload failed</b>)") +
      ". <a href=\"/metrics\">Metrics</a> · "
      "<a href=\"/api/v1/status\">Status as JSON</a></p>\n"
      "<table><tr><th>Probe</th><th>Plugin</th><th>State</th><th>Reason</th>"
      "<th>Last run (UTC)</th><th>Duration</th><th>Message</th></tr>\n";
  for (const auto& status : snapshot.probes) {
    const auto& record = status.record;
    const std::string state = record.has_run
                                  ? std::string(StateName(record.result.state))
                                  : "pending";
    char duration[32] = "";
    if (record.has_run) {
      std::snprintf(duration, sizeof duration, "%.1f ms",
                    record.duration_seconds * 1000.0);
    }
    html +=
        "<tr><td>" + HtmlEscape(record.probe) + "</td><td>" +
        HtmlEscape(record.plugin) + "</td><td class=\"" + state + "\">" +
        state +
        (status.blocked_by.empty()
             ? std::string()
             : " <span class=\"blocked\">(blocked by " +
                   HtmlEscape(status.blocked_by) + ")</span>") +
        "</td><td>" + HtmlEscape(record.has_run ? record.result.reason : "") +
        "</td><td>" + IsoTime(record.finished_at) + "</td><td>" + duration +
        "</td><td>" + HtmlEscape(record.has_run ? record.result.message : "") +
        "</td></tr>\n";
  }
  html += "</table></body></html>\n";
  return html;
}

}  // namespace stackprobe::daemon
