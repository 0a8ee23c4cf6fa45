// SPDX-License-Identifier: Apache-2.0
#include "logfmt.h"

#include <gtest/gtest.h>

#include "logfmt_reader.h"

namespace stackprobe::starter {
namespace {

TEST(LogfmtTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(LogfmtValue("local-ai-aidb"), "local-ai-aidb");
  EXPECT_EQ(LogfmtValue(""), "\"\"");
  EXPECT_EQ(LogfmtValue("a b"), "\"a b\"");
  EXPECT_EQ(LogfmtValue("k=v"), "\"k=v\"");
  EXPECT_EQ(LogfmtValue(R"(Error: no such container "x")"),
            R"("Error: no such container \"x\"")");
  EXPECT_EQ(LogfmtValue("back\\slash"), R"("back\\slash")");
  EXPECT_EQ(LogfmtValue("two\nlines\t\x01"), R"("two\nlines\t\u0001")");
  EXPECT_EQ(LogfmtField("note", "x y"), " note=\"x y\"");
}

TEST(LogfmtTest, ValuesRoundTripThroughAStrictReader) {
  for (const std::string value :
       {"plain", "", "with space", "quote \" inside", "\\", "msg=\"x\"",
        "line\nbreak", "tab\there",
        "time=\"2026\" level=error msg=\"a \\\"b\\\"\""}) {
    const std::string line =
        "starter:" + LogfmtField("note", value) + LogfmtField("step", "start");
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
