// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/health_answer.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::plugin_common {
namespace {

HttpResponse Answer(long status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

TEST(ReadHealthObjectTest, GivesTheObjectInTheServicesKeyOrder) {
  nlohmann::ordered_json body;
  HealthFailure failure;
  ASSERT_TRUE(ReadHealthObject(Answer(503, R"({"status":"x","a":1})"), {200},
                               body, failure));
  EXPECT_EQ(body.dump(), R"({"status":"x","a":1})");
}

TEST(ReadHealthObjectTest, ATransportErrorKeepsItsReason) {
  HttpResponse refused;
  refused.error = HttpError::kRefused;
  refused.error_message = "connection refused\n";
  nlohmann::json body;
  HealthFailure failure;
  EXPECT_FALSE(ReadHealthObject(refused, {200}, body, failure));
  EXPECT_STREQ(failure.reason, reason::kRefused);
  EXPECT_EQ(failure.message, "GET /health failed: connection refused?");
}

TEST(ReadHealthObjectTest, TextIsAStatusErrorUnlessTheStatusCarriesJson) {
  nlohmann::json body;
  HealthFailure failure;
  EXPECT_FALSE(
      ReadHealthObject(Answer(502, "Bad Gateway"), {200, 503}, body, failure));
  EXPECT_STREQ(failure.reason, reason::kHttpStatus);
  EXPECT_EQ(failure.message, "GET /health answered HTTP 502");

  EXPECT_FALSE(
      ReadHealthObject(Answer(503, "{\"status\":"), {200, 503}, body, failure));
  EXPECT_STREQ(failure.reason, reason::kBadBody);
  EXPECT_EQ(failure.message.rfind("GET /health body is not JSON: ", 0), 0U)
      << failure.message;

  EXPECT_FALSE(ReadHealthObject(Answer(200, std::string(100, '[')), {200}, body,
                                failure));
  EXPECT_EQ(failure.message,
            "GET /health body is JSON nested deeper than 64 levels");
}

TEST(ReadHealthObjectTest, JsonThatIsNoObjectIsABadBody) {
  nlohmann::json body;
  HealthFailure failure;
  EXPECT_FALSE(ReadHealthObject(Answer(200, "[1]"), {200}, body, failure));
  EXPECT_STREQ(failure.reason, reason::kBadBody);
  EXPECT_EQ(failure.message, "GET /health body is not a JSON object");
}

}  // namespace
}  // namespace stackprobe::plugin_common
