// SPDX-License-Identifier: Apache-2.0
#include "http_config.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "host_config.h"
#include "http_schema.h"

namespace stackprobe::plugins::http {
namespace {

// The config the host passes for `partial`.
HttpProbeConfig Parse(const std::string& partial) {
  return ParseHttpProbeConfig(testing::HostConfig(kHttpConfigSchema, partial));
}

// The error a bad config gets: the schema's, from the host (its path starts
// at "config"), or the probe's own for what the schema cannot express.
std::string ErrorOf(const std::string& partial) {
  try {
    Parse(partial);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(HttpConfigTest, TheSchemaDefaultsAreWhatTheProbeUses) {
  const HttpProbeConfig config = Parse(R"({"url": "http://127.0.0.1:1/"})");
  EXPECT_EQ(config.method, "GET");
  EXPECT_TRUE(config.headers.empty());
  EXPECT_TRUE(config.valid_status_codes.empty());
  EXPECT_EQ(config.degraded_after.count(), 0);
  EXPECT_TRUE(config.verify_tls);
  EXPECT_EQ(config.max_body_bytes, 1048576U);
  EXPECT_FALSE(config.follow_redirects);
}

TEST(HttpConfigTest, ReadsEveryKey) {
  const HttpProbeConfig config = Parse(R"({
    "url": "https://127.0.0.1:8443/health", "method": "POST",
    "headers": {"X-Api-Key": "k"}, "body": "{}",
    "valid_status_codes": [200, 503], "body_must_match": ["ok"],
    "body_must_not_match": ["error"],
    "json_assertions": [{"pointer": "/status", "op": "exists"}],
    "degraded_after": "1s500ms", "verify_tls": false, "ca_file": "/ca.pem",
    "max_body_bytes": 4096, "follow_redirects": true})");
  EXPECT_EQ(config.method, "POST");
  ASSERT_EQ(config.headers.size(), 1U);
  EXPECT_EQ(config.headers[0].first, "X-Api-Key");
  EXPECT_EQ(config.valid_status_codes, (std::vector<long>{200, 503}));
  EXPECT_EQ(config.body_must_match.at(0).where, "body_must_match[0]");
  EXPECT_EQ(config.json_assertions.size(), 1U);
  EXPECT_EQ(config.degraded_after.count(), 1500);
  EXPECT_FALSE(config.verify_tls);
  EXPECT_EQ(config.ca_file, "/ca.pem");
  EXPECT_EQ(config.max_body_bytes, 4096U);
  EXPECT_TRUE(config.follow_redirects);
}

TEST(HttpConfigTest, RejectsBadValuesWithTheirPath) {
  EXPECT_EQ(ErrorOf(R"({"url": "ftp://x/"})").rfind("url: expected", 0), 0U);
  EXPECT_EQ(ErrorOf(R"({})"), R"(missing required key "url")");
  EXPECT_EQ(ErrorOf(R"({"url": "http://x/", "method": "TRACE"})")
                .rfind("method: expected one of", 0),
            0U);
  EXPECT_EQ(
      ErrorOf(R"({"url": "http://x/", "valid_status_codes": [200, "2xx"]})")
          .rfind("valid_status_codes[1]: expected an integer", 0),
      0U);
  EXPECT_EQ(ErrorOf(R"({"url": "http://x/", "valid_status_codes": [99]})")
                .rfind("valid_status_codes[0]: expected an integer", 0),
            0U);
  EXPECT_EQ(ErrorOf(R"({"url": "http://x/", "degraded_after": "soon"})")
                .rfind("degraded_after: expected a duration", 0),
            0U);
  EXPECT_EQ(ErrorOf(R"({"url": "http://x/", "max_body_bytes": 0})")
                .rfind("max_body_bytes: expected an integer", 0),
            0U);
}

// A CR or LF would let a config smuggle a second header or request.
TEST(HttpConfigTest, TheSchemaRefusesHeadersThatCouldSplitTheRequest) {
  EXPECT_EQ(
      ErrorOf(R"({"url": "http://x/", "headers": {"X-A": "a\r\nX-B: b"}})")
          .rfind(R"(headers["X-A"]: expected)", 0),
      0U);
  EXPECT_EQ(ErrorOf(R"({"url": "http://x/", "headers": {"X-A: b": "a"}})")
                .rfind("headers", 0),
            0U);
  EXPECT_EQ(ErrorOf(R"({"url": "http://x/", "headers": {"X A": "a"}})")
                .rfind("headers", 0),
            0U);
}

TEST(HttpConfigTest, RefusesWhatOnlyTheProbeCanCheck) {
  // RE2 has no back-references: refused when created, not when matching.
  EXPECT_EQ(
      ErrorOf(
          R"({"url": "http://x/", "body_must_not_match": ["ok", "(a)\\1"]})")
          .rfind("body_must_not_match[1]: expected an RE2 regular", 0),
      0U);
  EXPECT_EQ(
      ErrorOf(
          R"({"url": "http://x/", "json_assertions": [{"pointer": "x", "op": "exists"}]})")
          .rfind("json_assertions[0].pointer:", 0),
      0U);
}

}  // namespace
}  // namespace stackprobe::plugins::http
