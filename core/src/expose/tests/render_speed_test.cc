// SPDX-License-Identifier: Apache-2.0
//
// Measures a large render and reports the time; timing is not asserted (the
// machine is shared), only that the output is complete.
#include <gtest/gtest.h>
#include <time.h>

#include <chrono>
#include <iostream>
#include <string>

#include "expose/metrics_renderer.h"
#include "fixtures.h"

namespace stackprobe::expose {
namespace {

double ThreadCpuMilliseconds() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 +
         static_cast<double>(now.tv_nsec) / 1e6;
}

model::StoreSnapshot LargeSnapshot(int probes, int samples_per_probe) {
  model::StoreSnapshot snapshot;
  for (int p = 0; p < probes; ++p) {
    model::ProbeStatus status;
    status.record.probe = "probe_" + std::to_string(p);
    status.record.plugin = p % 2 == 0 ? "http" : "qdrant";
    status.record.labels = {{"team", "ai"}};
    status.record.has_run = true;
    status.record.finished_at = 1700000000 + p;
    status.record.duration_seconds = 0.001 * p;
    status.record.runs = static_cast<std::uint64_t>(p);
    status.record.result = MakeResult(State::kUp, reason::kNone, "");
    for (int s = 0; s < samples_per_probe; ++s) {
      AddGauge(status.record.result, "phase_seconds", "Phase time.", 0.5 * s,
               {{"phase", "p" + std::to_string(s)}});
    }
    status.failures_by_reason = {{"timeout", 3}};
    status.interval_seconds = 15;
    snapshot.probes.push_back(std::move(status));
  }
  return snapshot;
}

TEST(RenderSpeed, ThousandProbes) {
  const model::StoreSnapshot snapshot = LargeSnapshot(1000, 20);
  const auto exporter = testing::MakeExporterInfo();
  const auto process = testing::MakeProcessStats();
  std::string text;
  // CPU time of this thread: wall time is meaningless on a busy machine.
  const double start = ThreadCpuMilliseconds();
  constexpr int kRounds = 3;
  for (int i = 0; i < kRounds; ++i) {
    text = RenderMetrics(snapshot, exporter, process, {}, Format::kText004);
  }
  const double elapsed = (ThreadCpuMilliseconds() - start) / kRounds;
  std::cout << "RenderMetrics 1000 probes x 20 samples: " << elapsed
            << " ms CPU per render, " << text.size() << " bytes\n";
  RecordProperty("render_ms", std::to_string(elapsed));
  EXPECT_EQ(testing::CountOf(text, "stackprobe_http_phase_seconds{") +
                testing::CountOf(text, "stackprobe_qdrant_phase_seconds{"),
            20000);
  EXPECT_EQ(testing::CountOf(text, "stackprobe_probe_success{"), 1000);
}

}  // namespace
}  // namespace stackprobe::expose
