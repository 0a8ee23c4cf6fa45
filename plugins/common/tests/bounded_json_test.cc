// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/bounded_json.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace stackprobe::plugin_common {
namespace {

std::string Nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

TEST(BoundedJsonTest, AcceptsTheDepthLimit) {
  std::string error;
  EXPECT_TRUE(ParseBoundedJson(Nested(kMaxJsonDepth), error).has_value())
      << error;
}

TEST(BoundedJsonTest, RejectsOneLevelDeeper) {
  std::string error;
  EXPECT_FALSE(ParseBoundedJson(Nested(kMaxJsonDepth + 1), error));
  EXPECT_EQ(error, "JSON nested deeper than 64 levels");
}

TEST(BoundedJsonTest, RejectsHostileDepthWithoutOverflow) {
  std::string error;
  EXPECT_FALSE(ParseBoundedJson(Nested(100000), error));
  EXPECT_FALSE(ParseBoundedJson(std::string(100000, '{'), error));
}

TEST(BoundedJsonTest, RejectsBrokenTextWithPrintableMessage) {
  for (const std::string& text :
       {std::string("<html>oops</html>"), std::string(R"({"a": "b)"),
        std::string("{\"a\": \"\xFF\xFE\"}"), std::string()}) {
    std::string error;
    EXPECT_FALSE(ParseBoundedJson(text, error)) << text;
    EXPECT_EQ(error.rfind("not JSON: ", 0), 0U) << error;
    for (char c : error) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << error;
  }
}

TEST(BoundedJsonTest, ParsesOrdinaryDocuments) {
  std::string error;
  const auto document = ParseBoundedJson(R"({"status":"ok","n":[1,2]})", error);
  ASSERT_TRUE(document);
  EXPECT_EQ((*document)["n"][1], 2);
}

TEST(BoundedJsonTest, SmallerLimitIsHonoured) {
  std::string error;
  EXPECT_TRUE(ParseBoundedJson(Nested(3), error, 3));
  EXPECT_FALSE(ParseBoundedJson(Nested(4), error, 3));
  EXPECT_EQ(error, "JSON nested deeper than 3 levels");
}

TEST(BoundedJsonOrThrowTest, ThrowsLengthErrorPastTheLimit) {
  EXPECT_NO_THROW(ParseBoundedJsonOrThrow(Nested(kMaxJsonDepth)));
  EXPECT_THROW(ParseBoundedJsonOrThrow(Nested(100000)), std::length_error);
}

TEST(BoundedJsonOrThrowTest, KeepsNlohmannExceptionTypes) {
  EXPECT_THROW(ParseBoundedJsonOrThrow("{"), nlohmann::json::parse_error);
  // A number beyond double's range: callers tell it apart by id 406.
  try {
    ParseBoundedJsonOrThrow("[1e999]");
    ADD_FAILURE() << "1e999 parsed";
  } catch (const nlohmann::json::out_of_range& e) {
    EXPECT_EQ(e.id, 406);
  }
}

TEST(BoundedOrderedJsonTest, KeepsKeysInTheOrderOfTheText) {
  const std::string text =
      R"({"status":"ok","database":"ok","circuit_breakers":{"qdrant":"CLOSED","embeddings":"OPEN"}})";
  std::string error;
  const auto document = ParseBoundedOrderedJson(text, error);
  ASSERT_TRUE(document) << error;
  EXPECT_EQ(document->dump(), text);
  EXPECT_EQ(ParseBoundedOrderedJsonOrThrow(text).dump(), text);
}

TEST(BoundedOrderedJsonTest, HasTheSameLimitsAndErrors) {
  std::string error;
  EXPECT_TRUE(ParseBoundedOrderedJson(Nested(kMaxJsonDepth), error));
  EXPECT_FALSE(ParseBoundedOrderedJson(Nested(kMaxJsonDepth + 1), error));
  EXPECT_EQ(error, "JSON nested deeper than 64 levels");
  EXPECT_FALSE(ParseBoundedOrderedJson("<html>", error));
  EXPECT_EQ(error.rfind("not JSON: ", 0), 0U) << error;
  EXPECT_THROW(ParseBoundedOrderedJsonOrThrow(Nested(100000)),
               std::length_error);
  EXPECT_THROW(ParseBoundedOrderedJsonOrThrow("{"),
               nlohmann::ordered_json::parse_error);
}

}  // namespace
}  // namespace stackprobe::plugin_common
