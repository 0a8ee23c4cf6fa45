// SPDX-License-Identifier: Apache-2.0
//
// No client can take the server from the others: not by holding every
// connection slot, not by keeping the password checks busy, not by leaving
// large responses unread.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "http/tests/test_client.h"

namespace stackprobe::http {
namespace {

using namespace std::chrono_literals;
using testing::Fetch;
using testing::RawClient;
using testing::TestServer;
using testing::WaitFor;

constexpr char kScrape[] = "GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n";

Router Routes() {
  Router router;
  router.Add("/metrics", {"GET"}, [](const Request&) {
    Response response;
    response.body = "up 1\n";
    return response;
  });
  router.Add(
      "/probe", {"GET"},
      [](const Request&) {
        Response response;
        response.body = "probe_success 1\n";
        return response;
      },
      Router::Dispatch::kBlocking);
  router.Add("/big", {"GET"}, [](const Request&) {
    Response response;
    response.body = std::string(std::size_t{16} * 1024 * 1024, 'm');
    return response;
  });
  return router;
}

std::vector<std::unique_ptr<RawClient>> Open(const TestServer& server, int n,
                                             const std::string& first_bytes) {
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < n; ++i) {
    clients.push_back(std::make_unique<RawClient>(server.HostPort()));
    if (!first_bytes.empty()) {
      EXPECT_TRUE(clients.back()->Send(first_bytes));
    }
  }
  return clients;
}

// 520 idle connections from one client made every other client's scrape
// fail: now each address holds a share, and a full server closes the
// connection that waited longest for room.
TEST(ServerFairnessTest, OneClientCannotHoldEverySlot) {
  ServerOptions options;
  options.max_connections = 16;
  options.max_connections_per_client = 8;
  TestServer server(Routes(), options);
  const auto idle = Open(server, 20, "");
  ASSERT_TRUE(WaitFor(
      [&] { return server.server().Stats().connections_open <= 8; }, 5000ms));
  for (int i = 0; i < 10; ++i) {
    RawClient other(server.HostPort(), "127.0.0.2");
    ASSERT_TRUE(other.Send(kScrape));
    EXPECT_NE(other.ReadResponse(5000ms).find("up 1"), std::string::npos)
        << "scrape " << i;
  }
  EXPECT_GE(server.server().Stats().connections_evicted, 12u);
}

// Slow senders (a header that never ends) from the scraper's own address:
// its new connection takes the place of the one that waited longest.
TEST(ServerFairnessTest, AScrapeGetsThroughSlowConnectionsFromItsOwnAddress) {
  ServerOptions options;
  options.max_connections = 16;
  TestServer server(Routes(), options);
  const auto slow = Open(server, 16, "GET /metrics HTTP/1.1\r\nHo");
  ASSERT_TRUE(WaitFor(
      [&] { return server.server().Stats().connections_accepted == 16; },
      5000ms));
  for (int i = 0; i < 5; ++i) {
    const auto scrape = Fetch(server.Url("/metrics"));
    EXPECT_EQ(scrape.status, 200) << scrape.error;
  }
  EXPECT_EQ(server.server().Stats().connections_rejected_limit, 0u);
}

// An authenticator whose check takes as long as a bcrypt run and fails,
// except for credentials it has seen before (QuickCheck allows them).
class SlowPasswords : public Authenticator {
 public:
  Verdict QuickCheck(std::string_view authorization) const override {
    if (authorization.empty()) return Verdict::kDeny;
    return authorization == "Basic known" ? Verdict::kAllow
                                          : Verdict::kNeedsCheck;
  }
  bool Check(std::string_view) const override {
    std::this_thread::sleep_for(200ms);
    return false;
  }
  std::string Challenge() const override { return "Basic realm=\"t\""; }
};

// 80 wrong-password connections turned most authenticated /probe calls
// into 503: password checks now have threads and a queue of their own.
TEST(ServerFairnessTest, WrongPasswordsCannotStarveAuthenticatedHandlers) {
  ServerOptions options;
  options.blocking_threads = 2;
  options.blocking_queue_size = 2;
  options.auth_threads = 2;
  options.auth_queue_size = 4;
  auto policy = std::make_shared<SecurityPolicy>();
  policy->authenticator = std::make_shared<SlowPasswords>();
  options.security = [policy] { return policy; };
  TestServer server(Routes(), options);
  const auto guessing = Open(
      server, 40,
      "GET /metrics HTTP/1.1\r\nHost: t\r\nAuthorization: Basic guess\r\n\r\n");
  ASSERT_TRUE(WaitFor(
      [&] { return server.server().Stats().auth_rejected >= 30; }, 5000ms));
  for (int i = 0; i < 5; ++i) {
    const auto probe =
        Fetch(server.Url("/probe"), "GET", {"Authorization: Basic known"});
    EXPECT_EQ(probe.status, 200) << "probe " << i;
  }
  EXPECT_EQ(server.server().Stats().blocking_rejected, 0u);
}

// Clients that never read a large response each pinned a copy of it: the
// bodies waiting to be written are bounded in sum, beyond it 503.
TEST(ServerFairnessTest, UnreadResponsesAreBoundedInSum) {
  ServerOptions options;
  options.max_pending_response_bytes = std::size_t{32} * 1024 * 1024;
  TestServer server(Routes(), options);
  const std::string big = "GET /big HTTP/1.1\r\nHost: t\r\n\r\n";
  const auto readers = Open(server, 2, "");
  for (std::size_t i = 0; i < readers.size(); ++i) {
    ASSERT_TRUE(readers[i]->Send(big));
    ASSERT_TRUE(WaitFor(
        [&] {
          return server.server().Stats().pending_response_bytes >=
                 (i + 1) * 16 * 1024 * 1024;
        },
        5000ms));
  }
  RawClient third(server.HostPort());
  ASSERT_TRUE(third.Send(big));
  const std::string refused = third.ReadResponse(5000ms);
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused.substr(0, 100);
  EXPECT_EQ(server.server().Stats().responses_refused_memory, 1u);
  // Small answers still go out.
  EXPECT_EQ(Fetch(server.Url("/metrics")).status, 200);
}

}  // namespace
}  // namespace stackprobe::http
