// SPDX-License-Identifier: Apache-2.0
#include "cli/check_report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace stackprobe::cli {
namespace {

std::string StateOf(const model::ProbeStatus& probe) {
  return probe.record.has_run
             ? std::string(StateName(probe.record.result.state))
             : "not_run";
}

// The message, after which dependency blocks the probe when one does.
std::string MessageOf(const model::ProbeStatus& probe) {
  if (probe.blocked_by.empty()) return probe.record.result.message;
  return "(blocked by " + probe.blocked_by + ") " + probe.record.result.message;
}

std::string Pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

// Nagios perfdata labels are quoted with single quotes; a quote inside is
// doubled (Nagios plugin development guidelines, "Performance data").
std::string PerfLabel(const std::string& name) {
  std::string out = "'";
  for (char c : name) {
    if (c == '\'')
      out += "''";
    else if (c == '=')
      out += '_';
    else
      out += c;
  }
  return out + "'";
}

std::string Table(const std::vector<model::ProbeStatus>& probes) {
  std::size_t name_width = 5;
  for (const auto& probe : probes) {
    name_width = std::max(name_width, probe.record.probe.size());
  }
  std::string out = Pad("PROBE", name_width + 2) + Pad("STATE", 10) +
                    Pad("REASON", 16) + Pad("DURATION", 11) + "MESSAGE\n";
  for (const auto& probe : probes) {
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1fms",
                  probe.record.duration_seconds * 1000.0);
    out += Pad(probe.record.probe, name_width + 2) + Pad(StateOf(probe), 10) +
           Pad(probe.record.result.reason, 16) + Pad(duration, 11) +
           MessageOf(probe) + "\n";
  }
  return out;
}

std::string Json(const std::vector<model::ProbeStatus>& probes) {
  nlohmann::json document = {{"probes", nlohmann::json::array()}};
  for (const auto& probe : probes) {
    const auto& result = probe.record.result;
    nlohmann::json samples = nlohmann::json::array();
    for (const auto& sample : result.samples) {
      samples.push_back({{"name", sample.name},
                         {"labels", sample.labels},
                         {"value", sample.value}});
    }
    auto details = nlohmann::json::parse(result.details_json, nullptr, false);
    document["probes"].push_back({
        {"name", probe.record.probe},
        {"plugin", probe.record.plugin},
        {"state", StateOf(probe)},
        {"reason", result.reason},
        {"message", result.message},
        {"blocked_by", probe.blocked_by},
        {"duration_seconds", probe.record.duration_seconds},
        {"samples", samples},
        {"details",
         details.is_discarded() ? nlohmann::json::object() : details},
    });
  }
  document["exit_code"] = static_cast<int>(ExitCodeFor(probes));
  return document.dump(2, ' ', false,
                       nlohmann::json::error_handler_t::replace) +
         "\n";
}

std::string Nagios(const std::vector<model::ProbeStatus>& probes) {
  static const char* kWords[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  const ExitCode code = ExitCodeFor(probes);
  int up = 0;
  std::vector<std::string> problems;
  for (const auto& probe : probes) {
    const auto state = StateOf(probe);
    if (state == "up") {
      ++up;
    } else {
      problems.push_back(
          probe.record.probe + " " + state + " (" + probe.record.result.reason +
          (probe.blocked_by.empty() ? "" : ", blocked by " + probe.blocked_by) +
          ")");
    }
  }
  std::string line = std::string("STACKPROBE ") + kWords[code] + " - " +
                     std::to_string(up) + " of " +
                     std::to_string(probes.size()) + " probes up";
  for (std::size_t i = 0; i < problems.size(); ++i) {
    line += i == 0 ? ": " : ", ";
    line += problems[i];
  }
  line += " |";
  for (const auto& probe : probes) {
    char value[64];
    std::snprintf(value, sizeof value, "=%.6fs;;;0",
                  probe.record.duration_seconds);
    line += ' ';
    line += PerfLabel(probe.record.probe + "_duration");
    line += value;
  }
  return line + "\n";
}

}  // namespace

ExitCode ExitCodeFor(const std::vector<model::ProbeStatus>& probes) {
  bool warning = false;
  bool unknown = false;
  for (const auto& probe : probes) {
    if (!probe.record.has_run) {
      unknown = true;
      continue;
    }
    switch (probe.record.result.state) {
      case State::kDown:
      case State::kBlocked:
        return kCritical;
      case State::kError:
        unknown = true;
        break;
      case State::kDegraded:
      case State::kStarting:
        warning = true;
        break;
      case State::kUp:
        break;
    }
  }
  if (unknown) return kUnknown;
  return warning ? kWarning : kOk;
}

std::string RenderReport(const std::vector<model::ProbeStatus>& probes,
                         ReportFormat format) {
  switch (format) {
    case ReportFormat::kJson:
      return Json(probes);
    case ReportFormat::kNagios:
      return Nagios(probes);
    case ReportFormat::kTable:
      break;
  }
  return Table(probes);
}

}  // namespace stackprobe::cli
