// SPDX-License-Identifier: Apache-2.0
//
// Runs real programs: the Monitoring Plugins from Debian's
// monitoring-plugins-basic (/usr/lib/nagios/plugins), /bin/sleep and small
// /bin/sh scripts given by argv.
#include "exec_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "config_schema.h"
#include "fake_context.h"
#include "host_config.h"
#include "probe_result_helpers.h"

namespace stackprobe::exec {
namespace {

using nlohmann::json;
using stackprobe::testing::FakeProbeContext;
using stackprobe::testing::HostConfig;
using stackprobe::testing::SampleValue;
using Clock = std::chrono::steady_clock;

const std::string kPlugins = "/usr/lib/nagios/plugins/";

ProbeResult RunCheck(json config, std::chrono::milliseconds timeout =
                                      std::chrono::milliseconds(10000)) {
  ExecProbe probe(HostConfig(kConfigSchema, config.dump()));
  FakeProbeContext fake("exec_test", timeout);
  return probe.Run(fake.context());
}

ProbeResult RunArgv(std::vector<std::string> argv) {
  return RunCheck(json{{"command", std::move(argv)}});
}

// A loopback TCP socket, listening or (once Close()d) refusing.
class LoopbackPort {
 public:
  LoopbackPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 ||
        bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        listen(fd_, 8) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackPort() { Close(); }
  LoopbackPort(const LoopbackPort&) = delete;
  LoopbackPort& operator=(const LoopbackPort&) = delete;
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  std::string port() const { return std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// True while a process that is not a zombie has process group `group`.
bool GroupHasLiveProcess(pid_t group) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
    const auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos) continue;
    char state = 0;
    long parent = 0;
    long process_group = 0;
    if (std::sscanf(line.c_str() + close_paren + 1, " %c %ld %ld", &state,
                    &parent, &process_group) == 3 &&
        process_group == group && state != 'Z' && state != 'X') {
      return true;
    }
  }
  return false;
}

class MonitoringPluginsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Required, not skipped: these tests are what shows the plugin works
    // with the real checks.
    ASSERT_EQ(access((kPlugins + "check_dummy").c_str(), X_OK), 0)
        << kPlugins
        << "check_dummy is missing; install monitoring-plugins-basic "
           "(scripts/install-deps.sh test)";
  }
};

TEST_F(MonitoringPluginsTest, CheckTcpOnAListeningPortIsUpWithTimeInSeconds) {
  LoopbackPort listening;
  const ProbeResult result = RunArgv(
      {kPlugins + "check_tcp", "-H", "127.0.0.1", "-p", listening.port()});
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(result.reason, "none");
  EXPECT_EQ(result.message.rfind("TCP OK", 0), 0U) << result.message;
  const auto time =
      SampleValue(result, "perfdata_seconds", {{"label", "time"}});
  ASSERT_TRUE(time.has_value());
  EXPECT_GE(*time, 0);
  EXPECT_LT(*time, 10);
  EXPECT_EQ(SampleValue(result, "exit_code"), 0);
  EXPECT_EQ(SampleValue(result, "output_truncated"), 0);
}

TEST_F(MonitoringPluginsTest, CheckTcpOnAClosedPortIsDown) {
  LoopbackPort closed;
  closed.Close();
  const ProbeResult result =
      RunArgv({kPlugins + "check_tcp", "-H", "127.0.0.1", "-p", closed.port()});
  EXPECT_EQ(result.state, State::kDown) << result.message;
  EXPECT_EQ(result.reason, "assertion");
  EXPECT_NE(result.message.find("Connection refused"), std::string::npos)
      << result.message;
  EXPECT_EQ(SampleValue(result, "exit_code"), 2);
}

TEST_F(MonitoringPluginsTest, CheckDiskStatesFollowThresholdsAndUsedIsBytes) {
  const ProbeResult ok =
      RunArgv({kPlugins + "check_disk", "-w", "1", "-c", "1", "-p", "/"});
  EXPECT_EQ(ok.state, State::kUp) << ok.message;
  EXPECT_EQ(ok.message.rfind("DISK OK", 0), 0U) << ok.message;
  const auto used = SampleValue(ok, "perfdata_bytes", {{"label", "/"}});
  ASSERT_TRUE(used.has_value());
  struct statvfs disk {};
  ASSERT_EQ(statvfs("/", &disk), 0);
  const double used_now = static_cast<double>(disk.f_blocks - disk.f_bfree) *
                          static_cast<double>(disk.f_frsize);
  // Within 1 %: a KB/MB read as 1000 instead of bytes would be far off.
  EXPECT_NEAR(*used, used_now, used_now * 0.01);

  const ProbeResult warning =
      RunArgv({kPlugins + "check_disk", "-w", "100%", "-c", "0%", "-p", "/"});
  EXPECT_EQ(warning.state, State::kDegraded) << warning.message;
  EXPECT_EQ(warning.reason, "assertion");
  EXPECT_EQ(warning.message.rfind("DISK WARNING", 0), 0U) << warning.message;

  const ProbeResult critical =
      RunArgv({kPlugins + "check_disk", "-w", "100%", "-c", "100%", "-p", "/"});
  EXPECT_EQ(critical.state, State::kDown) << critical.message;
  EXPECT_EQ(critical.message.rfind("DISK CRITICAL", 0), 0U) << critical.message;
}

TEST_F(MonitoringPluginsTest, CheckProcsCountsProcessesWithoutAUnit) {
  const ProbeResult ok = RunArgv({kPlugins + "check_procs"});
  EXPECT_EQ(ok.state, State::kUp) << ok.message;
  EXPECT_EQ(ok.message.rfind("PROCS OK", 0), 0U) << ok.message;
  const auto procs = SampleValue(ok, "perfdata_value", {{"label", "procs"}});
  ASSERT_TRUE(procs.has_value());
  EXPECT_GE(*procs, 1);

  const ProbeResult warning = RunArgv({kPlugins + "check_procs", "-w", "0"});
  EXPECT_EQ(warning.state, State::kDegraded) << warning.message;
  EXPECT_EQ(warning.message.rfind("PROCS WARNING", 0), 0U) << warning.message;
}

TEST_F(MonitoringPluginsTest, CheckDummyExitCodesMapToStates) {
  struct Case {
    std::string code;
    State state;
    std::string reason;
    std::string message;
  };
  const Case kCases[] = {
      {"0", State::kUp, "none", "OK: all fine"},
      {"1", State::kDegraded, "assertion", "WARNING: all fine"},
      {"2", State::kDown, "assertion", "CRITICAL: all fine"},
      {"3", State::kError, "command_failed", "UNKNOWN: all fine"},
  };
  for (const auto& test_case : kCases) {
    SCOPED_TRACE(test_case.code);
    const ProbeResult result =
        RunArgv({kPlugins + "check_dummy", test_case.code, "all fine"});
    EXPECT_EQ(result.state, test_case.state);
    EXPECT_EQ(result.reason, test_case.reason);
    EXPECT_EQ(result.message, test_case.message);
    EXPECT_EQ(SampleValue(result, "exit_code"), std::stod(test_case.code));
  }
}

TEST(ExecProbeTest, ANameIsLookedUpInPath) {
  const ProbeResult result = RunArgv({"true"});
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(result.message, "exit code 0");
}

TEST(ExecProbeTest, AnExitCodeBeyondThreeIsAnError) {
  const ProbeResult result =
      RunArgv({"/bin/sh", "-c", "echo 'it broke | a=1'; exit 7"});
  EXPECT_EQ(result.state, State::kError);
  EXPECT_EQ(result.reason, "command_failed");
  EXPECT_EQ(result.message, "exit code 7: it broke");
  EXPECT_EQ(SampleValue(result, "exit_code"), 7);
}

TEST(ExecProbeTest, StderrIsTheMessageWhenStdoutIsEmpty) {
  const ProbeResult result =
      RunArgv({"/bin/sh", "-c", "echo 'cannot read config' >&2; exit 2"});
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.message, "cannot read config");
}

TEST(ExecProbeTest, AMissingProgramIsAnErrorThatNamesIt) {
  const ProbeResult absolute = RunArgv({"/nonexistent/stackprobe/check_x"});
  EXPECT_EQ(absolute.state, State::kError);
  EXPECT_EQ(absolute.reason, "not_found");
  EXPECT_NE(absolute.message.find("/nonexistent/stackprobe/check_x"),
            std::string::npos)
      << absolute.message;
  EXPECT_EQ(SampleValue(absolute, "exit_code"), -1);

  const ProbeResult by_name = RunArgv({"stackprobe_no_such_check"});
  EXPECT_EQ(by_name.state, State::kError);
  EXPECT_EQ(by_name.reason, "not_found");
  EXPECT_NE(by_name.message.find("stackprobe_no_such_check: not found"),
            std::string::npos)
      << by_name.message;
}

TEST(ExecProbeTest, AHangingCheckIsKilledAtTheDeadline) {
  const auto start = Clock::now();
  const ProbeResult result = RunCheck(json{{"command", {"/bin/sleep", "30"}}},
                                      std::chrono::milliseconds(300));
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, "timeout");
  EXPECT_NE(result.message.find("killed"), std::string::npos) << result.message;
  EXPECT_EQ(SampleValue(result, "exit_code"), -1);
  EXPECT_LT(elapsed, std::chrono::milliseconds(1000));
}

TEST(ExecProbeTest, AGroupThatIgnoresSigtermIsKilledWhole) {
  const std::string pid_file =
      ::testing::TempDir() + "exec_group_" + std::to_string(getpid());
  std::remove(pid_file.c_str());
  // The shell and its two sleeps ignore SIGTERM; only SIGKILL ends them.
  const auto start = Clock::now();
  const ProbeResult result = RunCheck(
      json{{"command",
            {"/bin/sh", "-c",
             "trap '' TERM; echo $$ > \"$1\"; /bin/sleep 30 & /bin/sleep 30",
             "sh", pid_file}}},
      std::chrono::milliseconds(300));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, "timeout");
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(2500));

  std::ifstream in(pid_file);
  pid_t group = 0;
  ASSERT_TRUE(in >> group) << "the script wrote no pid";
  std::remove(pid_file.c_str());
  const auto give_up = Clock::now() + std::chrono::seconds(3);
  while (GroupHasLiveProcess(group) && Clock::now() < give_up) {
    std::this_thread::yield();
  }
  EXPECT_FALSE(GroupHasLiveProcess(group)) << "process group " << group;
}

TEST(ExecProbeTest, MegabytesOfOutputAreCutAndFlagged) {
  const ProbeResult result =
      RunArgv({"/bin/sh", "-c",
               "echo 'OK big | size=5B'; head -c 20000000 /dev/zero; exit 0"});
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(result.message, "OK big");
  EXPECT_EQ(SampleValue(result, "output_truncated"), 1);
  EXPECT_EQ(SampleValue(result, "perfdata_bytes", {{"label", "size"}}), 5);
  EXPECT_LT(result.details_json.size(), 4096U);
}

TEST(ExecProbeTest, AnItemCutByTheCapIsNotReadAsANumber) {
  // "OK | a=2 ", 1007 spaces and one more: "big=123456789" straddles byte
  // 1024, so the cap keeps "big=123", which must not count.
  const ProbeResult result = RunCheck(
      json{{"command",
            {"/bin/sh", "-c", "printf 'OK | a=2 %1007s big=123456789\\n' ''"}},
           {"max_output_bytes", 1024}});
  EXPECT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(SampleValue(result, "output_truncated"), 1);
  EXPECT_EQ(SampleValue(result, "perfdata_value", {{"label", "a"}}), 2);
  EXPECT_FALSE(
      SampleValue(result, "perfdata_value", {{"label", "big"}}).has_value());
}

TEST(ExecProbeTest, EnvIsAddedOverLcAllC) {
  const std::string script =
      "echo \"$LC_ALL ${HOME-unset} $STACKPROBE_X | x=$STACKPROBE_X\"";
  const ProbeResult isolated =
      RunCheck(json{{"command", {"/bin/sh", "-c", script}},
                    {"env", {{"STACKPROBE_X", "42"}}},
                    {"inherit_env", false}});
  EXPECT_EQ(isolated.message, "C unset 42");
  EXPECT_EQ(SampleValue(isolated, "perfdata_value", {{"label", "x"}}), 42);

  const ProbeResult overridden =
      RunCheck(json{{"command", {"/bin/sh", "-c", script}},
                    {"env", {{"STACKPROBE_X", "1"}, {"LC_ALL", "C.UTF-8"}}},
                    {"inherit_env", false}});
  EXPECT_EQ(overridden.message, "C.UTF-8 unset 1");
}

TEST(ExecProbeTest, TheSchemaRefusesAnEnvNameWithAnEqualsSign) {
  try {
    HostConfig(kConfigSchema,
               R"({"command": ["/bin/true"], "env": {"A=B": "x"}})");
    FAIL() << "accepted";
  } catch (const stackprobe::testing::SchemaViolation& e) {
    EXPECT_EQ(std::string(e.what()).rfind("env", 0), 0U) << e.what();
  }
}

TEST(ExecProbeTest, JsonOutputGivesStateReasonMessageAndMetrics) {
  const ProbeResult result = RunCheck(
      json{{"command",
            {"/bin/sh", "-c",
             "echo '{\"state\": \"degraded\", \"reason\": \"http_status\", "
             "\"message\": \"slow 503s\", \"metrics\": {\"queue\": 12}}'"}},
           {"output", "json"}});
  EXPECT_EQ(result.state, State::kDegraded) << result.message;
  EXPECT_EQ(result.reason, "http_status");
  EXPECT_EQ(result.message, "slow 503s");
  EXPECT_EQ(SampleValue(result, "metric", {{"name", "queue"}}), 12);
}

TEST(ExecProbeTest, JsonOutputThatIsNotAVerdictIsAnError) {
  const ProbeResult garbage =
      RunCheck(json{{"command", {"/bin/sh", "-c", "echo 'OK - not json'"}},
                    {"output", "json"}});
  EXPECT_EQ(garbage.state, State::kError);
  EXPECT_EQ(garbage.reason, "bad_body");
  EXPECT_EQ(garbage.message.rfind("stdout (exit code 0): not JSON", 0), 0U)
      << garbage.message;

  const ProbeResult huge =
      RunCheck(json{{"command",
                     {"/bin/sh", "-c",
                      "echo '{\"state\": \"up\", \"message\": \"'; "
                      "head -c 200000 /dev/zero | tr '\\0' x; "
                      "echo '\"}'"}},
                    {"output", "json"}});
  EXPECT_EQ(huge.state, State::kError);
  EXPECT_EQ(huge.reason, "body_too_large");
  EXPECT_EQ(SampleValue(huge, "output_truncated"), 1);
}

}  // namespace
}  // namespace stackprobe::exec
