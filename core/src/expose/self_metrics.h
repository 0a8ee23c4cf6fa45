// SPDX-License-Identifier: Apache-2.0
//
// The exporter's own instrumentation: a prometheus-cpp Registry holding the
// HTTP server's families (registered by the server), config reloads, sink
// writes and the opt-in histograms of probe run durations. /metrics writes
// them through stackprobe's writer (prometheus_cpp_families.h).
#ifndef STACKPROBE_EXPOSE_SELF_METRICS_H_
#define STACKPROBE_EXPOSE_SELF_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "expose/metrics_renderer.h"

namespace stackprobe::expose {

/// A probe whose run durations go into a histogram.
struct ProbeHistogramSpec {
  std::string probe;
  Labels labels;                ///< The probe's configured labels.
  std::vector<double> buckets;  ///< Upper bounds, strictly increasing.
};

/// Thread-safe.
///
/// Families (text 0.0.4 names):
///  - stackprobe_config_reloads_total{result}: result is success or failure.
///  - stackprobe_sink_writes_total{sink,result}: snapshots handed to a sink,
///    result success or failure (the sink threw).
///  - stackprobe_sink_write_duration_seconds{sink}: how long a sink took.
///  - stackprobe_probe_run_duration_seconds{probe,...}: every run of a probe
///    configured with duration_histogram, with the probe's labels.
class SelfMetrics {
 public:
  SelfMetrics();

  /// Where the HTTP server registers its families too.
  const std::shared_ptr<prometheus::Registry>& registry() const {
    return registry_;
  }

  /// Counts one reload of the config.
  void CountReload(bool success);

  /// Makes the sink families hold exactly the `sinks` named: new ones start
  /// at zero (both results), those no longer configured go, the others keep
  /// their counts.
  void SetSinks(const std::vector<std::string>& sinks);

  /// Counts one write of `sink` that took `seconds` (ignored for a sink
  /// SetSinks did not name).
  void ObserveSinkWrite(const std::string& sink, bool success, double seconds);

  /// Makes the probe histograms exactly `specs`: probes no longer listed
  /// lose theirs, new ones start empty, and a probe whose labels or buckets
  /// changed starts afresh; the others keep their counts.
  void SetProbeHistograms(const std::vector<ProbeHistogramSpec>& specs);

  /// Observes one run of `probe` (ignored unless it has a histogram).
  void ObserveProbeRun(const std::string& probe, double seconds);

  /// Everything in the registry, for the exposition.
  std::vector<ExtraFamily> Families() const;

 private:
  struct SinkSeries {
    prometheus::Counter* successes = nullptr;
    prometheus::Counter* failures = nullptr;
    prometheus::Histogram* duration = nullptr;
  };
  struct ProbeHistogram {
    ProbeHistogramSpec spec;
    prometheus::Histogram* histogram = nullptr;
  };

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& reloads_;
  prometheus::Family<prometheus::Counter>& sink_writes_;
  prometheus::Family<prometheus::Histogram>& sink_durations_;
  prometheus::Family<prometheus::Histogram>& probe_durations_;

  std::mutex mutex_;  // guards probes_ and sinks_
  std::map<std::string, ProbeHistogram> probes_;
  std::map<std::string, SinkSeries> sinks_;
};

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_SELF_METRICS_H_
