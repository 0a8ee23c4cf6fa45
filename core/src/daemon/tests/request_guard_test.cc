// SPDX-License-Identifier: Apache-2.0
#include "daemon/request_guard.h"

#include <gtest/gtest.h>

namespace stackprobe::daemon {
namespace {

using Names = std::vector<std::string>;

http::Request With(std::string method,
                   std::vector<std::pair<std::string, std::string>> headers) {
  http::Request request;
  request.method = std::move(method);
  request.target = request.path = "/-/reload";
  request.headers = std::move(headers);
  return request;
}

TEST(HostAllowedTest, AddressesLocalhostThisHostAndListedNames) {
  const Names allowed = {"stackprobe.lan"};
  const Names here = {"box.example.org", "box"};
  for (const char* host :
       {"127.0.0.1:9877", "127.0.0.1", "[::1]:9877", "10.0.0.7:9877",
        "localhost:9877", "LOCALHOST", "localhost.:9877", "box:9877",
        "Box.Example.Org", "stackprobe.lan:443", ""}) {
    EXPECT_TRUE(HostAllowed(host, allowed, here)) << host;
  }
  for (const char* host :
       {"evil.example:9877", "attacker.test", "127.0.0.1.nip.io:9877",
        "localhost.evil.example", "[::1", "stackprobe.lan.evil.example"}) {
    EXPECT_FALSE(HostAllowed(host, allowed, here)) << host;
  }
}

TEST(RefuseRequestTest, AForeignHostIsMisdirected) {
  const auto refusal = RefuseRequest(
      With("GET", {{"host", "rebound.example:9877"}}), false, {}, {});
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->status, 421);
  EXPECT_NE(refusal->body.find("api.allowed_hosts"), std::string::npos);
  EXPECT_FALSE(
      RefuseRequest(With("GET", {{"host", "127.0.0.1:9877"}}), false, {}, {})
          .has_value());
}

TEST(RefuseRequestTest, StateChangesFromAnotherSiteOrAsAFormAreRefused) {
  const std::pair<std::string, std::string> host = {"host", "127.0.0.1:9877"};
  for (const auto& headers :
       std::vector<std::vector<std::pair<std::string, std::string>>>{
           {host, {"origin", "https://evil.example"}},
           {host, {"origin", "null"}},
           {host, {"content-type", "text/plain;charset=UTF-8"}},
           {host, {"content-type", "application/x-www-form-urlencoded"}},
           {host, {"content-type", "Multipart/Form-Data; boundary=x"}}}) {
    const auto refusal = RefuseRequest(With("POST", headers), true, {}, {});
    ASSERT_TRUE(refusal.has_value()) << headers[1].second;
    EXPECT_EQ(refusal->status, 403) << headers[1].second;
  }
  for (const auto& headers :
       std::vector<std::vector<std::pair<std::string, std::string>>>{
           {host},
           {host, {"origin", "http://127.0.0.1:9877"}},
           {host, {"origin", "http://localhost:3000"}},
           {host, {"content-type", "application/json"}}}) {
    EXPECT_FALSE(RefuseRequest(With("POST", headers), true, {}, {}))
        << (headers.size() > 1 ? headers[1].second : "no header");
  }
  // Reading is not a state change: a foreign Origin may read (a dashboard
  // on another port fetching /api/v1/status).
  EXPECT_FALSE(RefuseRequest(With("GET", {host, {"origin", "http://x.test"}}),
                             false, {}, {}));
}

TEST(RefuseCrossSiteFetchTest, PagesOfOtherSitesMayNotMakeItProbe) {
  // An <img src="http://127.0.0.1:9877/probe?..."> on any page: a GET
  // without Origin and with an accepted Host, but browsers say where from.
  for (const char* site : {"cross-site", "same-site", "Cross-Site"}) {
    const auto refusal = RefuseCrossSiteFetch(
        With("GET", {{"host", "127.0.0.1:9877"}, {"sec-fetch-site", site}}));
    ASSERT_TRUE(refusal.has_value()) << site;
    EXPECT_EQ(refusal->status, 403) << site;
    EXPECT_NE(refusal->body.find("Sec-Fetch-Site"), std::string::npos);
  }
  // Prometheus and curl send none; the exporter's own pages and an address
  // typed by the user are fine.
  EXPECT_FALSE(RefuseCrossSiteFetch(With("GET", {{"host", "127.0.0.1"}})));
  for (const char* site : {"same-origin", "none"}) {
    EXPECT_FALSE(RefuseCrossSiteFetch(
        With("GET", {{"host", "127.0.0.1:9877"}, {"sec-fetch-site", site}})))
        << site;
  }
}

}  // namespace
}  // namespace stackprobe::daemon
