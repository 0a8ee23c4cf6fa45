// SPDX-License-Identifier: Apache-2.0
//
// /probe?probe=NAME&target=URL runs a one-off copy of a configured probe
// against another target, blackbox style, for probes configured with
// allow_target: true. Credentials stay behind on another origin, and pages
// of other sites cannot make the exporter probe.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon_process.h"
#include "support/test_http_server.h"
#include "test_config.h"

namespace stackprobe::testing {
namespace {

// The requests `server` received for `path`.
std::vector<ReceivedRequest> RequestsFor(const TestHttpServer& server,
                                         const std::string& path) {
  std::vector<ReceivedRequest> found;
  for (const auto& request : server.Requests()) {
    if (request.Path() == path) found.push_back(request);
  }
  return found;
}

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
    allow_target: true
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

TEST(ProbeTargetTest, AProbeWithoutAllowTargetRefusesTargetsWith403) {
  TestHttpServer service([](const ReceivedRequest&) {
    return JsonResponse(200, R"({"status":"ok"})");
  });
  TestHttpServer target([](const ReceivedRequest&) {
    return JsonResponse(200, R"({"status":"ok"})");
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
      url: ")" + service.BaseUrl() + R"(/health"
)"));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();

  const auto refused = daemon.Request(
      "GET", "/probe?probe=web&target=" + target.BaseUrl() + "/health");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.body,
            "probe web does not accept target= (set allow_target: true in its "
            "config)\n");
  EXPECT_TRUE(target.Requests().empty());
  // Running the probe as configured is unchanged.
  const auto plain = daemon.Request("GET", "/probe?probe=web");
  EXPECT_EQ(plain.status, 200) << plain.body;
  EXPECT_NE(plain.body.find("probe_success 1"), std::string::npos)
      << plain.body;
}

TEST(ProbeTargetTest, CredentialsGoOnlyToTheConfiguredOrigin) {
  TestHttpServer service(
      [](const ReceivedRequest&) { return JsonResponse(200, "{}"); });
  TestHttpServer other(
      [](const ReceivedRequest&) { return JsonResponse(200, "{}"); });
  const std::string service_url =
      "http://probe-user:userinfo-s3cret@127.0.0.1:" +
      std::to_string(service.port());
  TempDir dir;
  const auto port = FreeLoopbackPort();
  const auto config = dir.Write(
      "stackprobe.yml", ConfigText(port, STACKPROBE_BUILD_PLUGIN_DIR, R"(
probes:
  - name: web
    plugin: http
    interval: 1h
    allow_target: true
    config:
      url: ")" + service_url + R"(/health"
      headers: {Authorization: "Bearer header-s3cret"}
  - name: qdrant
    plugin: qdrant
    interval: 1h
    allow_target: true
    config:
      base_url: ")" + service.BaseUrl() + R"("
      api_key: api-key-s3cret
      expected_collections: []
)"));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();

  // Another origin (another port): neither the headers, nor the API key,
  // nor the configured URL's userinfo go along.
  EXPECT_EQ(daemon
                .Request("GET", "/probe?probe=web&target=" + other.BaseUrl() +
                                    "/elsewhere")
                .status,
            200);
  EXPECT_EQ(
      daemon.Request("GET", "/probe?probe=qdrant&target=" + other.BaseUrl())
          .status,
      200);
  ASSERT_FALSE(other.Requests().empty());
  for (const auto& request : other.Requests()) {
    SCOPED_TRACE(request.target);
    EXPECT_EQ(request.Header("authorization"), "");
    EXPECT_EQ(request.Header("api-key"), "");
  }
  // The configured origin, another path: the credentials are the probe's
  // own and go along.
  EXPECT_EQ(daemon
                .Request("GET", "/probe?probe=web&target=" + service.BaseUrl() +
                                    "/other")
                .status,
            200);
  const auto same_origin = RequestsFor(service, "/other");
  ASSERT_EQ(same_origin.size(), 1U);
  EXPECT_EQ(same_origin[0].Header("authorization"), "Bearer header-s3cret");
  const std::size_t before = service.Requests().size();
  EXPECT_EQ(daemon
                .Request("GET", "/probe?probe=qdrant&target=" +
                                    service.BaseUrl() + "/qdrant")
                .status,
            200);
  const auto requests = service.Requests();
  ASSERT_GT(requests.size(), before);
  for (std::size_t i = before; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i].target.rfind("/qdrant/", 0), 0U)
        << requests[i].target;
    EXPECT_EQ(requests[i].Header("api-key"), "api-key-s3cret")
        << requests[i].target;
  }
}

TEST(ProbeTargetTest, PagesOfOtherSitesCannotMakeItProbe) {
  TestHttpServer target(
      [](const ReceivedRequest&) { return JsonResponse(200, "{}"); });
  TempDir dir;
  const auto port = FreeLoopbackPort();
  const auto config = dir.Write(
      "stackprobe.yml", ConfigText(port, STACKPROBE_BUILD_PLUGIN_DIR, R"(
probes:
  - name: web
    plugin: http
    interval: 1h
    allow_target: true
    config:
      url: "http://127.0.0.1:1/"
)"));
  DaemonProcess daemon(STACKPROBE_BINARY, {"--config", config, "serve"}, port);
  ASSERT_TRUE(daemon.ready()) << daemon.Log();

  // An <img> on any page: a plain GET with an accepted Host and no Origin.
  const std::string probe_target =
      "/probe?probe=web&target=" + target.BaseUrl() + "/health";
  for (const char* site : {"cross-site", "same-site"}) {
    for (const std::string& path :
         {probe_target, std::string("/probe?probe=web")}) {
      const auto refused =
          daemon.Request("GET", path, {{"Sec-Fetch-Site", site}});
      EXPECT_EQ(refused.status, 403) << site << " " << path;
    }
  }
  EXPECT_TRUE(target.Requests().empty());
  // The address typed by the user, and the exporter's own pages.
  for (const char* site : {"none", "same-origin"}) {
    EXPECT_EQ(
        daemon.Request("GET", probe_target, {{"Sec-Fetch-Site", site}}).status,
        200)
        << site;
  }
  EXPECT_EQ(target.Requests().size(), 2U);
}

}  // namespace
}  // namespace stackprobe::testing
