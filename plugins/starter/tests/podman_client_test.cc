// SPDX-License-Identifier: Apache-2.0
#include "podman_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "podman_errors.h"

namespace stackprobe::starter {
namespace {

using ::testing::ElementsAre;

// podman 4.3.1, rootless, a plain newuidmap copy first in PATH (measured).
constexpr const char* kPlainNewuidmapStderr =
    R"(time="2026-12-01T23:47:08Z" level=warning msg="\"/\" is not a shared mount, this could cause issues or missing mounts with rootless containers"
time="2026-12-01T23:47:08Z" level=error msg="running `/tmp/plain/newuidmap 14318 0 1002 1 1 165536 65536`: newuidmap: write to uid_map failed: Operation not permitted\n"
time="2026-12-01T23:47:08Z" level=error msg="invalid internal status, try resetting the pause process with \"podman system migrate\": cannot set up namespace using \"/tmp/plain/newuidmap\": should have setuid or have filecaps setuid: exit status 1"
)";

// The same without any newuidmap in PATH (measured).
constexpr const char* kNoNewuidmapStderr =
    R"(time="2026-12-01T23:43:29Z" level=error msg="invalid internal status, try resetting the pause process with \"/only/podman system migrate\": command required for rootless mode with multiple IDs: exec: \"newuidmap\": executable file not found in $PATH"
)";

TEST(PodmanEnvironmentTest, WithholdsSystemdVariablesAndReplacesPath) {
  const std::vector<std::string> env = PodmanEnvironment(
      {"HOME=/home/u", "NOTIFY_SOCKET=/run/systemd/notify", "PATH=/bad",
       "LISTEN_FDS=1", "LISTEN_PID=7", "WATCHDOG_USEC=1000",
       "XDG_RUNTIME_DIR=/run/user/1000", "CONTAINERS_CONF=/old"},
      {{"CONTAINERS_CONF", "/new"}}, "/run/wrappers/bin:/usr/bin");
  EXPECT_THAT(env, ElementsAre("HOME=/home/u", "XDG_RUNTIME_DIR=/run/user/1000",
                               "CONTAINERS_CONF=/new",
                               "PATH=/run/wrappers/bin:/usr/bin"));
}

TEST(DescribeFailureTest, PicksPodmansErrorAndItsExitCode) {
  CommandResult result;
  result.started = true;
  result.exit_code = 125;
  result.stderr_data =
      "time=\"x\" level=warning msg=\"\\\"/\\\" is not a shared mount\"\n"
      "Error: no container with name or ID \"db\" found: no such container\n";
  EXPECT_EQ(DescribeFailure(result),
            "Error: no container with name or ID \"db\" found: no such "
            "container (exit code 125)");
  result.exit_code = 1;
  result.stderr_data = kPlainNewuidmapStderr;
  EXPECT_EQ(DescribeFailure(result),
            "invalid internal status, try resetting the pause process with "
            "\"podman system migrate\": cannot set up namespace using "
            "\"/tmp/plain/newuidmap\": should have setuid or have filecaps "
            "setuid: exit status 1 (exit code 1)");
  result.stderr_data = "just text\n\n";
  EXPECT_EQ(DescribeFailure(result), "just text (exit code 1)");
  result.stderr_data.clear();
  EXPECT_EQ(DescribeFailure(result), "exit code 1");
  result.started = false;
  result.error = "podman: not found in PATH /usr/bin";
  EXPECT_EQ(DescribeFailure(result), "podman: not found in PATH /usr/bin");
}

TEST(UserNamespaceFailureTest, FindsTheDeterministicNewuidmapFailures) {
  EXPECT_EQ(UserNamespaceFailure(kPlainNewuidmapStderr),
            "cannot set up namespace using \"/tmp/plain/newuidmap\": should "
            "have setuid or have filecaps setuid: exit status 1");
  EXPECT_EQ(UserNamespaceFailure(kNoNewuidmapStderr),
            "command required for rootless mode with multiple IDs: exec: "
            "\"newuidmap\": executable file not found in $PATH");
  EXPECT_EQ(UserNamespaceFailure(
                "Error: cannot set up namespace using \"/x/newgidmap\": should "
                "have setgid or have filecaps setgid: exit status 1\n"),
            "cannot set up namespace using \"/x/newgidmap\": should have "
            "setgid or have filecaps setgid: exit status 1");
  EXPECT_EQ(UserNamespaceFailure("Error: cannot connect to Podman\n"), "");
}

TEST(ParseInspectTest, ReadsTheExitCode) {
  const ContainerStatus status = ParseInspect(
      R"([{"State":{"Status":"exited","Running":false,"ExitCode":3},"Config":{}}])");
  EXPECT_TRUE(status.exists);
  EXPECT_FALSE(status.running);
  EXPECT_EQ(status.exit_code, 3);
}

}  // namespace
}  // namespace stackprobe::starter
