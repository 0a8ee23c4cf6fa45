// SPDX-License-Identifier: Apache-2.0
#include "http/request.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "http/listen_address.h"

namespace stackprobe::http {
namespace {

TEST(RequestTest, QueryParamDecodesPercentAndPlus) {
  Request request;
  request.query =
      "probe=my%20db&target=http%3A%2F%2Fh%3A1%2Fa%3Fb%3Dc&plus=a+b&flag&"
      "na%6De=x";
  EXPECT_EQ(request.QueryParam("probe"), "my db");
  EXPECT_EQ(request.QueryParam("target"), "http://h:1/a?b=c");
  EXPECT_EQ(request.QueryParam("plus"), "a b");
  EXPECT_EQ(request.QueryParam("flag"), "");
  EXPECT_EQ(request.QueryParam("name"), "x");
  EXPECT_EQ(request.QueryParam("missing"), std::nullopt);
}

TEST(RequestTest, QueryParamTakesFirstAndSkipsEmptyPairs) {
  Request request;
  request.query = "&&a=1&a=2&";
  EXPECT_EQ(request.QueryParam("a"), "1");
}

TEST(RequestTest, PercentDecodeKeepsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("100%", false), "100%");
  EXPECT_EQ(PercentDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(PercentDecode("a+b%2B", false), "a+b+");
  EXPECT_EQ(PercentDecode("a+b%2b", true), "a b+");
}

TEST(RequestTest, HeaderFindsFirstByLowerName) {
  Request request;
  request.headers = {{"accept", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}};
  EXPECT_EQ(request.Header("x-a"), "1");
  EXPECT_EQ(request.Header("accept"), "text/plain");
  EXPECT_EQ(request.Header("absent"), "");
}

TEST(ListenAddressTest, ParsesV4V6AndLocalhost) {
  const ListenAddress v4 = ParseListenAddress("127.0.0.1:9877");
  EXPECT_EQ(v4.host, "127.0.0.1");
  EXPECT_EQ(v4.port, 9877);
  const ListenAddress v6 = ParseListenAddress("[::1]:0");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 0);
  EXPECT_EQ(ParseListenAddress("localhost:80").host, "127.0.0.1");
}

TEST(ListenAddressTest, RejectsMalformed) {
  for (const char* bad : {"", "127.0.0.1", ":80", "::1:80", "[::1]80",
                          "[::1:80", "h:65536", "h:-1", "h:8x"}) {
    EXPECT_THROW(ParseListenAddress(bad), std::invalid_argument) << bad;
  }
}

TEST(ListenAddressTest, FormatsWithBracketsForV6) {
  EXPECT_EQ(FormatHostPort("::1", 80), "[::1]:80");
  EXPECT_EQ(FormatHostPort("127.0.0.1", 80), "127.0.0.1:80");
}

}  // namespace
}  // namespace stackprobe::http
