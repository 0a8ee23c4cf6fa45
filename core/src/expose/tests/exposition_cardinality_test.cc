// SPDX-License-Identifier: Apache-2.0
//
// How many series stackprobe's own families write per probe. The lean
// default (docs/metrics.md) is bounded; a new per-probe series must be
// opt-in or be added to the documented bound on purpose.
#include <gtest/gtest.h>
#include <time.h>

#include <cstddef>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "expose/metrics_renderer.h"
#include "fixtures.h"

namespace stackprobe::expose {
namespace {

double RenderThreadCpuMs() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 +
         static_cast<double>(now.tv_nsec) / 1e6;
}

// A probe of a stack of `count`: every probe has run and is up with one
// failure seen earlier; every tenth depends on the probe before it.
model::StoreSnapshot StackOf(int count) {
  model::StoreSnapshot snapshot;
  for (int p = 0; p < count; ++p) {
    model::ProbeStatus status;
    status.record.probe = "probe_" + std::to_string(p);
    status.record.plugin = "http";
    status.record.has_run = true;
    status.record.finished_at = 1700000000 + p;
    status.record.duration_seconds = 0.0002;
    status.record.runs = 40;
    status.record.result = MakeResult(State::kUp, reason::kNone, "");
    status.failures_by_reason = {{"refused", 1}};
    status.interval_seconds = 15;
    status.timeout_seconds = 5;
    if (p % 10 == 1) status.depends_on = {"probe_" + std::to_string(p - 1)};
    snapshot.probes.push_back(std::move(status));
  }
  return snapshot;
}

// Series per probe label value in a text 0.0.4 exposition.
std::map<std::string, int> SeriesPerProbe(const std::string& text) {
  std::map<std::string, int> series;
  std::istringstream lines(text);
  std::string line;
  const std::string key = "{probe=\"";
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t at = line.find(key);
    if (at == std::string::npos) continue;
    const std::size_t begin = at + key.size();
    ++series[line.substr(begin, line.find('"', begin) - begin)];
  }
  return series;
}

std::size_t SeriesCount(const std::string& text) {
  std::size_t count = 0;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] != '#') ++count;
  }
  return count;
}

std::string RenderStack(int count, model::ProbeSeries series) {
  auto exporter = testing::MakeExporterInfo();
  exporter.probe_series = series;
  return RenderMetrics(StackOf(count), exporter, testing::MakeProcessStats(),
                       {}, Format::kText004);
}

// The family of each sample line that carries a probe label.
std::set<std::string> PerProbeFamilies(const std::string& text) {
  std::set<std::string> families;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t brace = line.find("{probe=\"");
    if (brace != std::string::npos) families.insert(line.substr(0, brace));
  }
  return families;
}

// The bound docs/metrics.md documents for the lean default.
constexpr int kLeanSeriesPerProbe = 10;

TEST(ExpositionCardinality, LeanHasTheDocumentedSeriesPerProbe) {
  const model::StoreSnapshot stack = StackOf(100);
  const std::map<std::string, int> series =
      SeriesPerProbe(RenderStack(100, model::ProbeSeries::kLean));
  ASSERT_EQ(series.size(), 100u);
  for (const model::ProbeStatus& status : stack.probes) {
    SCOPED_TRACE(status.record.probe);
    // With depends_on: stackprobe_probe_blocked and one
    // stackprobe_probe_dependency_info per dependency on top.
    const int dependencies = static_cast<int>(status.depends_on.size());
    const int bound =
        kLeanSeriesPerProbe + (dependencies > 0 ? 1 + dependencies : 0);
    EXPECT_EQ(series.at(status.record.probe), bound);
  }
}

TEST(ExpositionCardinality, LeanHasTheDocumentedFamiliesOnly) {
  const std::set<std::string> documented = {
      "stackprobe_probe_blocked",
      "stackprobe_probe_dependency_info",
      "stackprobe_probe_duration_seconds",
      "stackprobe_probe_interval_seconds",
      "stackprobe_probe_last_run_timestamp_seconds",
      "stackprobe_probe_state",
      "stackprobe_probe_success",
  };
  EXPECT_EQ(PerProbeFamilies(RenderStack(20, model::ProbeSeries::kLean)),
            documented);
}

TEST(ExpositionCardinality, FullAddsTheOptInFamilies) {
  const std::set<std::string> families =
      PerProbeFamilies(RenderStack(20, model::ProbeSeries::kFull));
  for (const char* name :
       {"stackprobe_probe_runs_total", "stackprobe_probe_failures_total",
        "stackprobe_probe_skipped_runs_total",
        "stackprobe_probe_timeout_seconds"}) {
    EXPECT_TRUE(families.contains(name)) << name;
  }
  EXPECT_EQ(families.size(), 11u);
}

// The figure docs/metrics.md quotes; printed, not asserted.
TEST(ExpositionCardinality, ReportsSeriesAndBytesAtThousandProbes) {
  for (const auto series :
       {model::ProbeSeries::kLean, model::ProbeSeries::kFull}) {
    const model::StoreSnapshot stack = StackOf(1000);
    auto exporter = testing::MakeExporterInfo();
    exporter.probe_series = series;
    // Once untimed: the first render also faults the allocator's pages in.
    std::string text = RenderMetrics(
        stack, exporter, testing::MakeProcessStats(), {}, Format::kText004);
    // CPU time of this thread: wall time is meaningless on a busy machine.
    constexpr int kRounds = 5;
    const double start = RenderThreadCpuMs();
    for (int i = 0; i < kRounds; ++i) {
      text = RenderMetrics(stack, exporter, testing::MakeProcessStats(), {},
                           Format::kText004);
    }
    const double render = (RenderThreadCpuMs() - start) / kRounds;
    std::cout << "1000 probes, "
              << (series == model::ProbeSeries::kLean ? "lean" : "full") << ": "
              << SeriesCount(text) << " series, " << text.size() << " bytes, "
              << render << " ms CPU per render\n";
  }
}

}  // namespace
}  // namespace stackprobe::expose
