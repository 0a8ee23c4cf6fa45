// SPDX-License-Identifier: Apache-2.0
//
// /probe?probe=NAME&target=URL runs a one-off copy of a configured probe
// against another target, blackbox style.
#include <gtest/gtest.h>

#include "daemon_process.h"
#include "support/test_http_server.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

TEST(ProbeTargetTest, RunsTheConfiguredProbeAgainstTheGivenTarget) {
  TestHttpServer target([](const ReceivedRequest& request) {
    return request.Path() == "/health" ? JsonResponse(200, R"({"status":"ok"})")
                                       : JsonResponse(404, "{}");
  });
  TempDir dir;
  const auto port = FreeLoopbackPort();
  const auto config = dir.Write(
      "stackprobe.yml", ConfigText(port, STACKPROBE_BUILD_PLUGIN_DIR, R"(
probes:
  - name: web
    plugin: http
    interval: 1h
    config:
      url: "http://127.0.0.1:1/"
      json_assertions: [{pointer: /status, op: "==", value: ok}]
)"));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();

  const auto good = daemon.Request(
      "GET", "/probe?probe=web&target=" + target.BaseUrl() + "/health");
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_NE(good.body.find("probe_success 1"), std::string::npos) << good.body;
  const auto missing = daemon.Request(
      "GET", "/probe?probe=web&target=" + target.BaseUrl() + "/nope");
  EXPECT_NE(missing.body.find("probe_success 0"), std::string::npos);
  // The configured target itself is untouched by one-off runs.
  EXPECT_NE(
      daemon.Request("GET", "/probe?probe=web").body.find("probe_success 0"),
      std::string::npos);
  EXPECT_EQ(daemon.Request("GET", "/probe?probe=nope&target=x").status, 400);
  // A NUL (or any control character) would cut the URL short at the C
  // boundary and probe a different target than the one asked for.
  for (const char* control : {"%00", "%0A", "%0D", "%7F"}) {
    const auto cut =
        daemon.Request("GET", "/probe?probe=web&target=" + target.BaseUrl() +
                                  "/health" + control + "evil");
    EXPECT_EQ(cut.status, 400) << control << ": " << cut.body;
    EXPECT_NE(cut.body.find("control character"), std::string::npos)
        << cut.body;
  }
  EXPECT_EQ(target.Requests().size(), 2u)
      << "only the two good requests reached the target";
}

}  // namespace
}  // namespace stackprobe::testing
