// SPDX-License-Identifier: Apache-2.0
//
// The families stackprobe itself defines on /metrics: the per-probe core
// series and the self metrics of the exporter.
#ifndef STACKPROBE_EXPOSE_CORE_FAMILIES_H_
#define STACKPROBE_EXPOSE_CORE_FAMILIES_H_

#include <span>
#include <string_view>

#include "expose/process_stats.h"
#include "expose/text_writer.h"
#include "model/snapshot.h"
#include "stackprobe/plugin.h"

namespace stackprobe::expose {

/// What the core families are rendered from; borrowed for one render.
struct CoreInput {
  const model::StoreSnapshot& snapshot;
  const model::ExporterInfo& exporter;
  const ProcessStats& process;
};

/// Which core family; selects the samples EmitCoreSamples writes.
enum class CoreFamilyId {
  kProbeSuccess,
  kProbeState,
  kProbeBlocked,
  kProbeDuration,
  kProbeLastRun,
  kProbeRuns,
  kProbeFailures,
  kProbeSkippedRuns,
  kProbeInterval,
  kProbeTimeout,
  kProbeDependency,
  kBuildInfo,
  kPluginInfo,
  kConfigReloadSuccessful,
  kConfigReloadTimestamp,
  kProcessCpu,
  kProcessResident,
  kProcessVirtual,
  kProcessOpenFds,
  kProcessMaxFds,
  kProcessStartTime,
};

/// One core family: its text 0.0.4 name, HELP (where the value comes from)
/// and type.
struct CoreFamily {
  std::string_view name;
  std::string_view help;
  SampleType type;
  CoreFamilyId id;
};

/// Every core family, in no particular order. Static storage; thread-safe.
std::span<const CoreFamily> CoreFamilies();

/// True for the families read afresh at every scrape (process_*); the others
/// change only with the snapshot or the exporter info.
bool IsPerScrape(const CoreFamily& family);

/// True for the per-probe families written only with
/// `exposition: {probe_series: full}` (docs/metrics.md says why each is
/// opt-in); the lean default leaves them out.
bool IsOptIn(const CoreFamily& family);

/// Writes the samples of `family` (BeginFamily already called). Per-probe
/// series carry the probe label and the probe's configured labels.
void EmitCoreSamples(const CoreFamily& family, const CoreInput& input,
                     TextWriter& writer);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_CORE_FAMILIES_H_
