// SPDX-License-Identifier: Apache-2.0
#include "expose/prometheus_cpp_families.h"

#include <string>
#include <utility>

#include "expose/text_writer.h"

namespace stackprobe::expose {
namespace {

Labels LabelsOf(const prometheus::ClientMetric& metric) {
  Labels labels;
  for (const auto& label : metric.label) labels[label.name] = label.value;
  return labels;
}

// The `le` label value as Prometheus spells it: "+Inf", or the shortest
// text that reads back to the same bound.
std::string BoundText(double bound) {
  std::string text;
  TextWriter::AppendValue(bound, text);
  return text;
}

void AddHistogramSamples(const prometheus::ClientMetric& metric,
                         ExtraFamily& family) {
  // The series' labels are kept once, by its _sum sample (written after
  // the buckets that share them: order of writing is order in `samples`).
  const std::size_t first = family.samples.size();
  const std::size_t owner = first + metric.histogram.bucket.size();
  for (const auto& bucket : metric.histogram.bucket) {
    ExtraSample sample({}, static_cast<double>(bucket.cumulative_count),
                       "_bucket", BoundText(bucket.upper_bound));
    sample.labels_of = owner;
    family.samples.push_back(std::move(sample));
  }
  family.samples.push_back(
      {LabelsOf(metric), metric.histogram.sample_sum, "_sum"});
  ExtraSample count({}, static_cast<double>(metric.histogram.sample_count),
                    "_count");
  count.labels_of = owner;
  family.samples.push_back(std::move(count));
}

}  // namespace

std::vector<ExtraFamily> FamiliesFromPrometheusCpp(
    const std::vector<prometheus::MetricFamily>& collected) {
  std::vector<ExtraFamily> families;
  families.reserve(collected.size());
  for (const prometheus::MetricFamily& source : collected) {
    if (source.type == prometheus::MetricType::Summary) continue;
    ExtraFamily family;
    family.name = source.name;
    family.help = source.help;
    std::size_t samples = source.metric.size();
    if (source.type == prometheus::MetricType::Histogram) {
      samples = 0;
      for (const auto& metric : source.metric) {
        samples += metric.histogram.bucket.size() + 2;
      }
    }
    family.samples.reserve(samples);
    for (const prometheus::ClientMetric& metric : source.metric) {
      switch (source.type) {
        case prometheus::MetricType::Counter:
          family.samples.push_back({LabelsOf(metric), metric.counter.value});
          break;
        case prometheus::MetricType::Gauge:
          family.samples.push_back({LabelsOf(metric), metric.gauge.value});
          break;
        case prometheus::MetricType::Untyped:
          family.samples.push_back({LabelsOf(metric), metric.untyped.value});
          break;
        case prometheus::MetricType::Histogram:
          AddHistogramSamples(metric, family);
          break;
        case prometheus::MetricType::Summary:
          break;
      }
    }
    if (source.type == prometheus::MetricType::Counter) {
      family.type = SampleType::kCounter;
    }
    family.histogram = source.type == prometheus::MetricType::Histogram;
    families.push_back(std::move(family));
  }
  return families;
}

}  // namespace stackprobe::expose
