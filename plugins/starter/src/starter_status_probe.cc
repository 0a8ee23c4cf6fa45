// SPDX-License-Identifier: Apache-2.0
#include "starter_status_probe.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "boot_id.h"
#include "report.h"
#include "stackprobe/plugin_common/guarded_run.h"
#include "stackprobe/sdk/config_reader.h"
#include "starter_config.h"

namespace stackprobe::starter {
namespace {

constexpr std::size_t kMaxStateFileBytes = 1 << 20;

const std::vector<std::string> kOutcomes = {kOutcomeSuccess, kOutcomeFailed,
                                            kOutcomePreflightFailed, "none"};

double StatusProbeNow() {
  return std::chrono::duration<double>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void AddOutcome(ProbeResult& result, const std::string& outcome) {
  AddStateSet(result, "last_outcome",
              "Outcome of the last `stackprobe start`, from the starter's "
              "state file (none: no state file)",
              "outcome", kOutcomes, outcome);
}

}  // namespace

StarterStatusProbe::StarterStatusProbe(const std::string& config_json) {
  const sdk::ConfigReader config(config_json);
  state_file_ = config.String("state_file");
  if (state_file_.empty()) state_file_ = DefaultStateFile();
  max_age_ = config.Duration("max_age");
}

ProbeResult StarterStatusProbe::Run(ProbeContext& /*context*/) {
  return plugin_common::GuardedRun("starter_status",
                                   [&] { return RunChecked(); });
}

ProbeResult StarterStatusProbe::RunChecked() {
  std::ifstream in(state_file_, std::ios::binary);
  if (!in) {
    const int error = errno;
    ProbeResult result;
    if (error == ENOENT) {
      result = MakeResult(
          State::kDegraded, "no_record",
          "no start recorded yet (" + state_file_ + " does not exist)");
    } else {
      result = MakeResult(
          State::kDown, reason::kPermission,
          "cannot read " + state_file_ + ": " + std::strerror(error));
    }
    AddOutcome(result, "none");
    return result;
  }
  std::string text(kMaxStateFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  std::string error;
  std::optional<RunReport> report;
  if (text.size() > kMaxStateFileBytes) {
    error = "state file larger than 1 MiB";
  } else {
    report = ParseReport(text, error);
  }
  if (!report) {
    ProbeResult result =
        MakeResult(State::kDown, reason::kBadBody, state_file_ + ": " + error);
    AddOutcome(result, "none");
    return result;
  }

  ProbeResult result;
  const double age = StatusProbeNow() - report->started_at;
  const std::string boot_id = CurrentBootId();
  if (!report->boot_id.empty() && !boot_id.empty() &&
      report->boot_id != boot_id) {
    // A start recorded before the last reboot says nothing about the
    // containers now.
    result = MakeResult(
        State::kDown, "stale",
        "no start in this boot yet; the last start was in an earlier boot: " +
            report->message);
  } else if (report->exit_code == 0) {
    result = MakeResult(State::kUp, reason::kNone, report->message);
    if (max_age_.count() > 0 &&
        age > static_cast<double>(max_age_.count()) / 1000.0) {
      result =
          MakeResult(State::kDegraded, "stale",
                     "last start is older than max_age: " + report->message);
    }
  } else {
    result = MakeResult(State::kDown, "start_failed", report->message);
  }
  AddGauge(result, "last_start_timestamp_seconds",
           "Unix time the last `stackprobe start` began (state file "
           "started_at)",
           report->started_at);
  AddGauge(result, "last_exit_code",
           "Exit code of the last `stackprobe start`: 0 ready, 1 a required "
           "container failed, 2 preflight failed (state file exit_code)",
           report->exit_code);
  AddGauge(result, "last_duration_seconds",
           "Duration of the last `stackprobe start` (state file "
           "duration_seconds)",
           report->duration_seconds);
  AddOutcome(result, report->outcome);
  nlohmann::json details = nlohmann::json::object();
  for (const auto& container : report->containers) {
    const Labels labels{{"container", container.name}};
    AddGauge(result, "container_ready",
             "1 when the last `stackprobe start` left the container ready, "
             "else 0 (state file containers[].ready)",
             IsReady(container.result) ? 1 : 0, labels);
    AddGauge(result, "container_start_duration_seconds",
             "Seconds from starting (or checking) the container to its "
             "result in the last `stackprobe start` (state file "
             "containers[].seconds)",
             container.seconds, labels);
    details[container.name] = ResultName(container.result);
  }
  result.details_json = nlohmann::json{
      {"state_file", state_file_},
      {"outcome", report->outcome},
      {"containers",
       details}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return result;
}

}  // namespace stackprobe::starter
