// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/http_request.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace stackprobe::plugin_common {
namespace {

TEST(GetRequestTest, SetsUrlAndBodyBound) {
  const HttpRequest request = GetRequest("http://127.0.0.1:1/health", 4096);
  EXPECT_EQ(request.url, "http://127.0.0.1:1/health");
  EXPECT_EQ(request.max_body_bytes, 4096U);
  EXPECT_EQ(request.method, HttpRequest().method);
  EXPECT_TRUE(request.body.empty());
}

TEST(NormalizeBaseUrlTest, DropsTrailingSlashes) {
  EXPECT_EQ(NormalizeBaseUrl("http://127.0.0.1:8091//"),
            "http://127.0.0.1:8091");
  EXPECT_EQ(NormalizeBaseUrl("https://x"), "https://x");
}

TEST(NormalizeBaseUrlTest, RejectsOtherSchemesWithKeyAndClippedValue) {
  try {
    NormalizeBaseUrl("ftp://x\n" + std::string(300, 'y'));
    ADD_FAILURE() << "ftp accepted";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("base_url: expected an http:// or https:// URL", 0),
              0U)
        << what;
    EXPECT_EQ(what.find('\n'), std::string::npos);
    EXPECT_LT(what.size(), 250U);
  }
}

TEST(NormalizeBaseUrlTest, ARejectedUrlIsShownWithoutItsCredentials) {
  try {
    NormalizeBaseUrl("ftp://admin:s3cret@127.0.0.1/x?token=t0ken");
    ADD_FAILURE() << "ftp accepted";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
    EXPECT_EQ(what.find("t0ken"), std::string::npos) << what;
    EXPECT_NE(what.find("ftp://127.0.0.1/x"), std::string::npos) << what;
  }
}

TEST(RedactUrlTest, DropsCredentialsQueryAndFragment) {
  EXPECT_EQ(RedactUrl("http://user:secret@127.0.0.1:8080/a/b?key=1#top"),
            "http://127.0.0.1:8080/a/b");
  EXPECT_EQ(RedactUrl("https://h?x=1"), "https://h");
  EXPECT_EQ(RedactUrl("http://h/p"), "http://h/p");
  EXPECT_EQ(RedactUrl("http://a@b@h:1"), "http://h:1");
}

}  // namespace
}  // namespace stackprobe::plugin_common
