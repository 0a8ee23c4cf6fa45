// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/home_path.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace stackprobe::plugin_common {
namespace {

TEST(ExpandHomeTest, ExpandsOnlyALeadingTildeSlash) {
  EXPECT_EQ(ExpandHome("~/a/b.jsonl", "/home/u"), "/home/u/a/b.jsonl");
  EXPECT_EQ(ExpandHome("/abs/~/b", ""), "/abs/~/b");
  EXPECT_EQ(ExpandHome("~user/x", ""), "~user/x");
  EXPECT_THROW(ExpandHome("~/a", ""), std::invalid_argument);
}

TEST(ExpandHomeTest, ErrorNamesTheKey) {
  try {
    ExpandHome("~/a", "", "log_path");
    ADD_FAILURE() << "expanded without HOME";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "log_path: expected $HOME to expand ~/, got none");
  }
}

}  // namespace
}  // namespace stackprobe::plugin_common
