// SPDX-License-Identifier: Apache-2.0
//
// Renders the /metrics exposition from the newest snapshot.
#ifndef STACKPROBE_EXPOSE_METRICS_RENDERER_H_
#define STACKPROBE_EXPOSE_METRICS_RENDERER_H_

#include <string>
#include <utility>
#include <vector>

#include "expose/core_families.h"
#include "expose/format.h"
#include "expose/process_stats.h"
#include "model/snapshot.h"
#include "stackprobe/plugin.h"

namespace stackprobe::expose {

/// One sample of an ExtraFamily.
struct ExtraSample {
  ExtraSample(Labels labels_in, double value_in, std::string suffix_in = {},
              std::string le_in = {})
      : labels(std::move(labels_in)),
        value(value_in),
        suffix(std::move(suffix_in)),
        le(std::move(le_in)) {}

  Labels labels;
  double value = 0;
  /// Appended to the family name: "" for counters and gauges; "_bucket",
  /// "_sum" or "_count" for a histogram's samples.
  std::string suffix;
  /// A histogram bucket's upper bound, written as the first label `le` (a
  /// label of `labels` with that name becomes exported_le); "" for none.
  std::string le;
  /// The index of another sample of the same family whose labels this
  /// one has instead of `labels` (a histogram's samples share one set
  /// rather than copy it per bucket); kOwnLabels: its own.
  std::size_t labels_of = kOwnLabels;
  static constexpr std::size_t kOwnLabels = static_cast<std::size_t>(-1);
};

/// A family the caller owns the values of, such as the HTTP server's request
/// counters or the scrape duration. Rendered with the others, sorted by name;
/// a name stackprobe itself uses wins over it.
struct ExtraFamily {
  std::string name;  ///< Text 0.0.4 name: counters end in _total.
  std::string help;  ///< Where the value comes from; one line.
  SampleType type = SampleType::kGauge;  ///< Ignored for a histogram.
  std::vector<ExtraSample> samples;
  /// A histogram (TYPE histogram; `type` is ignored): its samples carry
  /// suffixes, each series' buckets in ascending `le` order, "+Inf" last.
  bool histogram = false;
};

/// Renders every family of /metrics in `format`, sorted by family name, with
/// one HELP/TYPE block per family. Deterministic for equal inputs.
///
/// Per probe (each series also carries the probe's configured labels):
///  - stackprobe_probe_success{probe}: 1 when the latest run ended up or
///    degraded; 0 otherwise and before the first run.
///  - stackprobe_probe_state{probe,state}: one series per State, 1 for the
///    latest state; before the first run every series is 0.
///  - stackprobe_probe_duration_seconds{probe}: absent before the first run.
///  - stackprobe_probe_last_run_timestamp_seconds{probe}: 0 before the first
///    run.
///  - stackprobe_probe_interval_seconds{probe};
///    stackprobe_probe_dependency_info{probe,depends_on} and
///    stackprobe_probe_blocked{probe} for a probe with depends_on.
///  - with exporter.probe_series kFull only: stackprobe_probe_runs_total,
///    _skipped_runs_total, _timeout_seconds {probe};
///    stackprobe_probe_failures_total{probe,reason} for each reason seen.
///  - each plugin sample of the latest run as stackprobe_<plugin>_<name>
///    {probe,...}. Families are merged across probes; when plugins disagree on
///    a family's type the first probe (by name) wins and the others' samples
///    are dropped, as are plugin families whose name stackprobe or `extra`
///    already uses.
/// Self: stackprobe_build_info, stackprobe_plugin_info, stackprobe_config_*,
/// process_*.
/// In text 0.0.4 StateSet and info are gauges. In OpenMetrics info stays
/// info (family name without _info), a counter family loses _total (its
/// samples keep it), StateSet is a gauge, and the text ends with `# EOF`.
/// Thread-safe: reads its arguments only.
std::string RenderMetrics(const model::StoreSnapshot& snapshot,
                          const model::ExporterInfo& exporter,
                          const ProcessStats& process,
                          const std::vector<ExtraFamily>& extra, Format format);

/// RenderMetrics in two steps, so that every scrape of one snapshot shares
/// the work: PrepareMetrics writes the families that depend only on the
/// snapshot and the exporter (everything but process_* and `extra`) and keeps
/// a place, in name order, for each of the others; CompleteMetrics fills
/// those in. CompleteMetrics(PrepareMetrics(s, e, x, f), p, x) equals
/// RenderMetrics(s, e, p, x, f) as long as `extra` holds the same family
/// names and types in the same order (its values may differ).
struct PreparedMetrics {
  /// Written text, or the place of a family rendered per scrape.
  struct Piece {
    std::string text;
    const CoreFamily* live_core = nullptr;  ///< A process_* family.
    std::size_t live_extra = kNoExtra;      ///< An index into `extra`.
    static constexpr std::size_t kNoExtra = static_cast<std::size_t>(-1);
  };
  Format format = Format::kText004;
  std::vector<Piece> pieces;
  std::size_t text_bytes = 0;  ///< Sum of the pieces' text sizes.
};

PreparedMetrics PrepareMetrics(const model::StoreSnapshot& snapshot,
                               const model::ExporterInfo& exporter,
                               const std::vector<ExtraFamily>& extra,
                               Format format);

std::string CompleteMetrics(const PreparedMetrics& prepared,
                            const ProcessStats& process,
                            const std::vector<ExtraFamily>& extra);

/// What CompleteMetrics writes now, piece by piece: `pieces[i]` is the text
/// of prepared piece i when it is rendered per scrape ("" for the prepared
/// text pieces), `end` what follows the last piece (OpenMetrics' `# EOF`).
struct LiveMetrics {
  std::vector<std::string> pieces;
  std::string end;
};

/// Whether prepared piece `piece` is rendered per scrape.
bool IsLive(const PreparedMetrics::Piece& piece);

LiveMetrics RenderLiveMetrics(const PreparedMetrics& prepared,
                              const ProcessStats& process,
                              const std::vector<ExtraFamily>& extra);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_METRICS_RENDERER_H_
