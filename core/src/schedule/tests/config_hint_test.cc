// SPDX-License-Identifier: Apache-2.0
#include "schedule/config_hint.h"

#include <gtest/gtest.h>

namespace stackprobe::schedule {
namespace {

TEST(ConfigFixHintTest, ConfigFixableReasonsNameWhereToFixThem) {
  for (const char* reason : {"auth", "not_found", "permission"}) {
    const auto hint = ConfigFixHint(reason, "stack.yml: probes[0].config");
    ASSERT_TRUE(hint.has_value()) << reason;
    EXPECT_NE(hint->find("stack.yml: probes[0].config"), std::string::npos)
        << *hint;
  }
  EXPECT_NE(ConfigFixHint("auth", "x")->find("password_file"),
            std::string::npos);
}

TEST(ConfigFixHintTest, FailuresOfTheStackHaveNoConfigFix) {
  for (const char* reason :
       {"refused", "timeout", "http_status", "bad_body", "plugin_error"}) {
    EXPECT_FALSE(ConfigFixHint(reason, "x").has_value()) << reason;
  }
}

}  // namespace
}  // namespace stackprobe::schedule
