// SPDX-License-Identifier: Apache-2.0
#include "expose/metrics_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fixtures.h"
#include "promtool.h"

namespace stackprobe::expose {
namespace {

using testing::CountOf;
using ::testing::HasSubstr;
using testing::MakeExporterInfo;
using testing::MakeProcessStats;
using testing::MakeSnapshot;
using ::testing::Not;

std::vector<ExtraFamily> MakeExtra() {
  return {ExtraFamily{"stackprobe_http_requests_total",
                      "HTTP requests answered, counted by the server.",
                      SampleType::kCounter,
                      {{{{"code", "200"}}, 5}, {{{"code", "404"}}, 1}}}};
}

// Every family: probe_series full.
std::string Render(Format format) {
  auto exporter = MakeExporterInfo();
  exporter.probe_series = model::ProbeSeries::kFull;
  return RenderMetrics(MakeSnapshot(), exporter, MakeProcessStats(),
                       MakeExtra(), format);
}

std::string RenderLean() {
  return RenderMetrics(MakeSnapshot(), MakeExporterInfo(), MakeProcessStats(),
                       MakeExtra(), Format::kText004);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

bool HasLine(const std::string& text, const std::string& line) {
  const auto lines = Lines(text);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// The family names of the TYPE lines, in order.
std::vector<std::string> TypeNames(const std::string& text) {
  std::vector<std::string> names;
  for (const std::string& line : Lines(text)) {
    if (line.starts_with("# TYPE ")) {
      names.push_back(line.substr(7, line.find(' ', 7) - 7));
    }
  }
  return names;
}

TEST(MetricsRendererText, CoreSeriesPerProbe) {
  const std::string text = Render(Format::kText004);
  for (
      const char* line : {
          R"(stackprobe_probe_success{probe="llm",team="ai"} 1)",
          R"(stackprobe_probe_success{probe="qdrant_main"} 0)",
          R"(stackprobe_probe_success{probe="vectors"} 0)",
          R"(stackprobe_probe_state{probe="llm",state="up",team="ai"} 1)",
          R"(stackprobe_probe_state{probe="llm",state="down",team="ai"} 0)",
          R"(stackprobe_probe_state{probe="qdrant_main",state="down"} 1)",
          R"(stackprobe_probe_duration_seconds{probe="llm",team="ai"} 0.25)",
          R"(stackprobe_probe_last_run_timestamp_seconds{probe="llm",team="ai"} 1700000000.5)",
          R"(stackprobe_probe_last_run_timestamp_seconds{probe="vectors"} 0)",
          R"(stackprobe_probe_runs_total{probe="llm",team="ai"} 7)",
          R"(stackprobe_probe_runs_total{probe="vectors"} 0)",
          R"(stackprobe_probe_failures_total{probe="qdrant_main",reason="refused"} 1)",
          R"(stackprobe_probe_failures_total{probe="qdrant_main",reason="timeout"} 2)",
          R"(stackprobe_probe_skipped_runs_total{probe="qdrant_main"} 4)",
          R"(stackprobe_probe_interval_seconds{probe="vectors"} 60)",
          R"(stackprobe_probe_timeout_seconds{probe="llm",team="ai"} 5)",
          R"(stackprobe_probe_dependency_info{probe="llm",depends_on="vectors",team="ai"} 1)",
          R"(stackprobe_probe_blocked{probe="llm",team="ai"} 1)",
          "# TYPE stackprobe_probe_state gauge",
          "# TYPE stackprobe_probe_dependency_info gauge",
          "# TYPE stackprobe_probe_runs_total counter",
      }) {
    EXPECT_TRUE(HasLine(text, line)) << "missing: " << line << "\n" << text;
  }
}

TEST(MetricsRendererText, OnlyProbesWithDependenciesHaveBlocked) {
  const std::string text = Render(Format::kText004);
  EXPECT_EQ(CountOf(text, "\nstackprobe_probe_blocked{"), 1);
  EXPECT_THAT(text,
              Not(HasSubstr("stackprobe_probe_blocked{probe=\"qdrant_main\"")));
}

TEST(MetricsRendererText, LeanLeavesTheOptInFamiliesOut) {
  const std::string text = RenderLean();
  for (
      const char* line : {
          R"(stackprobe_probe_success{probe="llm",team="ai"} 1)",
          R"(stackprobe_probe_state{probe="qdrant_main",state="down"} 1)",
          R"(stackprobe_probe_duration_seconds{probe="llm",team="ai"} 0.25)",
          R"(stackprobe_probe_last_run_timestamp_seconds{probe="vectors"} 0)",
          R"(stackprobe_probe_interval_seconds{probe="vectors"} 60)",
          R"(stackprobe_probe_dependency_info{probe="llm",depends_on="vectors",team="ai"} 1)",
          R"(stackprobe_probe_blocked{probe="llm",team="ai"} 1)",
      }) {
    EXPECT_TRUE(HasLine(text, line)) << "missing: " << line << "\n" << text;
  }
  for (const char* name :
       {"stackprobe_probe_runs_total", "stackprobe_probe_failures_total",
        "stackprobe_probe_skipped_runs_total",
        "stackprobe_probe_timeout_seconds"}) {
    EXPECT_THAT(text, Not(HasSubstr(name))) << text;
  }
}

TEST(MetricsRendererText, ProbeThatHasNotRunHasNoCurrentStateNorDuration) {
  const std::string text = Render(Format::kText004);
  EXPECT_EQ(CountOf(text, "stackprobe_probe_state{probe=\"vectors\""), 6);
  EXPECT_THAT(text, Not(HasSubstr("{probe=\"vectors\",state=\"up\"} 1")));
  for (const char* state :
       {"up", "degraded", "starting", "down", "blocked", "error"}) {
    EXPECT_TRUE(HasLine(text, std::string("stackprobe_probe_state{probe="
                                          "\"vectors\",state=\"") +
                                  state + "\"} 0"))
        << state;
  }
  EXPECT_THAT(
      text,
      Not(HasSubstr("stackprobe_probe_duration_seconds{probe=\"vectors\"")));
}

TEST(MetricsRendererText, PluginSamplesWithEscapingAndSpecialValues) {
  const std::string text = Render(Format::kText004);
  for (
      const char* line : {
          R"(stackprobe_openai_first_token_seconds{probe="llm",team="ai"} 0.125)",
          R"(stackprobe_openai_queue_ratio{probe="llm",team="ai"} NaN)",
          R"(stackprobe_openai_context_tokens{probe="llm",team="ai",model="llama"} +Inf)",
          R"(stackprobe_openai_requests_total{probe="llm",team="ai",path="say \"hi\"\\now\nthen"} 42)",
          "stackprobe_openai_model_info{probe=\"llm\",team=\"ai\",model=\"bad"
          "\xEF\xBF\xBD\xEF\xBF\xBD utf8\",quant=\"q4\"} 1",
          R"(stackprobe_openai_health{probe="llm",team="ai",status="loading"} 1)",
          R"(stackprobe_openai_health{probe="llm",team="ai",status="ok"} 0)",
          R"(stackprobe_qdrant_collection_points{probe="qdrant_main",collection="docs"} 1e+21)",
          "# HELP stackprobe_openai_first_token_seconds Time to first token, "
          "from /v1/chat.",
          "# TYPE stackprobe_openai_model_info gauge",
          "# TYPE stackprobe_openai_health gauge",
          "# TYPE stackprobe_openai_requests_total counter",
      }) {
    EXPECT_TRUE(HasLine(text, line)) << "missing: " << line << "\n" << text;
  }
  EXPECT_THAT(text, Not(HasSubstr("Nan")));
}

TEST(MetricsRendererText, SelfAndExtraFamilies) {
  const std::string text = Render(Format::kText004);
  for (
      const char* line : {
          R"(stackprobe_build_info{version="0.1.0",revision="abc123"} 1)",
          R"(stackprobe_plugin_info{plugin="openai",version="1.2.0",abi="1",kind="probe"} 1)",
          "stackprobe_config_last_reload_successful 0",
          "stackprobe_config_last_reload_success_timestamp_seconds 1699999000",
          "process_cpu_seconds_total 1.5",
          "process_resident_memory_bytes 14680064",
          "process_virtual_memory_bytes 104857600",
          "process_open_fds 12",
          "process_max_fds 1024",
          "process_start_time_seconds 1699998000.25",
          R"(stackprobe_http_requests_total{code="404"} 1)",
      }) {
    EXPECT_TRUE(HasLine(text, line)) << "missing: " << line << "\n" << text;
  }
}

TEST(MetricsRendererText, FamiliesSortedOnceEachWithHelp) {
  const std::string text = Render(Format::kText004);
  const auto names = TypeNames(text);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_EQ(CountOf(text, "# HELP "), static_cast<int>(names.size()));
  EXPECT_EQ(Render(Format::kText004), text);  // Deterministic.
}

TEST(MetricsRendererText, PromtoolAcceptsIt) {
  for (const std::string& text : {Render(Format::kText004), RenderLean()}) {
    const auto result = testing::CheckMetrics(text);
    ASSERT_TRUE(result.found) << result.error;
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_EQ(result.output, "");
  }
}

TEST(MetricsRendererText, PromtoolAcceptsAnEmptySnapshot) {
  const auto text = RenderMetrics({}, {}, {}, {}, Format::kText004);
  const auto result = testing::CheckMetrics(text);
  ASSERT_TRUE(result.found) << result.error;
  EXPECT_EQ(result.exit_code, 0) << result.output << text;
  EXPECT_EQ(result.output, "");
  // A family without samples leaves no header behind.
  EXPECT_THAT(text, Not(HasSubstr("stackprobe_probe_success")));
}

TEST(MetricsRendererOpenMetrics, Structure) {
  const std::string text = Render(Format::kOpenMetrics);
  ASSERT_TRUE(text.ends_with("\n# EOF\n"));
  EXPECT_EQ(CountOf(text, "# EOF"), 1);
  for (
      const char* line : {
          "# TYPE stackprobe_probe_runs counter",
          R"(stackprobe_probe_runs_total{probe="llm",team="ai"} 7)",
          "# TYPE stackprobe_probe_failures counter",
          "# TYPE process_cpu_seconds counter",
          "process_cpu_seconds_total 1.5",
          "# TYPE stackprobe_openai_requests counter",
          "# TYPE stackprobe_openai_model info",
          "# TYPE stackprobe_build info",
          R"(stackprobe_build_info{version="0.1.0",revision="abc123"} 1)",
          "# TYPE stackprobe_probe_dependency info",
          "# TYPE stackprobe_openai_health gauge",
          "# TYPE stackprobe_probe_state gauge",
          "# TYPE stackprobe_http_requests counter",
          R"(stackprobe_http_requests_total{code="200"} 5)",
          R"(stackprobe_openai_queue_ratio{probe="llm",team="ai"} NaN)",
          R"(stackprobe_openai_context_tokens{probe="llm",team="ai",model="llama"} +Inf)",
      }) {
    EXPECT_TRUE(HasLine(text, line)) << "missing: " << line << "\n" << text;
  }
  EXPECT_THAT(text, Not(HasSubstr("Nan")));
  EXPECT_THAT(text, Not(HasSubstr("stateset")));
  EXPECT_THAT(text, Not(HasSubstr("# TYPE stackprobe_probe_runs_total")));
  const auto names = TypeNames(text);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(),
            names.size());
}

// Two plugins whose names make the same family, with different types.
TEST(MetricsRendererMerge, FirstTypeWinsAcrossPlugins) {
  model::StoreSnapshot snapshot;
  model::ProbeStatus a;
  a.record.probe = "a";
  a.record.plugin = "x";
  a.record.has_run = true;
  a.record.result = MakeResult(State::kUp, reason::kNone, "");
  AddGauge(a.record.result, "y_z", "From a.", 1);
  model::ProbeStatus b = a;
  b.record.probe = "b";
  b.record.plugin = "x_y";
  b.record.result.samples.clear();
  AddStateSet(b.record.result, "z", "From b.", "s", {"on"}, "on");
  model::ProbeStatus c = a;
  c.record.probe = "c";
  c.record.result.samples[0].value = 3;
  c.record.result.samples[0].help = "Other help.";
  snapshot.probes = {a, b, c};
  const std::string text =
      RenderMetrics(snapshot, {}, {}, {}, Format::kText004);
  EXPECT_TRUE(HasLine(text, R"(stackprobe_x_y_z{probe="a"} 1)")) << text;
  EXPECT_TRUE(HasLine(text, R"(stackprobe_x_y_z{probe="c"} 3)")) << text;
  EXPECT_THAT(text, Not(HasSubstr(R"(stackprobe_x_y_z{probe="b")")));
  EXPECT_EQ(CountOf(text, "# TYPE stackprobe_x_y_z "), 1);
  EXPECT_TRUE(HasLine(text, "# HELP stackprobe_x_y_z From a."));
}

TEST(MetricsRendererMerge, CoreAndExtraNamesWinOverPlugins) {
  model::StoreSnapshot snapshot;
  model::ProbeStatus a;
  a.record.probe = "a";
  a.record.plugin = "probe";
  a.record.has_run = true;
  a.record.result = MakeResult(State::kUp, reason::kNone, "");
  AddGauge(a.record.result, "success", "Fake.", 7);
  AddCounter(a.record.result, "requests_total", "Fake.", 9);
  snapshot.probes = {a};
  std::vector<ExtraFamily> extra = {{"stackprobe_probe_requests_total",
                                     "Real.",
                                     SampleType::kCounter,
                                     {{{}, 1}}},
                                    {"stackprobe_probe_state",
                                     "Clashes with core.",
                                     SampleType::kGauge,
                                     {{{}, 5}}}};
  const std::string text =
      RenderMetrics(snapshot, {}, {}, extra, Format::kText004);
  EXPECT_TRUE(HasLine(text, R"(stackprobe_probe_success{probe="a"} 1)"));
  EXPECT_THAT(text, Not(HasSubstr(" 7\n")));
  EXPECT_THAT(text, Not(HasSubstr(" 9\n")));
  EXPECT_THAT(text, Not(HasSubstr(" 5\n")));
  EXPECT_TRUE(HasLine(text, "stackprobe_probe_requests_total 1"));
  EXPECT_EQ(CountOf(text, "# TYPE stackprobe_probe_success "), 1);
}

// In OpenMetrics a gauge `x` and a counter `x_total` share the family `x`.
TEST(MetricsRendererMerge, OpenMetricsFamilyNameClash) {
  model::StoreSnapshot snapshot;
  model::ProbeStatus a;
  a.record.probe = "a";
  a.record.plugin = "p";
  a.record.has_run = true;
  a.record.result = MakeResult(State::kUp, reason::kNone, "");
  AddGauge(a.record.result, "jobs", "Gauge.", 2);
  AddCounter(a.record.result, "jobs_total", "Counter.", 3);
  snapshot.probes = {a};
  const std::string om =
      RenderMetrics(snapshot, {}, {}, {}, Format::kOpenMetrics);
  EXPECT_EQ(CountOf(om, "# TYPE stackprobe_p_jobs "), 1) << om;
  EXPECT_TRUE(HasLine(om, R"(stackprobe_p_jobs{probe="a"} 2)"));
  EXPECT_THAT(om, Not(HasSubstr("stackprobe_p_jobs_total")));
  const std::string text =
      RenderMetrics(snapshot, {}, {}, {}, Format::kText004);
  EXPECT_TRUE(HasLine(text, R"(stackprobe_p_jobs_total{probe="a"} 3)"));
}

TEST(MetricsRendererLabels, ClashingLabelsAreExported) {
  model::StoreSnapshot snapshot;
  model::ProbeStatus a;
  a.record.probe = "a";
  a.record.plugin = "p";
  a.record.labels = {{"state", "prod"}, {"team", "ops"}};
  a.record.has_run = true;
  a.record.result = MakeResult(State::kUp, reason::kNone, "");
  AddGauge(a.record.result, "temp", "Temperature.", 2,
           {{"team", "gpu"}, {"zone", "1"}});
  snapshot.probes = {a};
  const std::string text =
      RenderMetrics(snapshot, {}, {}, {}, Format::kText004);
  EXPECT_TRUE(HasLine(
      text,
      R"(stackprobe_probe_state{probe="a",state="up",exported_state="prod",team="ops"} 1)"))
      << text;
  EXPECT_TRUE(HasLine(
      text,
      R"(stackprobe_probe_success{probe="a",state="prod",team="ops"} 1)"));
  EXPECT_TRUE(HasLine(
      text,
      R"(stackprobe_p_temp{probe="a",state="prod",team="ops",exported_team="gpu",zone="1"} 2)"));
  const auto result = testing::CheckMetrics(text);
  ASSERT_TRUE(result.found) << result.error;
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

}  // namespace
}  // namespace stackprobe::expose
