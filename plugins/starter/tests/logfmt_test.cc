// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/sdk/logfmt.h"

#include <gtest/gtest.h>

#include "logfmt_reader.h"

namespace stackprobe::starter {
namespace {

TEST(LogfmtTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(sdk::LogfmtValue("local-ai-aidb"), "local-ai-aidb");
  EXPECT_EQ(sdk::LogfmtValue(""), "\"\"");
  EXPECT_EQ(sdk::LogfmtValue("a b"), "\"a b\"");
  EXPECT_EQ(sdk::LogfmtValue("k=v"), "\"k=v\"");
  EXPECT_EQ(sdk::LogfmtValue(R"(Error: no such container "x")"),
            R"("Error: no such container \"x\"")");
  EXPECT_EQ(sdk::LogfmtValue("back\\slash"), R"("back\\slash")");
  EXPECT_EQ(sdk::LogfmtValue("two\nlines\t\x01"), R"("two\nlines\t\u0001")");
  EXPECT_EQ(sdk::LogfmtField("note", "x y"), " note=\"x y\"");
  // The core's fields are always quoted, with the same escapes.
  EXPECT_EQ(sdk::LogfmtQuote("plain"), "\"plain\"");
  EXPECT_EQ(sdk::LogfmtQuote("a \"b\"\n"), R"("a \"b\"\n")");
}

TEST(LogfmtTest, ValuesRoundTripThroughAStrictReader) {
  for (const std::string value :
       {"plain", "", "with space", "quote \" inside", "\\", "msg=\"x\"",
        "line\nbreak", "tab\there",
        "time=\"2026\" level=error msg=\"a \\\"b\\\"\""}) {
    const std::string line = "starter:" + sdk::LogfmtField("note", value) +
                             sdk::LogfmtField("step", "start");
    const auto parsed = testing::ParseLogfmt(line);
    ASSERT_TRUE(parsed) << line;
    EXPECT_EQ(parsed->at("note"), value) << line;
    EXPECT_EQ(parsed->at("step"), "start");
    EXPECT_TRUE(parsed->contains("starter:"));
  }
  EXPECT_FALSE(testing::ParseLogfmt(R"(note="a "b" c")"));
  EXPECT_FALSE(testing::ParseLogfmt(R"(note="open)"));
}

}  // namespace
}  // namespace stackprobe::starter
