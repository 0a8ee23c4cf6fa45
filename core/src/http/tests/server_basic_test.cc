// SPDX-License-Identifier: Apache-2.0
//
// The server's HTTP behaviour seen from real clients on loopback.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "http/server.h"
#include "http/tests/test_client.h"

namespace stackprobe::http {
namespace {

using namespace std::chrono_literals;
using testing::Fetch;
using testing::RawClient;
using testing::TestServer;

std::string BigBody() {
  std::string body;
  for (int i = 0; i < 500; ++i) {
    body +=
        "stackprobe_probe_success{probe=\"p" + std::to_string(i) + "\"} 1\n";
  }
  return body;
}

Router BasicRouter() {
  Router router;
  router.Add("/metrics", {"GET"}, [](const Request&) {
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = "up 1\n";
    return response;
  });
  router.Add("/big", {"GET"}, [](const Request&) {
    Response response;
    response.body = BigBody();
    return response;
  });
  router.Add("/echo", {"GET", "POST"}, [](const Request& request) {
    Response response;
    response.body = request.method + " " + request.path +
                    " q=" + request.QueryParam("probe").value_or("<none>") +
                    " body=" + request.body +
                    " from=" + request.remote_address +
                    (request.remote_is_loopback ? " loopback" : "");
    response.headers.emplace_back("X-Target", request.target);
    return response;
  });
  router.Add("/boom", {"GET"}, [](const Request&) -> Response {
    throw std::runtime_error("handler bug");
  });
  return router;
}

TEST(ServerBasicTest, MatchesPathsExactly) {
  TestServer server(BasicRouter());
  const auto metrics = Fetch(server.Url("/metrics"));
  EXPECT_EQ(metrics.status, 200) << metrics.error;
  EXPECT_EQ(metrics.body, "up 1\n");
  EXPECT_EQ(metrics.Header("content-type"),
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(metrics.Header("server"), "stackprobe");
  EXPECT_EQ(Fetch(server.Url("/metricsX")).status, 404);
  EXPECT_EQ(Fetch(server.Url("/metrics/")).status, 404);
  EXPECT_EQ(Fetch(server.Url("/metrics?x=1")).status, 200);
}

TEST(ServerBasicTest, HeadHasContentLengthAndNoBody) {
  TestServer server(BasicRouter());
  RawClient client(server.HostPort());
  ASSERT_TRUE(client.Send(
      "HEAD /big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  const std::string raw = client.ReadUntilClose(5000ms);
  ASSERT_TRUE(client.closed());
  EXPECT_EQ(raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(
      raw.find("Content-Length: " + std::to_string(BigBody().size()) + "\r\n"),
      std::string::npos)
      << raw;
  EXPECT_EQ(raw.find("\r\n\r\n") + 4, raw.size()) << "HEAD sent a body";
}

TEST(ServerBasicTest, WrongMethodIs405WithAllow) {
  TestServer server(BasicRouter());
  const auto result = Fetch(server.Url("/metrics"), "POST", {}, "x");
  EXPECT_EQ(result.status, 405);
  EXPECT_EQ(result.Header("allow"), "GET, HEAD");
}

TEST(ServerBasicTest, GzipRoundTripAndQZero) {
  TestServer server(BasicRouter());
  const auto gzipped =
      Fetch(server.Url("/big"), "GET", {"Accept-Encoding: gzip, deflate"});
  ASSERT_EQ(gzipped.status, 200) << gzipped.error;
  EXPECT_EQ(gzipped.Header("content-encoding"), "gzip");
  EXPECT_EQ(gzipped.Header("vary"), "Accept-Encoding");
  EXPECT_LT(gzipped.body.size(), BigBody().size() / 3);
  EXPECT_EQ(testing::Gunzip(gzipped.body), BigBody());

  const auto refused =
      Fetch(server.Url("/big"), "GET", {"Accept-Encoding: gzip;q=0"});
  EXPECT_FALSE(refused.Has("content-encoding"));
  EXPECT_EQ(refused.body, BigBody());

  const auto small =
      Fetch(server.Url("/metrics"), "GET", {"Accept-Encoding: gzip"});
  EXPECT_FALSE(small.Has("content-encoding"));
  EXPECT_EQ(small.body, "up 1\n");
}

TEST(ServerBasicTest, DecodesQueryAndPassesBodyAndPeer) {
  TestServer server(BasicRouter());
  const auto result =
      Fetch(server.Url("/echo?probe=my%20db%26x&z=1"), "POST", {}, "payload");
  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.body,
            "POST /echo q=my db&x body=payload from=127.0.0.1 loopback");
  EXPECT_EQ(result.Header("x-target"), "/echo?probe=my%20db%26x&z=1");
}

TEST(ServerBasicTest, HandlerExceptionIs500AndServerKeepsServing) {
  TestServer server(BasicRouter());
  testing::HttpClient client;
  const auto boom = client.Fetch(server.Url("/boom"));
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.body.find("handler bug"), std::string::npos);
  EXPECT_EQ(client.Fetch(server.Url("/metrics")).status, 200);
  EXPECT_EQ(server.server().Stats().handler_errors, 1u);
  EXPECT_EQ(server.server().Stats().requests_total, 2u);
}

TEST(ServerBasicTest, KeepAliveServesManyRequestsOnOneConnection) {
  TestServer server(BasicRouter());
  RawClient client(server.HostPort());
  // Two pipelined requests, then a third after the answers.
  ASSERT_TRUE(
      client.Send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n"
                  "GET /echo?probe=a HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_NE(client.ReadResponse(5000ms).find("up 1"), std::string::npos);
  EXPECT_NE(client.ReadResponse(5000ms).find("q=a"), std::string::npos);
  ASSERT_TRUE(client.Send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_NE(client.ReadResponse(5000ms).find("up 1"), std::string::npos);
  EXPECT_EQ(server.server().Stats().connections_accepted, 1u);
}

TEST(ServerBasicTest, Http10ClosesUnlessKeepAliveAsked) {
  TestServer server(BasicRouter());
  RawClient plain(server.HostPort());
  ASSERT_TRUE(plain.Send("GET /metrics HTTP/1.0\r\n\r\n"));
  const std::string raw = plain.ReadUntilClose(5000ms);
  EXPECT_TRUE(plain.closed());
  EXPECT_EQ(raw.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("\r\n\r\nup 1\n"), std::string::npos) << raw;

  RawClient kept(server.HostPort());
  ASSERT_TRUE(
      kept.Send("GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_NE(kept.ReadResponse(5000ms).find("up 1"), std::string::npos);
  ASSERT_TRUE(
      kept.Send("GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_NE(kept.ReadResponse(5000ms).find("up 1"), std::string::npos);
}

TEST(ServerBasicTest, AnswersExpectContinueBeforeTheBody) {
  TestServer server(BasicRouter());
  RawClient client(server.HostPort());
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
                  "Expect: 100-continue\r\n\r\n"));
  EXPECT_EQ(client.ReadResponse(5000ms), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(client.Send("hello"));
  const std::string response = client.ReadResponse(5000ms);
  EXPECT_NE(response.find("body=hello"), std::string::npos) << response;
}

TEST(ServerBasicTest, MalformedRequestIs400) {
  TestServer server(BasicRouter());
  RawClient client(server.HostPort());
  ASSERT_TRUE(client.Send("GET /metrics HTTP/9.x\r\n\r\n"));
  const std::string raw = client.ReadUntilClose(5000ms);
  EXPECT_EQ(raw.rfind("HTTP/1.1 400", 0), 0u) << raw;
  EXPECT_TRUE(client.closed());
}

TEST(ServerBasicTest, ServesIpv6AndLocalhost) {
  ServerOptions options;
  options.listen = {"[::1]:0", "localhost:0"};
  TestServer server(BasicRouter(), options);
  const auto bound = server.server().BoundAddresses();
  ASSERT_EQ(bound.size(), 2u);
  EXPECT_EQ(bound[0].rfind("[::1]:", 0), 0u) << bound[0];
  EXPECT_NE(bound[0], "[::1]:0");
  EXPECT_EQ(bound[1].rfind("127.0.0.1:", 0), 0u) << bound[1];
  const auto v6 = Fetch("http://" + bound[0] + "/echo");
  EXPECT_EQ(v6.status, 200) << v6.error;
  EXPECT_EQ(v6.body, "GET /echo q=<none> body= from=::1 loopback");
  EXPECT_EQ(Fetch("http://" + bound[1] + "/metrics").status, 200);
}

TEST(ServerBasicTest, BusyPortFailsWithAddressInMessage) {
  TestServer first(BasicRouter());
  ServerOptions options;
  options.listen = {"127.0.0.1:0", first.HostPort()};
  Server second(options, BasicRouter());
  try {
    second.Start();
    FAIL() << "second bind succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on " + first.HostPort() +
                                         ": Address already in use");
  }
  EXPECT_TRUE(second.BoundAddresses().empty());
  EXPECT_EQ(Fetch(first.Url("/metrics")).status, 200);
}

TEST(ServerBasicTest, MalformedListenAddressThrows) {
  ServerOptions options;
  options.listen = {"nonsense"};
  Server server(options, BasicRouter());
  EXPECT_THROW(server.Start(), std::invalid_argument);
}

}  // namespace
}  // namespace stackprobe::http
