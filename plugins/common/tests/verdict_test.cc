// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/verdict.h"

#include <gtest/gtest.h>

namespace stackprobe::plugin_common {
namespace {

TEST(WithVerdictTest, KeepsTheSamplesAndWritesTheDetails) {
  ProbeResult result;
  AddGauge(result, "up", "Up", 1);
  const nlohmann::ordered_json details = {{"z", "a\xFF"}, {"a", 1}};
  const ProbeResult done = WithVerdict(std::move(result), State::kDegraded,
                                       "slow", "answered slowly", details);
  EXPECT_EQ(done.state, State::kDegraded);
  EXPECT_EQ(done.reason, "slow");
  EXPECT_EQ(done.message, "answered slowly");
  ASSERT_EQ(done.samples.size(), 1U);
  // Keys in the document's order; invalid UTF-8 replaced, not thrown.
  EXPECT_EQ(done.details_json, "{\"z\":\"a\xEF\xBF\xBD\",\"a\":1}");
}

}  // namespace
}  // namespace stackprobe::plugin_common
