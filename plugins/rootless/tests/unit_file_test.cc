// SPDX-License-Identifier: Apache-2.0
#include "unit_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_tree.h"

namespace stackprobe::rootless {
namespace {

const UnitSpecifiers kHyperd{"/home/hyperd", "hyperd", "1000"};

TEST(SplitEnvironmentWordsTest, HandlesQuotesAndEscapes) {
  EXPECT_EQ(
      SplitEnvironmentWords(R"("PATH=/a:/b" HOME=/h 'X=a b' Y="c\"d" Z=e\ f)"),
      (std::vector<std::string>{"PATH=/a:/b", "HOME=/h", "X=a b", "Y=c\"d",
                                "Z=e f"}));
  EXPECT_EQ(SplitEnvironmentWords("\"UNTERMINATED=a b"),
            (std::vector<std::string>{"UNTERMINATED=a b"}));
  EXPECT_TRUE(SplitEnvironmentWords("   ").empty());
}

TEST(ExpandSpecifiersTest, ExpandsHomeUserUidAndPercent) {
  EXPECT_EQ(ExpandSpecifiers("%h/bin:/run/user/%U:%u:100%%:%Z", kHyperd),
            "/home/hyperd/bin:/run/user/1000:hyperd:100%:%Z");
}

TEST(ParseUnitEnvironmentTest, TheLegacyUnitGivesItsPath) {
  const auto env =
      ParseUnitEnvironment(testing::ReadFixture("ai-stack.service"), kHyperd);
  EXPECT_EQ(env.at("PATH"),
            "/run/wrappers/bin:/run/current-system/sw/bin:/usr/bin:/bin:/home/"
            "hyperd/.nix-profile/bin");
  EXPECT_EQ(env.at("HOME"), "/home/hyperd");
}

TEST(ParseUnitEnvironmentTest, UnquotedSeveralPerLineLaterWinsAndReset) {
  const auto env = ParseUnitEnvironment(
      "[Unit]\nEnvironment=PATH=/unit-section\n"
      "[Service]\n"
      "# Environment=PATH=/commented\n"
      "Environment=PATH=/first:/x HOME=%h LANG=C\n"
      "Environment=\"PATH=/second\" \\\n  EXTRA=1\n"
      "[Install]\nEnvironment=PATH=/install-section\n",
      kHyperd);
  EXPECT_EQ(env.at("PATH"), "/second");
  EXPECT_EQ(env.at("HOME"), "/home/hyperd");
  EXPECT_EQ(env.at("LANG"), "C");
  EXPECT_EQ(env.at("EXTRA"), "1");

  const auto reset = ParseUnitEnvironment(
      "[Service]\nEnvironment=PATH=/a\nEnvironment=\nEnvironment=B=2\n",
      kHyperd);
  EXPECT_EQ(reset.count("PATH"), 0U);
  EXPECT_EQ(reset.at("B"), "2");
}

TEST(ReadUnitEnvironmentTest, MissingFileThrowsWithThePath) {
  try {
    ReadUnitEnvironment("/nonexistent/x.service", kHyperd);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("/nonexistent/x.service"));
  }
}

}  // namespace
}  // namespace stackprobe::rootless
