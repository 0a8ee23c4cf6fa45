// SPDX-License-Identifier: Apache-2.0
#include "http_probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "fake_context.h"
#include "host_config.h"
#include "http_config.h"
#include "http_schema.h"
#include "probe_result_helpers.h"
#include "test_http_server.h"

namespace stackprobe::plugins::http {
namespace {

using nlohmann::json;
using stackprobe::testing::CannedResponse;
using stackprobe::testing::FakeProbeContext;
using stackprobe::testing::JsonResponse;
using stackprobe::testing::ReceivedRequest;
using stackprobe::testing::SampleValue;
using stackprobe::testing::TestHttpServer;
using stackprobe::testing::TextResponse;

using stackprobe::testing::HostConfig;

// The probe's config as the host passes it for `partial`.
HttpProbeConfig Configured(const std::string& partial) {
  return ParseHttpProbeConfig(HostConfig(kHttpConfigSchema, partial));
}

// Runs a probe configured with `config` (the url key is added) against a
// server answering every request with `response`.
class HttpProbeTest : public ::testing::Test {
 protected:
  ProbeResult RunWith(CannedResponse response, json config,
                      std::chrono::milliseconds timeout =
                          stackprobe::testing::kDefaultFakeTimeout) {
    server_ = std::make_unique<TestHttpServer>(
        [response](const ReceivedRequest&) { return response; });
    if (!config.contains("url")) config["url"] = server_->BaseUrl() + "/health";
    HttpProbe probe(HostConfig(kHttpConfigSchema, config.dump()));
    FakeProbeContext fake("http_test", timeout);
    return probe.Run(fake.context());
  }

  std::unique_ptr<TestHttpServer> server_;
};

TEST_F(HttpProbeTest, HealthyAnswerIsUpWithSamplesAndDetails) {
  const ProbeResult result =
      RunWith(JsonResponse(200, R"({"status":"ok"})"), json::object());
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(result.reason, reason::kNone);
  EXPECT_EQ(SampleValue(result, "status_code"), 200);
  EXPECT_EQ(SampleValue(result, "body_bytes"), 15);
  EXPECT_EQ(SampleValue(result, "assertion_failures"), 0);
  for (const char* phase : {"dns", "connect", "tls", "first_byte", "total"}) {
    EXPECT_TRUE(SampleValue(result, "duration_seconds", {{"phase", phase}}))
        << phase;
  }
  EXPECT_GT(*SampleValue(result, "duration_seconds", {{"phase", "total"}}), 0);
  EXPECT_FALSE(SampleValue(result, "tls_not_after_timestamp_seconds"));
  const json details = json::parse(result.details_json);
  EXPECT_EQ(details["url"], server_->BaseUrl() + "/health");
  EXPECT_EQ(details["status"], 200);
  EXPECT_EQ(details["body_bytes"], 15);
  EXPECT_EQ(details["failed_assertions"], json::array());
}

TEST_F(HttpProbeTest, SendsConfiguredMethodHeadersAndBody) {
  const ProbeResult result = RunWith(TextResponse(201, "created"),
                                     {{"method", "POST"},
                                      {"headers", {{"X-Probe", "stackprobe"}}},
                                      {"body", R"({"inputs":["text"]})"}});
  EXPECT_EQ(result.state, State::kUp) << result.message;
  const auto requests = server_->Requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].Path(), "/health");
  EXPECT_EQ(requests[0].Header("x-probe"), "stackprobe");
  EXPECT_EQ(requests[0].body, R"({"inputs":["text"]})");
}

TEST_F(HttpProbeTest, RefusedWhenNothingListens) {
  std::string url;
  {
    TestHttpServer closed(
        [](const ReceivedRequest&) { return TextResponse(200, ""); });
    url = closed.BaseUrl() + "/";
  }
  const ProbeResult result = RunWith(TextResponse(200, ""), {{"url", url}});
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kRefused) << result.message;
  EXPECT_EQ(SampleValue(result, "status_code"), 0);
  EXPECT_TRUE(json::parse(result.details_json)["status"].is_null());
}

TEST_F(HttpProbeTest, TimeoutWhenTheAnswerOutlivesTheDeadline) {
  CannedResponse hang = TextResponse(200, "late");
  hang.hang = true;
  const auto start = std::chrono::steady_clock::now();
  const ProbeResult result =
      RunWith(hang, json::object(), std::chrono::milliseconds(300));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kTimeout) << result.message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(HttpProbeTest, StatusOutsideDefaultTwoHundredsIsDown) {
  const ProbeResult result =
      RunWith(TextResponse(500, "<html><body>Internal error</body></html>"),
              json::object());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kHttpStatus);
  EXPECT_EQ(result.message, "HTTP 500 is not an accepted status");
  EXPECT_EQ(SampleValue(result, "status_code"), 500);

  EXPECT_EQ(RunWith(TextResponse(204, ""), json::object()).state, State::kUp);
  CannedResponse redirect = TextResponse(302, "");
  redirect.headers.emplace_back("Location", "/elsewhere");
  EXPECT_EQ(RunWith(redirect, json::object()).reason, reason::kHttpStatus);
}

TEST_F(HttpProbeTest, ValidStatusCodesReplaceTheDefault) {
  const json accept_503 = {{"valid_status_codes", {200, 503}}};
  EXPECT_EQ(RunWith(TextResponse(503, "loading"), accept_503).state,
            State::kUp);
  EXPECT_EQ(RunWith(TextResponse(204, ""), accept_503).reason,
            reason::kHttpStatus);
}

TEST_F(HttpProbeTest, BodyPatterns) {
  const json config = {{"body_must_match", {"check passed$"}},
                       {"body_must_not_match", {"(?i)error"}}};
  EXPECT_EQ(RunWith(TextResponse(200, "healthz check passed"), config).state,
            State::kUp);

  const ProbeResult no_match =
      RunWith(TextResponse(200, "healthz check failed"), config);
  EXPECT_EQ(no_match.state, State::kDown);
  EXPECT_EQ(no_match.reason, reason::kAssertion);
  EXPECT_EQ(no_match.message,
            R"(body_must_match[0] "check passed$" failed: no match)");

  const ProbeResult both =
      RunWith(TextResponse(200, "ERROR: nothing passed"), config);
  EXPECT_EQ(both.reason, reason::kAssertion);
  EXPECT_EQ(SampleValue(both, "assertion_failures"), 2);
  EXPECT_NE(both.message.find("(and 1 more)"), std::string::npos);
  const json details = json::parse(both.details_json);
  ASSERT_EQ(details["failed_assertions"].size(), 2U);
  EXPECT_EQ(details["failed_assertions"][1],
            R"(body_must_not_match[0] "(?i)error" failed: matched)");
}

TEST_F(HttpProbeTest, JsonAssertionsPassAndFail) {
  const json config = {
      {"json_assertions",
       {{{"pointer", "/status"},
         {"op", "one_of"},
         {"value", {"ok", "healthy"}}},
        {{"pointer", "/ready"}, {"op", "=="}, {"value", true}}}}};
  EXPECT_EQ(
      RunWith(JsonResponse(200, R"({"status":"ok","ready":true})"), config)
          .state,
      State::kUp);
  const ProbeResult result =
      RunWith(JsonResponse(200, R"({"status":"ok","ready":false})"), config);
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kAssertion);
  EXPECT_EQ(result.message, R"("/ready" == true failed: actual false)");
  EXPECT_EQ(SampleValue(result, "assertion_failures"), 1);
}

TEST_F(HttpProbeTest, NonJsonBodyWithAssertionsIsBadBody) {
  const json config = {
      {"json_assertions", {{{"pointer", "/status"}, {"op", "exists"}}}}};
  const ProbeResult html =
      RunWith(TextResponse(200, "<html>Service Unavailable</html>"), config);
  EXPECT_EQ(html.state, State::kDown);
  EXPECT_EQ(html.reason, reason::kBadBody);
  EXPECT_EQ(html.message.rfind("body is not JSON", 0), 0U) << html.message;

  const ProbeResult truncated =
      RunWith(JsonResponse(200, R"({"status": "o)"), config);
  EXPECT_EQ(truncated.reason, reason::kBadBody);

  // Without assertions the body is not parsed at all.
  EXPECT_EQ(RunWith(TextResponse(200, "<html/>"), json::object()).state,
            State::kUp);
}

TEST_F(HttpProbeTest, DeepJsonIsBadBodyWithoutStackOverflow) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const ProbeResult result =
      RunWith(JsonResponse(200, deep),
              {{"json_assertions", {{{"pointer", "/0"}, {"op", "exists"}}}}});
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBadBody);
  EXPECT_EQ(result.message, "body is JSON nested deeper than 64 levels");
}

TEST_F(HttpProbeTest, SlowAnswerIsDegraded) {
  CannedResponse slow = JsonResponse(200, R"({"status":"ok"})");
  slow.delay = std::chrono::milliseconds(150);
  const ProbeResult result = RunWith(slow, {{"degraded_after", "50ms"}});
  EXPECT_EQ(result.state, State::kDegraded);
  EXPECT_EQ(result.reason, kReasonSlow);
  EXPECT_NE(result.message.find("slower than 0.050 s"), std::string::npos)
      << result.message;

  EXPECT_EQ(RunWith(JsonResponse(200, "{}"), {{"degraded_after", "10s"}}).state,
            State::kUp);
}

TEST_F(HttpProbeTest, HugeBodyStopsEarlyAsBodyTooLarge) {
  constexpr std::size_t kCap = 64 * 1024;
  const ProbeResult result =
      RunWith(TextResponse(200, std::string(50U << 20, 'x')),
              {{"max_body_bytes", kCap}});
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBodyTooLarge) << result.message;
  // The reader stopped at the cap: it kept no more than kCap of the 50 MB
  // (how fast that is belongs to bench/, not to a timed unit test).
  EXPECT_LE(*SampleValue(result, "body_bytes"), static_cast<double>(kCap));
}

TEST(HttpEvaluateTest, TransportErrorsMapToReasons) {
  const HttpProbeConfig config =
      Configured(R"({"url": "https://u:p@example.test/x?token=1"})");
  const std::pair<HttpError, const char*> cases[] = {
      {HttpError::kRefused, reason::kRefused},
      {HttpError::kTimeout, reason::kTimeout},
      {HttpError::kDns, reason::kDns},
      {HttpError::kTls, reason::kTls},
      {HttpError::kBodyTooLarge, reason::kBodyTooLarge},
      {HttpError::kOther, reason::kConnection},
      {HttpError::kBadRequest, reason::kConnection},
  };
  for (const auto& [error, expected] : cases) {
    HttpResponse response;
    response.error = error;
    response.error_message = "failed \x01\xFF";
    const ProbeResult result = EvaluateResponse(config, response);
    EXPECT_EQ(result.state, State::kDown);
    EXPECT_EQ(result.reason, expected);
    EXPECT_EQ(result.message, "failed ??");
    EXPECT_EQ(json::parse(result.details_json)["url"],
              "https://example.test/x");
  }
}

TEST(HttpEvaluateTest, CertificateExpiryOnlyForHttps) {
  HttpResponse response;
  response.status = 200;
  response.tls_not_after = 1900000000;
  const ProbeResult https = EvaluateResponse(
      Configured(R"({"url": "https://example.test/"})"), response);
  EXPECT_EQ(SampleValue(https, "tls_not_after_timestamp_seconds"), 1900000000);
  const ProbeResult plain = EvaluateResponse(
      Configured(R"({"url": "http://example.test/"})"), response);
  EXPECT_FALSE(SampleValue(plain, "tls_not_after_timestamp_seconds"));
}

TEST(HttpEvaluateTest, RequestCarriesTransportSettings) {
  const HttpRequest request = BuildRequest(Configured(
      R"({"url": "https://example.test/", "verify_tls": false,
          "ca_file": "/etc/ca.pem", "max_body_bytes": 100,
          "follow_redirects": true, "method": "HEAD"})"));
  EXPECT_EQ(request.method, "HEAD");
  EXPECT_FALSE(request.verify_tls);
  EXPECT_EQ(request.ca_file, "/etc/ca.pem");
  EXPECT_EQ(request.max_body_bytes, 100U);
  EXPECT_TRUE(request.follow_redirects);
}

}  // namespace
}  // namespace stackprobe::plugins::http
