// SPDX-License-Identifier: Apache-2.0
#include "expose/probe_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fixtures.h"
#include "promtool.h"

namespace stackprobe::expose {
namespace {

using testing::CountOf;
using ::testing::HasSubstr;
using ::testing::Not;

const ProbeRecord& LlmRecord() {
  static const model::StoreSnapshot snapshot = testing::MakeSnapshot();
  return snapshot.probes[0].record;
}

TEST(ProbeRenderer, BlackboxSeriesAndPluginSamples) {
  const std::string text = RenderProbe(LlmRecord(), "openai", Format::kText004);
  for (const char* line : {
           "# TYPE probe_success gauge\n"
           "probe_success{team=\"ai\"} 1\n",
           "probe_duration_seconds{team=\"ai\"} 0.25\n",
           "stackprobe_probe_state{state=\"up\",team=\"ai\"} 1\n",
           "stackprobe_probe_state{state=\"error\",team=\"ai\"} 0\n",
           "stackprobe_openai_queue_ratio{team=\"ai\"} NaN\n",
           "stackprobe_openai_health{team=\"ai\",status=\"loading\"} 1\n",
       }) {
    EXPECT_THAT(text, HasSubstr(line)) << text;
  }
  EXPECT_THAT(text, Not(HasSubstr("probe=")));
  // Sorted: the blackbox names come before stackprobe's.
  EXPECT_LT(text.find("probe_duration_seconds"), text.find("probe_success"));
  EXPECT_LT(text.find("probe_success"), text.find("stackprobe_openai"));
}

TEST(ProbeRenderer, FailedRunIsNotSuccess) {
  ProbeRecord record;
  record.probe = "q";
  record.has_run = true;
  record.duration_seconds = 1.5;
  record.result = MakeResult(State::kDown, reason::kRefused, "refused");
  const std::string text = RenderProbe(record, "qdrant", Format::kText004);
  EXPECT_THAT(text, HasSubstr("\nprobe_success 0\n"));
  EXPECT_THAT(text, HasSubstr("\nprobe_duration_seconds 1.5\n"));
  EXPECT_THAT(text, HasSubstr("\nstackprobe_probe_state{state=\"down\"} 1\n"));
  EXPECT_EQ(CountOf(text, "} 1\n"), 1);
}

TEST(ProbeRenderer, PromtoolAcceptsIt) {
  const auto result = testing::CheckMetrics(
      RenderProbe(LlmRecord(), "openai", Format::kText004));
  ASSERT_TRUE(result.found) << result.error;
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "");
}

TEST(ProbeRenderer, OpenMetrics) {
  const std::string text =
      RenderProbe(LlmRecord(), "openai", Format::kOpenMetrics);
  EXPECT_TRUE(text.ends_with("\n# EOF\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE stackprobe_openai_model info\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE stackprobe_openai_requests counter\n"));
  EXPECT_THAT(text, HasSubstr("\nstackprobe_openai_requests_total{"));
}

}  // namespace
}  // namespace stackprobe::expose
