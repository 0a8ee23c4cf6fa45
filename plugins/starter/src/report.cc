// SPDX-License-Identifier: Apache-2.0
#include "report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "stackprobe/plugin_common/bounded_json.h"

namespace stackprobe::starter {
namespace {

using nlohmann::json;

const ContainerResult kAllResults[] = {
    ContainerResult::kReady,   ContainerResult::kAlreadyReady,
    ContainerResult::kFailed,  ContainerResult::kTimeout,
    ContainerResult::kBlocked, ContainerResult::kNotRun,
    ContainerResult::kPlanned};

std::string Pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " "
                              : text + std::string(width - text.size(), ' ');
}

std::string Seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%7.1f", seconds);
  return buffer;
}

}  // namespace

std::string ResultName(ContainerResult result) {
  switch (result) {
    case ContainerResult::kReady:
      return "ready";
    case ContainerResult::kAlreadyReady:
      return "already_ready";
    case ContainerResult::kFailed:
      return "failed";
    case ContainerResult::kTimeout:
      return "timeout";
    case ContainerResult::kBlocked:
      return "blocked";
    case ContainerResult::kNotRun:
      return "not_run";
    case ContainerResult::kPlanned:
      return "planned";
  }
  return "failed";
}

bool IsReady(ContainerResult result) {
  return result == ContainerResult::kReady ||
         result == ContainerResult::kAlreadyReady;
}

std::string FormatTable(const RunReport& report) {
  std::size_t width = 9;  // "container"
  for (const auto& container : report.containers) {
    width = std::max(width, container.name.size());
  }
  width += 2;
  std::string out = Pad("container", width) + Pad("result", 15) + "seconds\n";
  for (const auto& container : report.containers) {
    std::string row = Pad(container.name, width) +
                      Pad(ResultName(container.result), 13) +
                      Seconds(container.seconds);
    if (!container.required) row += "  (optional)";
    if (container.created) row += "  created";
    if (!container.message.empty()) row += "  " + container.message;
    out += row + "\n";
  }
  out += report.message + "\n";
  return out;
}

std::string ReportToJson(const RunReport& report) {
  json containers = json::array();
  for (const auto& container : report.containers) {
    containers.push_back({{"name", container.name},
                          {"result", ResultName(container.result)},
                          {"ready", IsReady(container.result)},
                          {"required", container.required},
                          {"seconds", container.seconds},
                          {"message", container.message},
                          {"created", container.created}});
  }
  json doc = {{"version", 1},
              {"outcome", report.outcome},
              {"exit_code", report.exit_code},
              {"started_at", report.started_at},
              {"duration_seconds", report.duration_seconds},
              {"path", report.path},
              {"path_reordered", report.path_reordered},
              {"message", report.message},
              {"boot_id", report.boot_id},
              {"containers", containers}};
  // Replace invalid UTF-8 (podman's stderr may hold anything) instead of
  // throwing.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<RunReport> ParseReport(const std::string& json_text,
                                     std::string& error) {
  try {
    const json doc = plugin_common::ParseBoundedJsonOrThrow(json_text);
    if (!doc.is_object() || doc.value("version", 0) != 1) {
      error = "not a starter state file (version 1 expected)";
      return std::nullopt;
    }
    RunReport report;
    report.outcome = doc.at("outcome").get<std::string>();
    if (report.outcome != kOutcomeSuccess && report.outcome != kOutcomeFailed &&
        report.outcome != kOutcomePreflightFailed) {
      error = "unknown outcome \"" + report.outcome + "\"";
      return std::nullopt;
    }
    report.exit_code = doc.at("exit_code").get<int>();
    report.started_at = doc.at("started_at").get<double>();
    report.duration_seconds = doc.at("duration_seconds").get<double>();
    report.path = doc.value("path", "");
    report.path_reordered = doc.value("path_reordered", false);
    report.message = doc.value("message", "");
    report.boot_id = doc.value("boot_id", "");
    for (const auto& item : doc.at("containers")) {
      ContainerReport container;
      container.name = item.at("name").get<std::string>();
      const std::string result = item.at("result").get<std::string>();
      bool known = false;
      for (ContainerResult candidate : kAllResults) {
        if (ResultName(candidate) == result) {
          container.result = candidate;
          known = true;
        }
      }
      if (!known) {
        error = "unknown container result \"" + result + "\"";
        return std::nullopt;
      }
      container.required = item.value("required", true);
      container.seconds = item.at("seconds").get<double>();
      container.message = item.value("message", "");
      container.created = item.value("created", false);
      report.containers.push_back(std::move(container));
    }
    return report;
  } catch (const std::exception& e) {
    error = std::string("unreadable state file: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace stackprobe::starter
