// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/transport_reason.h"

#include <gtest/gtest.h>

#include <string>

namespace stackprobe::plugin_common {
namespace {

TEST(TransportReasonTest, MapsEveryError) {
  EXPECT_EQ(std::string(ReasonOf(HttpError::kNone)), reason::kNone);
  EXPECT_EQ(std::string(ReasonOf(HttpError::kRefused)), reason::kRefused);
  EXPECT_EQ(std::string(ReasonOf(HttpError::kTimeout)), reason::kTimeout);
  EXPECT_EQ(std::string(ReasonOf(HttpError::kDns)), reason::kDns);
  EXPECT_EQ(std::string(ReasonOf(HttpError::kTls)), reason::kTls);
  EXPECT_EQ(std::string(ReasonOf(HttpError::kBodyTooLarge)),
            reason::kBodyTooLarge);
  EXPECT_EQ(std::string(ReasonOf(HttpError::kBadRequest)), reason::kConnection);
  EXPECT_EQ(std::string(ReasonOf(HttpError::kOther)), reason::kConnection);
}

}  // namespace
}  // namespace stackprobe::plugin_common
