// SPDX-License-Identifier: Apache-2.0
#include "isolate/protocol.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stackprobe::isolate {
namespace {

TEST(ProtocolTest, RequestRoundTrips) {
  RunRequest request{"/p/x.so", "x", "probe-1", R"({"a":[1,2],"b":"c"})",
                     std::chrono::milliseconds(2500)};
  RunRequest decoded;
  std::string error;
  ASSERT_TRUE(DecodeRunRequest(EncodeRunRequest(request), decoded, error))
      << error;
  EXPECT_EQ(decoded.plugin_path, "/p/x.so");
  EXPECT_EQ(decoded.plugin, "x");
  EXPECT_EQ(decoded.instance, "probe-1");
  EXPECT_EQ(decoded.config_json, R"({"a":[1,2],"b":"c"})");
  EXPECT_EQ(decoded.deadline.count(), 2500);
}

TEST(ProtocolTest, ResultRoundTripsEveryFieldAndNonFiniteValues) {
  ProbeResult result =
      MakeResult(State::kDegraded, reason::kHttpStatus, "slow \"a\"");
  result.details_json = R"({"k":1})";
  AddGauge(result, "nan", "h", std::nan(""), {{"l", "v"}});
  AddGauge(result, "inf", "h", INFINITY);
  AddCounter(result, "neg_total", "h", -INFINITY);
  AddInfo(result, "x_info", "h", {{"version", "1"}});
  AddStateSet(result, "mode", "h", "mode", {"a", "b"}, "b");
  ProbeResult decoded;
  std::string error;
  ASSERT_TRUE(DecodeResult(EncodeResult(result), decoded, error)) << error;
  EXPECT_EQ(decoded.state, State::kDegraded);
  EXPECT_EQ(decoded.reason, "http_status");
  EXPECT_EQ(decoded.message, "slow \"a\"");
  EXPECT_EQ(decoded.details_json, R"({"k":1})");
  ASSERT_EQ(decoded.samples.size(), 6u);
  EXPECT_TRUE(std::isnan(decoded.samples[0].value));
  EXPECT_EQ(decoded.samples[0].labels.at("l"), "v");
  EXPECT_EQ(decoded.samples[1].value, INFINITY);
  EXPECT_EQ(decoded.samples[2].value, -INFINITY);
  EXPECT_EQ(decoded.samples[2].type, SampleType::kCounter);
  EXPECT_EQ(decoded.samples[3].type, SampleType::kInfo);
  EXPECT_EQ(decoded.samples[5].type, SampleType::kStateSet);
  EXPECT_EQ(decoded.samples[5].value, 1);
}

TEST(ProtocolTest, InvalidUtf8FromAPluginStillEncodes) {
  ProbeResult result = MakeResult(State::kDown, reason::kBadBody, "bad \xff");
  ProbeResult decoded;
  std::string error;
  ASSERT_TRUE(DecodeResult(EncodeResult(result), decoded, error)) << error;
  EXPECT_EQ(decoded.message, "bad \xEF\xBF\xBD");
}

TEST(ProtocolTest, RefusesMalformedAnswers) {
  ProbeResult decoded;
  std::string error;
  EXPECT_FALSE(DecodeResult("not json", decoded, error));
  EXPECT_FALSE(DecodeResult(R"({"type":"result","result":{"state":"fine"}})",
                            decoded, error));
  EXPECT_NE(error.find("unknown state"), std::string::npos) << error;
  EXPECT_FALSE(DecodeResult(
      R"({"type":"result","result":{"state":"up","reason":"none","message":"","details_json":"{}","samples":[{"name":"a","help":"","type":9,"labels":{},"value":1}]}})",
      decoded, error));
  RunRequest request;
  EXPECT_FALSE(DecodeRunRequest(R"({"type":"stop"})", request, error));
}

}  // namespace
}  // namespace stackprobe::isolate
