// SPDX-License-Identifier: Apache-2.0
#include "file_facts.h"

#include <gtest/gtest.h>

#include <string>

#include "test_tree.h"

namespace stackprobe::rootless {
namespace {

using testing::SetFileCapability;
using testing::TestTree;

TEST(ModeStringTest, WritesLsStyleModes) {
  EXPECT_EQ(ModeString(S_IFREG | 0555), "-r-xr-xr-x");
  EXPECT_EQ(ModeString(S_IFREG | 04511), "-r-s--x--x");
  EXPECT_EQ(ModeString(S_IFREG | 02755), "-rwxr-sr-x");
  EXPECT_EQ(ModeString(S_IFREG | 04644), "-rwSr--r--");
  EXPECT_EQ(ModeString(S_IFDIR | 01777), "drwxrwxrwt");
}

TEST(DecodeFileCapabilitiesTest, ReadsRevisionTwoAndThree) {
  // magic 0x02000001 (revision 2, effective), permitted word 0 = 1 << 7.
  const std::string v2(
      "\x01\x00\x00\x02\x80\x00\x00\x00\x00\x00\x00\x00"
      "\x00\x00\x00\x00\x00\x00\x00\x00",
      20);
  auto caps = DecodeFileCapabilities(v2);
  ASSERT_TRUE(caps);
  EXPECT_TRUE(caps->Grants(kCapSetuid));
  EXPECT_FALSE(caps->Grants(kCapSetgid));

  std::string v3 = v2 + std::string(4, '\0');
  v3[3] = 3;
  v3[0] = 0;  // no effective flag: the capability is not raised at exec
  caps = DecodeFileCapabilities(v3);
  ASSERT_TRUE(caps);
  EXPECT_FALSE(caps->Grants(kCapSetuid));
  EXPECT_EQ(caps->permitted, 1U << 7);
}

TEST(DecodeFileCapabilitiesTest, RejectsShortAndUnknownValues) {
  EXPECT_FALSE(DecodeFileCapabilities(""));
  EXPECT_FALSE(DecodeFileCapabilities(std::string("\x00\x00\x00\x02", 4)));
  EXPECT_FALSE(DecodeFileCapabilities(std::string(20, '\x7f')));
}

TEST(InspectFileTest, ReadsModeOwnerAndCapabilities) {
  TestTree tree;
  const std::string path = tree.Tool("bin/newuidmap", 04755, 1000, 1000);
  FileFacts facts = InspectFile(path);
  EXPECT_TRUE(facts.exists);
  EXPECT_TRUE(facts.regular);
  EXPECT_EQ(facts.uid, 1000U);
  EXPECT_EQ(facts.mode & 07777, 04755U);
  EXPECT_FALSE(facts.capabilities);

  const std::string capped = tree.Tool("bin/newgidmap", 0755);
  SetFileCapability(capped, kCapSetgid, true);
  facts = InspectFile(capped);
  ASSERT_TRUE(facts.capabilities);
  EXPECT_TRUE(facts.capabilities->Grants(kCapSetgid));
  EXPECT_NE(DescribeFile(facts).find("cap_setgid=ep"), std::string::npos);

  facts = InspectFile(tree.Path("bin/absent"));
  EXPECT_FALSE(facts.exists);
  EXPECT_FALSE(IsPathMatch(facts));
}

TEST(UserCanExecuteTest, UsesOwnerGroupAndOtherBits) {
  TestTree tree;
  UserIdentity user{"hyperd", 1000, 1000, "/home/hyperd", {1000, 27}};
  EXPECT_FALSE(UserCanExecute(InspectFile(tree.Tool("a", 04750)), user));
  EXPECT_TRUE(UserCanExecute(InspectFile(tree.Tool("b", 04751)), user));
  EXPECT_TRUE(UserCanExecute(InspectFile(tree.Tool("c", 0750, 0, 27)), user));
  EXPECT_FALSE(
      UserCanExecute(InspectFile(tree.Tool("d", 0605, 1000, 0)), user));
  EXPECT_FALSE(IsPathMatch(InspectFile(tree.File("e", "x", 0644))));
}

}  // namespace
}  // namespace stackprobe::rootless
