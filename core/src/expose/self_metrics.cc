// SPDX-License-Identifier: Apache-2.0
#include "expose/self_metrics.h"

#include <set>
#include <utility>

#include "expose/prometheus_cpp_families.h"

namespace stackprobe::expose {
namespace {

// A sink writes a file or sends a request: milliseconds to seconds.
const prometheus::Histogram::BucketBoundaries& SinkBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

// The probe's configured labels, as on its other series; one named `le`
// would clash with the buckets' and is renamed as Prometheus renames clashing
// target labels.
prometheus::Labels ProbeLabels(const ProbeHistogramSpec& spec) {
  prometheus::Labels labels;
  for (const auto& [name, value] : spec.labels) {
    labels[name == "le" ? "exported_le" : name] = value;
  }
  labels["probe"] = spec.probe;
  return labels;
}

bool SameSeries(const ProbeHistogramSpec& a, const ProbeHistogramSpec& b) {
  return a.labels == b.labels && a.buckets == b.buckets;
}

}  // namespace

SelfMetrics::SelfMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      reloads_(prometheus::BuildCounter()
                   .Name("stackprobe_config_reloads_total")
                   .Help("Reloads of the config file (SIGHUP, POST "
                         "/-/reload), by result: success, or failure (the "
                         "previous config kept running).")
                   .Register(*registry_)),
      sink_writes_(prometheus::BuildCounter()
                       .Name("stackprobe_sink_writes_total")
                       .Help("Snapshots handed to a sink, by sink and result: "
                             "success, or failure (the sink failed and "
                             "logged why).")
                       .Register(*registry_)),
      sink_durations_(prometheus::BuildHistogram()
                          .Name("stackprobe_sink_write_duration_seconds")
                          .Help("Time a sink took to consume one snapshot, "
                                "measured by the exporter.")
                          .Register(*registry_)),
      probe_durations_(
          prometheus::BuildHistogram()
              .Name("stackprobe_probe_run_duration_seconds")
              .Help("Duration of every run of a probe configured with "
                    "duration_histogram, measured by the exporter (the "
                    "latest run alone is stackprobe_probe_duration_seconds).")
              .Register(*registry_)) {
  // Both results exist from the start, so that a rate of failures is 0
  // rather than absent before the first failure.
  reloads_.Add({{"result", "success"}});
  reloads_.Add({{"result", "failure"}});
}

void SelfMetrics::CountReload(bool success) {
  reloads_.Add({{"result", success ? "success" : "failure"}}).Increment();
}

void SelfMetrics::SetSinks(const std::vector<std::string>& sinks) {
  const std::set<std::string> wanted(sinks.begin(), sinks.end());
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = sinks_.begin(); it != sinks_.end();) {
    if (wanted.contains(it->first)) {
      ++it;
      continue;
    }
    sink_writes_.Remove(it->second.successes);
    sink_writes_.Remove(it->second.failures);
    sink_durations_.Remove(it->second.duration);
    it = sinks_.erase(it);
  }
  for (const std::string& sink : wanted) {
    if (sinks_.contains(sink)) continue;
    SinkSeries series;
    series.successes =
        &sink_writes_.Add({{"sink", sink}, {"result", "success"}});
    series.failures =
        &sink_writes_.Add({{"sink", sink}, {"result", "failure"}});
    series.duration = &sink_durations_.Add({{"sink", sink}}, SinkBuckets());
    sinks_.emplace(sink, series);
  }
}

void SelfMetrics::ObserveSinkWrite(const std::string& sink, bool success,
                                   double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = sinks_.find(sink);
  if (it == sinks_.end()) return;
  (success ? it->second.successes : it->second.failures)->Increment();
  it->second.duration->Observe(seconds);
}

void SelfMetrics::SetProbeHistograms(
    const std::vector<ProbeHistogramSpec>& specs) {
  std::map<std::string, const ProbeHistogramSpec*> wanted;
  for (const ProbeHistogramSpec& spec : specs) wanted[spec.probe] = &spec;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = probes_.begin(); it != probes_.end();) {
    const auto found = wanted.find(it->first);
    if (found != wanted.end() && SameSeries(*found->second, it->second.spec)) {
      ++it;
      continue;
    }
    probe_durations_.Remove(it->second.histogram);
    it = probes_.erase(it);
  }
  for (const auto& [probe, spec] : wanted) {
    if (probes_.contains(probe)) continue;
    ProbeHistogram entry{*spec, nullptr};
    entry.histogram = &probe_durations_.Add(ProbeLabels(*spec), spec->buckets);
    probes_.emplace(probe, std::move(entry));
  }
}

void SelfMetrics::ObserveProbeRun(const std::string& probe, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = probes_.find(probe);
  if (it != probes_.end()) it->second.histogram->Observe(seconds);
}

std::vector<ExtraFamily> SelfMetrics::Families() const {
  return FamiliesFromPrometheusCpp(registry_->Collect());
}

}  // namespace stackprobe::expose
