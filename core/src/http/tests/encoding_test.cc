// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "http/gzip.h"
#include "http/response_builder.h"
#include "http/tests/test_client.h"

namespace stackprobe::http {
namespace {

std::string HeaderOf(const EncodedResponse& response, std::string_view name) {
  for (const auto& [field, value] : response.headers) {
    if (field == name) return value;
  }
  return "<absent>";
}

TEST(AcceptsGzipTest, HonoursQualityValues) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("gzip;q=0.001"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("deflate, br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
  EXPECT_TRUE(AcceptsGzip("*;q=0, gzip"));
}

TEST(GzipTest, RoundTrips) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "metric_" + std::to_string(i) + " 1\n";
  const std::string packed = GzipCompress(text);
  EXPECT_LT(packed.size(), text.size() / 3);
  EXPECT_EQ(testing::Gunzip(packed), text);
  EXPECT_EQ(testing::Gunzip(GzipCompress("")), "");
}

// Segments compressed apart (and in another order than they are joined)
// make one gzip member whose CRC and length cover the joined text.
TEST(GzipTest, JoinedSegmentsInflateToTheJoinedText) {
  std::string large;
  for (int i = 0; i < 3000; ++i)
    large += "probe_up{probe=\"p" + std::to_string(i) + "\"} 1\n";
  SegmentCompressor compressor;
  const DeflateSegment tail = compressor.Compress("# EOF\n");
  const DeflateSegment head = compressor.Compress(large);
  const DeflateSegment empty = compressor.Compress("");
  const DeflateSegment live = compressor.Compress("process_open_fds 12\n");
  EXPECT_LT(head.deflated.size(), large.size() / 5);
  const std::string joined = JoinGzip({&head, &empty, &live, &head, &tail});
  EXPECT_EQ(testing::Gunzip(joined),
            large + "process_open_fds 12\n" + large + "# EOF\n");
  EXPECT_EQ(testing::Gunzip(JoinGzip({})), "");
  // A wrong CRC would be caught: the joined one is not a forgery.
  std::string corrupt = joined;
  corrupt[corrupt.size() - 8] =
      static_cast<char>(corrupt[corrupt.size() - 8] ^ 1);
  EXPECT_THROW(testing::Gunzip(corrupt), std::runtime_error);
}

TEST(EncodeResponseTest, GzipsLargeBodiesOnlyWhenAccepted) {
  Response response;
  response.body = std::string(2000, 'a');
  const EncodedResponse gzipped = EncodeResponse(response, "gzip", 1024);
  EXPECT_EQ(HeaderOf(gzipped, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(gzipped, "Vary"), "Accept-Encoding");
  EXPECT_EQ(testing::Gunzip(gzipped.body), response.body);

  const EncodedResponse refused = EncodeResponse(response, "gzip;q=0", 1024);
  EXPECT_EQ(HeaderOf(refused, "Content-Encoding"), "<absent>");
  EXPECT_EQ(HeaderOf(refused, "Vary"), "Accept-Encoding");
  EXPECT_EQ(refused.body, response.body);

  response.body = std::string(1023, 'a');
  const EncodedResponse small = EncodeResponse(response, "gzip", 1024);
  EXPECT_EQ(HeaderOf(small, "Content-Encoding"), "<absent>");
  EXPECT_EQ(HeaderOf(small, "Vary"), "<absent>");
}

TEST(EncodeResponseTest, KeepsHandlerEncodingAndFields) {
  Response response;
  response.content_type = "application/json";
  response.body = std::string(5000, 'x');
  response.headers = {{"content-encoding", "identity"}, {"X-A", "1"}};
  const EncodedResponse out = EncodeResponse(response, "gzip", 10);
  EXPECT_EQ(out.body, response.body);
  EXPECT_EQ(HeaderOf(out, "Server"), "stackprobe");
  EXPECT_EQ(HeaderOf(out, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderOf(out, "X-A"), "1");
  EXPECT_EQ(HeaderOf(out, "Content-Encoding"), "<absent>");
}

TEST(EncodeResponseTest, InvalidStatusBecomes500) {
  Response response;
  response.status = 42;
  EXPECT_EQ(EncodeResponse(response, "", 1024).status, 500);
  response.status = 404;
  EXPECT_EQ(EncodeResponse(response, "", 1024).status, 404);
}

}  // namespace
}  // namespace stackprobe::http
