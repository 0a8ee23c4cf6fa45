// SPDX-License-Identifier: Apache-2.0
#include "resp.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::redis {
namespace {

RespReply ParseOk(const std::string& bytes, std::size_t expect_consumed) {
  RespReply reply;
  std::size_t consumed = 0;
  EXPECT_EQ(ParseReply(bytes, reply, consumed), ParseStatus::kOk) << bytes;
  EXPECT_EQ(consumed, expect_consumed);
  return reply;
}

ParseStatus Status(const std::string& bytes) {
  RespReply reply;
  std::size_t consumed = 0;
  return ParseReply(bytes, reply, consumed);
}

TEST(RespTest, DecodesEveryReplyType) {
  EXPECT_EQ(ParseOk("+PONG\r\n", 7).text, "PONG");
  const auto error = ParseOk("-NOAUTH Authentication required.\r\nextra", 34);
  EXPECT_EQ(error.kind, RespReply::Kind::kError);
  EXPECT_EQ(error.text, "NOAUTH Authentication required.");
  EXPECT_EQ(ParseOk(":-42\r\n", 6).integer, -42);
  const auto bulk = ParseOk("$7\r\na\r\nb:\nc\r\n", 13);
  EXPECT_EQ(bulk.kind, RespReply::Kind::kBulk);
  EXPECT_EQ(bulk.text, "a\r\nb:\nc");
  EXPECT_EQ(ParseOk("$-1\r\n", 5).kind, RespReply::Kind::kNull);
  const auto array = ParseOk("*2\r\n$1\r\nx\r\n:1\r\n", 15);
  ASSERT_EQ(array.elements.size(), 2u);
  EXPECT_EQ(array.elements[0].text, "x");
  EXPECT_EQ(array.elements[1].integer, 1);
}

TEST(RespTest, AsksForMoreBytesUntilAReplyIsComplete) {
  EXPECT_EQ(Status(""), ParseStatus::kIncomplete);
  EXPECT_EQ(Status("+PON"), ParseStatus::kIncomplete);
  EXPECT_EQ(Status("$10\r\nabc"), ParseStatus::kIncomplete);
  EXPECT_EQ(Status("*3\r\n:1\r\n"), ParseStatus::kIncomplete);
  // A huge announced length costs nothing until its bytes arrive.
  EXPECT_EQ(Status("*1000000\r\n"), ParseStatus::kIncomplete);
}

TEST(RespTest, RejectsWhatIsNotResp) {
  EXPECT_EQ(Status("HTTP/1.1 400 Bad Request\r\n"), ParseStatus::kInvalid);
  EXPECT_EQ(Status("$abc\r\n"), ParseStatus::kInvalid);
  EXPECT_EQ(Status("$-2\r\n"), ParseStatus::kInvalid);
  EXPECT_EQ(Status("$3\r\nabcXY"), ParseStatus::kInvalid);
  EXPECT_EQ(Status(":1x\r\n"), ParseStatus::kInvalid);
  EXPECT_EQ(Status("*99999999999\r\n"), ParseStatus::kInvalid);
  std::string deep;
  for (int i = 0; i <= kMaxArrayDepth; ++i) deep += "*1\r\n";
  EXPECT_EQ(Status(deep + ":1\r\n"), ParseStatus::kInvalid);
}

TEST(RespTest, EncodesCommandsAsBulkArrays) {
  EXPECT_EQ(EncodeCommand({"AUTH", "u", "p w"}),
            "*3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$3\r\np w\r\n");
}

TEST(RespTest, ParsesInfoAndKeyspace) {
  const auto info = ParseInfo(
      "# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:12\r\n\r\n"
      "# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\nbroken line\r\n");
  EXPECT_EQ(info.at("redis_version"), "7.0.15");
  EXPECT_EQ(info.at("uptime_in_seconds"), "12");
  EXPECT_EQ(info.count("broken line"), 0u);
  double keys = 0;
  ASSERT_TRUE(ParseKeyspaceKeys(info.at("db0"), keys));
  EXPECT_EQ(keys, 3.0);
  EXPECT_FALSE(ParseKeyspaceKeys("expires=1", keys));
  EXPECT_FALSE(ParseKeyspaceKeys("keys=-1", keys));
}

}  // namespace
}  // namespace stackprobe::redis
