// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/text.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::plugin_common {
namespace {

TEST(TrimTest, DropsAsciiWhiteSpaceAtBothEndsOnly) {
  EXPECT_EQ(Trim(" \t\r\n\v\fOK - up | x=1 \r\n"), "OK - up | x=1");
  EXPECT_EQ(Trim("a  b"), "a  b");
  EXPECT_EQ(Trim(" \n\t "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("\xC2\xA0x"), "\xC2\xA0x");  // no-break space is no ASCII
}

TEST(PrintableTest, ReplacesControlAndHighBytesAndCutsSilently) {
  EXPECT_EQ(Printable("a\nb\x7f\xC3\xA9z", 100), "a?b???z");
  EXPECT_EQ(Printable("abcdef", 3), "abc");
  EXPECT_EQ(Printable("", 3), "");
}

TEST(ClipTest, MarksTheCut) {
  EXPECT_EQ(Clip("abcdef", 3), "abc...");
  EXPECT_EQ(Clip("abc", 3), "abc");
  EXPECT_EQ(Clip(std::string(500, 'x')).size(), 163U);
  EXPECT_EQ(Clip("tab\there"), "tab?here");
}

TEST(TruncateUtf8Test, NeverSplitsASequence) {
  const std::string text = "ab\xC3\xA9\xC3\xA9\xC3\xA9";  // "abééé"
  EXPECT_EQ(TruncateUtf8(text, 100), text);
  const std::string cut = TruncateUtf8(text, 6);
  EXPECT_EQ(cut, "ab...");  // 'é' at bytes 2-3 would need 7 bytes with "..."
  EXPECT_LE(TruncateUtf8(std::string(500, 'x'), 200).size(), 200U);
}

TEST(TruncateUtf8Test, TinyLimitsStayWithinBounds) {
  EXPECT_EQ(TruncateUtf8("abcdef", 2), "..");
  EXPECT_EQ(TruncateUtf8("abcdef", 0), "");
}

}  // namespace
}  // namespace stackprobe::plugin_common
