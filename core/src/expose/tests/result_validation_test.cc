// SPDX-License-Identifier: Apache-2.0
#include "expose/result_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "expose/utf8.h"

namespace stackprobe::expose {
namespace {

using ::testing::HasSubstr;

const std::set<std::string> kAllowed = {"none", "timeout", "refused",
                                        "plugin_error", "gpu_hot"};

ProbeResult Up() { return MakeResult(State::kUp, "none", "fine"); }

ValidationOutcome Sanitize(ProbeResult& result) {
  return SanitizeResult(result, "gpu", kAllowed);
}

TEST(SanitizeResult, CleanResultIsUntouched) {
  ProbeResult result = Up();
  AddGauge(result, "temperature_celsius", "From nvidia-smi.", 60,
           {{"gpu", "0"}});
  AddCounter(result, "errors_total", "From nvidia-smi.", 1);
  AddInfo(result, "device_info", "From nvidia-smi.", {{"name", "A100"}});
  AddStateSet(result, "mode", "From nvidia-smi.", "mode", {"a", "b"}, "a");
  result.details_json = R"({"gpus": [1, 2]})";
  const ProbeResult before = result;
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 0u);
  EXPECT_EQ(outcome.repaired_fields, 0u);
  EXPECT_EQ(outcome.first_problem, "");
  EXPECT_EQ(result.samples.size(), before.samples.size());
  EXPECT_EQ(result.details_json, before.details_json);
}

TEST(SanitizeResult, UnknownReasonOnFailureBecomesPluginError) {
  ProbeResult result = MakeResult(State::kDown, "exploded", "boom");
  const auto outcome = Sanitize(result);
  EXPECT_EQ(result.state, State::kError);
  EXPECT_EQ(result.reason, "plugin_error");
  EXPECT_EQ(outcome.repaired_fields, 1u);
  EXPECT_THAT(outcome.first_problem, HasSubstr("exploded"));
}

TEST(SanitizeResult, UnknownReasonOnWorkingResultKeepsState) {
  ProbeResult result = MakeResult(State::kDegraded, "exploded", "slow");
  Sanitize(result);
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, "none");
}

TEST(SanitizeResult, PluginReasonIsKept) {
  ProbeResult result = MakeResult(State::kDown, "gpu_hot", "hot");
  Sanitize(result);
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, "gpu_hot");
}

TEST(SanitizeResult, StateOutsideTheEnumIsError) {
  ProbeResult result = Up();
  result.state = static_cast<State>(42);
  Sanitize(result);
  EXPECT_EQ(result.state, State::kError);
  EXPECT_EQ(result.reason, "plugin_error");
}

TEST(SanitizeResult, BadSampleNamesAreDropped) {
  ProbeResult result = Up();
  for (const char* name : {"Temperature", "9lives", "a-b", "a:b", "", "é"}) {
    AddGauge(result, name, "Help.", 1);
  }
  AddGauge(result, "_ok", "Help.", 1);
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 6u);
  ASSERT_EQ(result.samples.size(), 1u);
  EXPECT_EQ(result.samples[0].name, "_ok");
}

TEST(SanitizeResult, BadPluginNameDropsEverySample) {
  ProbeResult result = Up();
  AddGauge(result, "fine", "Help.", 1);
  const auto outcome = SanitizeResult(result, "Bad-Plugin", kAllowed);
  EXPECT_EQ(outcome.dropped_samples, 1u);
  EXPECT_TRUE(result.samples.empty());
}

TEST(SanitizeResult, TypeSuffixRules) {
  ProbeResult result = Up();
  AddCounter(result, "errors", "Counter without _total.", 1);
  AddGauge(result, "errors_total", "Gauge with _total.", 1);
  AddGauge(result, "total", "Bare word ends the exposed name in _total.", 1);
  AddInfo(result, "device", "Info without _info.", {});
  AddGauge(result, "device_info", "Gauge with _info.", 1);
  AddGauge(result, "latency_count", "Histogram suffix.", 1);
  AddGauge(result, "latency_sum", "Summary suffix.", 1);
  AddGauge(result, "latency_bucket", "Histogram suffix.", 1);
  result.samples.push_back(
      {"up_info", "Info not 1.", SampleType::kInfo, {}, 2});
  result.samples.push_back(
      {"mode", "StateSet not 0/1.", SampleType::kStateSet, {}, 0.5});
  result.samples.push_back(
      {"weird", "Bad type.", static_cast<SampleType>(9), {}, 1});
  AddCounter(result, "errors_total", "Fine.", 1);
  AddInfo(result, "device_info", "Fine.", {{"id", "1"}});
  AddGauge(result, "subtotal", "Fine: not the _total suffix.", 1);
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 11u) << outcome.first_problem;
  ASSERT_EQ(result.samples.size(), 3u);
  EXPECT_EQ(result.samples[0].type, SampleType::kCounter);
  EXPECT_EQ(result.samples[1].type, SampleType::kInfo);
  EXPECT_EQ(result.samples[2].name, "subtotal");
}

TEST(SanitizeResult, BadLabelNamesDropTheSample) {
  ProbeResult result = Up();
  for (const char* label :
       {"probe", "__name__", "le", "quantile", "Gpu", "0gpu", "a-b"}) {
    AddGauge(result, "temp", "Help.", 1, {{label, "x"}});
  }
  AddGauge(result, "temp", "Help.", 1, {{"_gpu", "x"}});
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 7u);
  ASSERT_EQ(result.samples.size(), 1u);
}

TEST(SanitizeResult, LabelValuesRepairedAndCut) {
  ProbeResult result = Up();
  AddGauge(result, "a", "Help.", 1, {{"v", "bad\xff"}});
  AddGauge(result, "b", "Help.", 1, {{"v", std::string(300, 'x')}});
  AddGauge(result, "c", "Help.", 1,
           {{"v", std::string(255, 'x') + "\xC3\xA9"}});
  AddGauge(result, "d", "Help.", 1, {{"v", "two\nlines"}});
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 0u);
  EXPECT_EQ(outcome.repaired_fields, 4u);
  ASSERT_EQ(result.samples.size(), 4u);
  EXPECT_EQ(result.samples[0].labels.at("v"), "bad\xEF\xBF\xBD");
  EXPECT_EQ(result.samples[1].labels.at("v").size(), 256u);
  EXPECT_EQ(result.samples[2].labels.at("v"), std::string(255, 'x'));
  EXPECT_EQ(result.samples[3].labels.at("v"), "two lines");
}

TEST(SanitizeResult, HelpMadeOneBoundedLine) {
  ProbeResult result = Up();
  AddGauge(result, "a", "line one\nline two", 1);
  AddGauge(result, "b", std::string(600, 'h'), 1);
  AddGauge(result, "c", "", 1);
  AddGauge(result, "d", "bad \xff", 1);
  Sanitize(result);
  ASSERT_EQ(result.samples.size(), 4u);
  EXPECT_EQ(result.samples[0].help, "line one line two");
  EXPECT_EQ(result.samples[1].help.size(), 512u);
  EXPECT_THAT(result.samples[2].help, HasSubstr("gpu plugin"));
  EXPECT_TRUE(IsValidUtf8(result.samples[3].help));
}

TEST(SanitizeResult, OneTypeAndHelpPerName) {
  ProbeResult result = Up();
  AddGauge(result, "temp", "First help.", 1, {{"gpu", "0"}});
  AddGauge(result, "temp", "Second help.", 2, {{"gpu", "1"}});
  result.samples.push_back(
      {"temp", "First help.", SampleType::kStateSet, {{"gpu", "2"}}, 1});
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 1u);
  ASSERT_EQ(result.samples.size(), 2u);
  EXPECT_EQ(result.samples[1].help, "First help.");
  EXPECT_EQ(result.samples[1].value, 2);
}

TEST(SanitizeResult, DuplicateSeriesDropped) {
  ProbeResult result = Up();
  AddGauge(result, "temp", "Help.", 1, {{"gpu", "0"}});
  AddGauge(result, "temp", "Help.", 2, {{"gpu", "0"}});
  AddGauge(result, "temp", "Help.", 3, {{"gpu", "1"}});
  // Equal only after repair: both become "x" + U+FFFD.
  AddGauge(result, "temp", "Help.", 4, {{"gpu", "x\xff"}});
  AddGauge(result, "temp", "Help.", 5, {{"gpu", "x\xfe"}});
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 2u);
  ASSERT_EQ(result.samples.size(), 3u);
  EXPECT_EQ(result.samples[0].value, 1);
  EXPECT_EQ(result.samples[2].value, 4);
}

TEST(SanitizeResult, AtMost2000Samples) {
  ProbeResult result = Up();
  for (int i = 0; i < 2100; ++i) {
    AddGauge(result, "n", "Help.", i, {{"i", std::to_string(i)}});
  }
  const auto outcome = Sanitize(result);
  EXPECT_EQ(result.samples.size(), kMaxSamplesPerResult);
  EXPECT_EQ(outcome.dropped_samples, 100u);
  EXPECT_EQ(result.samples.back().value, 1999);
}

TEST(SanitizeResult, MessageMadeOneBoundedLine) {
  ProbeResult result = Up();
  result.message = "a\r\nb \xff" + std::string(600, 'm');
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.repaired_fields, 1u);
  EXPECT_LE(result.message.size(), kMaxMessageBytes);
  EXPECT_EQ(result.message.substr(0, 5), "a  b ");
  EXPECT_EQ(result.message.find('\n'), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(result.message));
}

TEST(SanitizeResult, DetailsMustBeAJsonObject) {
  for (const char* bad :
       {"", "[]", "42", "{", "{\"a\":}", "null", "{\"a\":1} trailing"}) {
    ProbeResult result = Up();
    result.details_json = bad;
    const auto outcome = Sanitize(result);
    EXPECT_EQ(result.details_json, "{}") << bad;
    EXPECT_EQ(outcome.repaired_fields, 1u) << bad;
  }
  ProbeResult good = Up();
  good.details_json = " {\"a\": {\"b\": [1, 2, null]}} ";
  EXPECT_EQ(Sanitize(good).repaired_fields, 0u);
  EXPECT_EQ(good.details_json, " {\"a\": {\"b\": [1, 2, null]}} ");
}

TEST(SanitizeResult, DeepJsonDoesNotCrash) {
  ProbeResult result = Up();
  result.details_json =
      "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(Sanitize(result).repaired_fields, 0u);
}

TEST(SanitizeResult, FirstProblemIsOneValidLine) {
  ProbeResult result = Up();
  AddGauge(result, "bad\nname\xff", "Help.", 1);
  const auto outcome = Sanitize(result);
  EXPECT_EQ(outcome.dropped_samples, 1u);
  EXPECT_EQ(outcome.first_problem.find('\n'), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(outcome.first_problem));
}

}  // namespace
}  // namespace stackprobe::expose
