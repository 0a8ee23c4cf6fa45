// SPDX-License-Identifier: Apache-2.0
#include "expose/core_families.h"

#include <array>
#include <initializer_list>
#include <string>

#include "expose/series_labels.h"

namespace stackprobe::expose {
namespace {

using model::ProbeStatus;

constexpr std::array kCoreFamilies = {
    CoreFamily{"stackprobe_probe_success",
               "1 when the latest run of the probe ended up or degraded, 0 "
               "when it ended otherwise or has not run yet; from the probe's "
               "result.",
               SampleType::kGauge, CoreFamilyId::kProbeSuccess},
    CoreFamily{"stackprobe_probe_state",
               "State of the latest run of the probe as reported by its "
               "plugin (blocked: not run, set by stackprobe for a probe "
               "configured with skip_while_blocked), one series per state, 1 "
               "for the current one; all 0 before the first run.",
               SampleType::kStateSet, CoreFamilyId::kProbeState},
    CoreFamily{"stackprobe_probe_blocked",
               "1 while a probe named in the probe's depends_on is down or "
               "blocked itself, from the stackprobe scheduler's latest "
               "results; the probe still runs and keeps its own state. Only "
               "for probes with a depends_on.",
               SampleType::kGauge, CoreFamilyId::kProbeBlocked},
    CoreFamily{"stackprobe_probe_duration_seconds",
               "Wall-clock duration of the latest run of the probe, measured "
               "by the stackprobe scheduler; absent before the first run.",
               SampleType::kGauge, CoreFamilyId::kProbeDuration},
    CoreFamily{"stackprobe_probe_last_run_timestamp_seconds",
               "Unix time at which the latest run of the probe finished, "
               "from the stackprobe scheduler's clock; 0 before the first "
               "run.",
               SampleType::kGauge, CoreFamilyId::kProbeLastRun},
    CoreFamily{"stackprobe_probe_runs_total",
               "Runs of the probe completed since it was configured, counted "
               "by the stackprobe scheduler.",
               SampleType::kCounter, CoreFamilyId::kProbeRuns},
    CoreFamily{"stackprobe_probe_failures_total",
               "Runs of the probe that ended neither up nor degraded, by "
               "reason, counted by the stackprobe scheduler since the probe "
               "was configured.",
               SampleType::kCounter, CoreFamilyId::kProbeFailures},
    CoreFamily{"stackprobe_probe_skipped_runs_total",
               "Scheduled runs of the probe skipped because its previous run "
               "was still going, counted by the stackprobe scheduler.",
               SampleType::kCounter, CoreFamilyId::kProbeSkippedRuns},
    CoreFamily{"stackprobe_probe_interval_seconds",
               "Interval between runs of the probe, from the stackprobe "
               "configuration.",
               SampleType::kGauge, CoreFamilyId::kProbeInterval},
    CoreFamily{"stackprobe_probe_timeout_seconds",
               "Timeout of one run of the probe, from the stackprobe "
               "configuration.",
               SampleType::kGauge, CoreFamilyId::kProbeTimeout},
    CoreFamily{"stackprobe_probe_dependency_info",
               "Probes this probe depends on, from its depends_on in the "
               "stackprobe configuration; value 1.",
               SampleType::kInfo, CoreFamilyId::kProbeDependency},
    CoreFamily{"stackprobe_build_info",
               "Version and source revision of the running stackprobe "
               "build; value 1.",
               SampleType::kInfo, CoreFamilyId::kBuildInfo},
    CoreFamily{"stackprobe_plugin_info",
               "Plugins loaded by stackprobe, from their descriptors; value "
               "1.",
               SampleType::kInfo, CoreFamilyId::kPluginInfo},
    CoreFamily{"stackprobe_config_last_reload_successful",
               "1 when the latest load of the stackprobe configuration "
               "succeeded, 0 when it failed and the previous configuration "
               "kept running.",
               SampleType::kGauge, CoreFamilyId::kConfigReloadSuccessful},
    CoreFamily{"stackprobe_config_last_reload_success_timestamp_seconds",
               "Unix time of the latest successful load of the stackprobe "
               "configuration.",
               SampleType::kGauge, CoreFamilyId::kConfigReloadTimestamp},
    CoreFamily{"process_cpu_seconds_total",
               "User and system CPU time of the stackprobe process in "
               "seconds, from /proc/self/stat.",
               SampleType::kCounter, CoreFamilyId::kProcessCpu},
    CoreFamily{"process_resident_memory_bytes",
               "Resident memory of the stackprobe process in bytes, from "
               "/proc/self/stat.",
               SampleType::kGauge, CoreFamilyId::kProcessResident},
    CoreFamily{"process_virtual_memory_bytes",
               "Virtual memory size of the stackprobe process in bytes, from "
               "/proc/self/stat.",
               SampleType::kGauge, CoreFamilyId::kProcessVirtual},
    CoreFamily{"process_open_fds",
               "Open file descriptors of the stackprobe process, from "
               "/proc/self/fd.",
               SampleType::kGauge, CoreFamilyId::kProcessOpenFds},
    CoreFamily{"process_max_fds",
               "Soft limit on open file descriptors of the stackprobe "
               "process, from /proc/self/limits.",
               SampleType::kGauge, CoreFamilyId::kProcessMaxFds},
    CoreFamily{"process_start_time_seconds",
               "Start time of the stackprobe process in Unix seconds, from "
               "/proc/self/stat and the boot time in /proc/stat.",
               SampleType::kGauge, CoreFamilyId::kProcessStartTime},
};

// One series of a probe: the probe label, `more` host labels, then the
// probe's configured labels.
void ProbeSample(TextWriter& writer, const ProbeStatus& status,
                 std::initializer_list<LabelRef> more, double value) {
  std::array<LabelRef, 3> host{};
  host[0] = {"probe", status.record.probe};
  std::size_t count = 1;
  for (const LabelRef& label : more) host[count++] = label;
  writer.BeginSample();
  AddSeriesLabels(writer, std::span(host.data(), count), status.record.labels,
                  kNoLabels);
  writer.EndSample(value);
}

void SelfSample(TextWriter& writer, std::initializer_list<LabelRef> labels,
                double value) {
  writer.BeginSample();
  for (const auto& [name, label_value] : labels) {
    writer.AddLabel(name, label_value);
  }
  writer.EndSample(value);
}

bool Succeeded(const ProbeStatus& status) {
  const State state = status.record.result.state;
  return status.record.has_run &&
         (state == State::kUp || state == State::kDegraded);
}

void EmitProbeStates(const ProbeStatus& status, TextWriter& writer) {
  for (int i = 0; i < kStateCount; ++i) {
    const auto state = static_cast<State>(i);
    const bool current =
        status.record.has_run && status.record.result.state == state;
    ProbeSample(writer, status, {{"state", StateName(state)}}, current ? 1 : 0);
  }
}

void EmitPerProbe(CoreFamilyId id, const ProbeStatus& status,
                  TextWriter& writer) {
  const ProbeRecord& record = status.record;
  switch (id) {
    case CoreFamilyId::kProbeSuccess:
      ProbeSample(writer, status, {}, Succeeded(status) ? 1 : 0);
      break;
    case CoreFamilyId::kProbeState:
      EmitProbeStates(status, writer);
      break;
    case CoreFamilyId::kProbeBlocked:
      // A probe without dependencies is never blocked: no constant 0.
      if (!status.depends_on.empty()) {
        ProbeSample(writer, status, {}, status.blocked_by.empty() ? 0 : 1);
      }
      break;
    case CoreFamilyId::kProbeDuration:
      if (record.has_run) {
        ProbeSample(writer, status, {}, record.duration_seconds);
      }
      break;
    case CoreFamilyId::kProbeLastRun:
      ProbeSample(writer, status, {}, record.has_run ? record.finished_at : 0);
      break;
    case CoreFamilyId::kProbeRuns:
      ProbeSample(writer, status, {}, static_cast<double>(record.runs));
      break;
    case CoreFamilyId::kProbeFailures:
      for (const auto& [reason_code, count] : status.failures_by_reason) {
        ProbeSample(writer, status, {{"reason", reason_code}},
                    static_cast<double>(count));
      }
      break;
    case CoreFamilyId::kProbeSkippedRuns:
      ProbeSample(writer, status, {},
                  static_cast<double>(status.skipped_overruns));
      break;
    case CoreFamilyId::kProbeInterval:
      ProbeSample(writer, status, {}, status.interval_seconds);
      break;
    case CoreFamilyId::kProbeTimeout:
      ProbeSample(writer, status, {}, status.timeout_seconds);
      break;
    case CoreFamilyId::kProbeDependency:
      for (const std::string& dependency : status.depends_on) {
        ProbeSample(writer, status, {{"depends_on", dependency}}, 1);
      }
      break;
    default:
      break;
  }
}

}  // namespace

std::span<const CoreFamily> CoreFamilies() { return kCoreFamilies; }

bool IsPerScrape(const CoreFamily& family) {
  switch (family.id) {
    case CoreFamilyId::kProcessCpu:
    case CoreFamilyId::kProcessResident:
    case CoreFamilyId::kProcessVirtual:
    case CoreFamilyId::kProcessOpenFds:
    case CoreFamilyId::kProcessMaxFds:
    case CoreFamilyId::kProcessStartTime:
      return true;
    default:
      return false;
  }
}

bool IsOptIn(const CoreFamily& family) {
  switch (family.id) {
    case CoreFamilyId::kProbeRuns:
    case CoreFamilyId::kProbeFailures:
    case CoreFamilyId::kProbeSkippedRuns:
    case CoreFamilyId::kProbeTimeout:
      return true;
    default:
      return false;
  }
}

void EmitCoreSamples(const CoreFamily& family, const CoreInput& input,
                     TextWriter& writer) {
  const model::ExporterInfo& exporter = input.exporter;
  const ProcessStats& process = input.process;
  switch (family.id) {
    case CoreFamilyId::kBuildInfo:
      SelfSample(
          writer,
          {{"version", exporter.version}, {"revision", exporter.revision}}, 1);
      return;
    case CoreFamilyId::kPluginInfo:
      for (const model::PluginInfo& plugin : exporter.plugins) {
        const std::string abi = std::to_string(plugin.abi);
        SelfSample(writer,
                   {{"plugin", plugin.name},
                    {"version", plugin.version},
                    {"abi", abi},
                    {"kind", plugin.kind}},
                   1);
      }
      return;
    case CoreFamilyId::kConfigReloadSuccessful:
      SelfSample(writer, {}, exporter.last_reload_successful ? 1 : 0);
      return;
    case CoreFamilyId::kConfigReloadTimestamp:
      SelfSample(writer, {}, exporter.last_reload_success_timestamp);
      return;
    case CoreFamilyId::kProcessCpu:
      SelfSample(writer, {}, process.cpu_seconds);
      return;
    case CoreFamilyId::kProcessResident:
      SelfSample(writer, {}, process.resident_bytes);
      return;
    case CoreFamilyId::kProcessVirtual:
      SelfSample(writer, {}, process.virtual_bytes);
      return;
    case CoreFamilyId::kProcessOpenFds:
      SelfSample(writer, {}, process.open_fds);
      return;
    case CoreFamilyId::kProcessMaxFds:
      SelfSample(writer, {}, process.max_fds);
      return;
    case CoreFamilyId::kProcessStartTime:
      SelfSample(writer, {}, process.start_time_seconds);
      return;
    default:
      break;
  }
  for (const model::ProbeStatus& status : input.snapshot.probes) {
    EmitPerProbe(family.id, status, writer);
  }
}

}  // namespace stackprobe::expose
