// SPDX-License-Identifier: Apache-2.0
#include "nagios_output.h"

#include <gtest/gtest.h>

namespace stackprobe::exec {
namespace {

TEST(NagiosOutputTest, FirstLineBeforeTheBarIsTheMessage) {
  const NagiosOutput output = SplitNagiosOutput(
      "TCP OK - 0.000 second response time on 127.0.0.1 port 80|"
      "time=0.000169s;;;0.000000;10.000000\n");
  EXPECT_EQ(output.message,
            "TCP OK - 0.000 second response time on 127.0.0.1 port 80");
  EXPECT_EQ(output.perfdata, "time=0.000169s;;;0.000000;10.000000");
}

TEST(NagiosOutputTest, PerfdataOfTheLongTextFollowsItsFirstBar) {
  const NagiosOutput output = SplitNagiosOutput(
      "DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n"
      "/ 15272 MB (77%);\n"
      "/boot 68 MB (69%); | /boot=68MB;88;93;0;98\n"
      "/home=69357MB;253404;253409;0;253414\n");
  EXPECT_EQ(output.message, "DISK OK - free space: / 3326 MB (56%);");
  EXPECT_EQ(output.perfdata,
            "/=2643MB;5948;5958;0;5968 /boot=68MB;88;93;0;98\n"
            "/home=69357MB;253404;253409;0;253414");
}

TEST(NagiosOutputTest, OutputWithoutPerfdata) {
  const NagiosOutput output = SplitNagiosOutput("  OK: all good  \nmore\n");
  EXPECT_EQ(output.message, "OK: all good");
  EXPECT_EQ(output.perfdata, "");
  EXPECT_EQ(SplitNagiosOutput("").message, "");
  EXPECT_EQ(SplitNagiosOutput("|a=1").message, "");
  EXPECT_EQ(SplitNagiosOutput("|a=1").perfdata, "a=1");
}

TEST(NagiosOutputTest, ExitCodesMapToStates) {
  EXPECT_EQ(StateOfExitCode(0), State::kUp);
  EXPECT_EQ(StateOfExitCode(1), State::kDegraded);
  EXPECT_EQ(StateOfExitCode(2), State::kDown);
  EXPECT_EQ(StateOfExitCode(3), State::kError);
  EXPECT_EQ(StateOfExitCode(4), State::kError);
  EXPECT_EQ(StateOfExitCode(127), State::kError);
  EXPECT_EQ(StateOfExitCode(-1), State::kError);
}

}  // namespace
}  // namespace stackprobe::exec
