// SPDX-License-Identifier: Apache-2.0
//
// Load, limits and timeouts: what keeps clients from hurting the daemon or
// each other.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
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
using testing::SecondsSince;
using testing::TestServer;
using testing::WaitFor;

// A kBlocking handler that holds its thread until released (or 2 s pass),
// like /probe running a slow probe.
struct Gate {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> in_flight{0};
};

Router GatedRouter(Gate& gate) {
  Router router;
  router.Add("/metrics", {"GET"}, [](const Request&) {
    Response response;
    response.body = "up 1\n";
    return response;
  });
  router.Add(
      "/probe", {"GET"},
      [&gate](const Request&) {
        gate.in_flight.fetch_add(1);
        gate.released.wait_for(std::chrono::seconds(2));
        gate.in_flight.fetch_sub(1);
        Response response;
        response.body = "probe_success 1\n";
        return response;
      },
      Router::Dispatch::kBlocking);
  router.Add("/upload", {"POST"}, [](const Request& request) {
    Response response;
    response.body = std::to_string(request.body.size());
    return response;
  });
  return router;
}

TEST(ServerLimitsTest, ManyConcurrentKeepAliveClients) {
  Gate gate;
  TestServer server(GatedRouter(gate));
  constexpr int kClients = 64;
  constexpr int kRequests = 20;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  clients.reserve(kClients);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      testing::HttpClient client;
      for (int r = 0; r < kRequests; ++r) {
        const auto result = client.Fetch(server.Url("/metrics"));
        if (result.status == 200 && result.body == "up 1\n") ok.fetch_add(1);
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
  EXPECT_EQ(server.server().Stats().requests_total,
            static_cast<std::uint64_t>(kClients * kRequests));
  EXPECT_EQ(server.server().Stats().connections_accepted,
            static_cast<std::uint64_t>(kClients))
      << "keep-alive connections were not reused";
}

TEST(ServerLimitsTest, BlockingHandlersDoNotDelayInlineOnes) {
  Gate gate;
  TestServer server(GatedRouter(gate));
  std::vector<std::future<testing::HttpResult>> probes;
  probes.reserve(4);
  for (int i = 0; i < 4; ++i) {
    probes.push_back(std::async(std::launch::async,
                                [&] { return Fetch(server.Url("/probe")); }));
  }
  ASSERT_TRUE(WaitFor([&] { return gate.in_flight.load() == 4; }, 5000ms));
  testing::HttpClient client;
  client.Fetch(server.Url("/metrics"));  // Warms up curl itself.
  const auto start = std::chrono::steady_clock::now();
  const auto metrics = client.Fetch(server.Url("/metrics"));
  const double seconds = SecondsSince(start);
  EXPECT_EQ(metrics.status, 200);
  EXPECT_LT(seconds, 0.050);
  EXPECT_EQ(gate.in_flight.load(), 4) << "probes finished too early";
  gate.release.set_value();
  for (auto& probe : probes) EXPECT_EQ(probe.get().status, 200);
}

TEST(ServerLimitsTest, FullBlockingQueueIs503) {
  Gate gate;
  ServerOptions options;
  options.io_threads = 1;  // No blocking handler runs on the I/O thread.
  options.blocking_threads = 1;
  options.blocking_queue_size = 1;
  TestServer server(GatedRouter(gate), options);
  auto running = std::async(std::launch::async,
                            [&] { return Fetch(server.Url("/probe")); });
  ASSERT_TRUE(WaitFor([&] { return gate.in_flight.load() == 1; }, 5000ms));
  auto queued = std::async(std::launch::async,
                           [&] { return Fetch(server.Url("/probe")); });
  ASSERT_TRUE(WaitFor(
      [&] { return server.server().Stats().blocking_queued == 1; }, 5000ms));
  const auto rejected = Fetch(server.Url("/probe"));
  EXPECT_EQ(rejected.status, 503);
  EXPECT_EQ(rejected.Header("retry-after"), "1");
  EXPECT_EQ(server.server().Stats().blocking_rejected, 1u);
  gate.release.set_value();
  EXPECT_EQ(running.get().status, 200);
  EXPECT_EQ(queued.get().status, 200);
}

// All I/O threads but one run a blocking handler themselves (no hand-off
// to the pool and back); the last one keeps serving.
TEST(ServerLimitsTest, BlockingHandlersRunOnAllButOneIoThread) {
  Gate gate;
  ServerOptions options;
  options.io_threads = 3;
  options.blocking_threads = 1;
  options.blocking_queue_size = 1;
  TestServer server(GatedRouter(gate), options);
  std::vector<std::future<testing::HttpResult>> probes;
  for (int i = 0; i < 3; ++i) {
    probes.push_back(std::async(std::launch::async,
                                [&] { return Fetch(server.Url("/probe")); }));
  }
  // Two on I/O threads, one on the pool's thread.
  ASSERT_TRUE(WaitFor([&] { return gate.in_flight.load() == 3; }, 1500ms))
      << gate.in_flight.load() << " in flight";
  probes.push_back(std::async(std::launch::async,
                              [&] { return Fetch(server.Url("/probe")); }));
  ASSERT_TRUE(WaitFor(
      [&] { return server.server().Stats().blocking_queued == 1; }, 1500ms));
  EXPECT_EQ(Fetch(server.Url("/probe")).status, 503);
  const auto start = std::chrono::steady_clock::now();
  const auto metrics = Fetch(server.Url("/metrics"));
  EXPECT_EQ(metrics.status, 200);
  EXPECT_LT(SecondsSince(start), 0.5);
  gate.release.set_value();
  for (auto& probe : probes) EXPECT_EQ(probe.get().status, 200);
}

TEST(ServerLimitsTest, OversizedHeaderIs431) {
  Gate gate;
  TestServer server(GatedRouter(gate));
  RawClient client(server.HostPort());
  ASSERT_TRUE(client.Send("GET /metrics HTTP/1.1\r\nHost: t\r\nX-Big: " +
                          std::string(20000, 'a') + "\r\n\r\n"));
  const std::string raw = client.ReadUntilClose(5000ms);
  EXPECT_EQ(raw.rfind("HTTP/1.1 431", 0), 0u) << raw.substr(0, 100);
  EXPECT_TRUE(client.closed());
  EXPECT_EQ(server.server().Stats().header_too_large, 1u);
  // A header just under the limit is fine.
  const auto ok = Fetch(server.Url("/metrics"), "GET",
                        {"X-Big: " + std::string(15000, 'a')});
  EXPECT_EQ(ok.status, 200);
}

TEST(ServerLimitsTest, OversizedBodyIs413) {
  Gate gate;
  TestServer server(GatedRouter(gate));
  const auto big = Fetch(server.Url("/upload"), "POST", {"Expect:"},
                         std::string(std::size_t{100} * 1024, 'b'));
  EXPECT_EQ(big.status, 413) << big.error;
  EXPECT_EQ(server.server().Stats().body_too_large, 1u);
  const auto fits = Fetch(server.Url("/upload"), "POST", {},
                          std::string(std::size_t{60} * 1024, 'b'));
  EXPECT_EQ(fits.status, 200) << fits.error;
  EXPECT_EQ(fits.body, std::to_string(60 * 1024));
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

// Sends `prefix`, then `filler` over and over (up to `max_bytes`) until the
// server stops taking it; returns what the server answered.
std::string Flood(RawClient& client, const std::string& prefix,
                  const std::string& filler, std::size_t max_bytes) {
  EXPECT_TRUE(client.Send(prefix));
  for (std::size_t sent = 0; sent < max_bytes; sent += filler.size()) {
    if (!client.Send(filler)) break;
  }
  return client.ReadUntilClose(5000ms);
}

// Beast keeps a chunk header (with its extensions) and the trailer section
// in the read buffer until each is complete: the buffer is bounded, so
// neither can make the daemon grow (a 200 MB trailer took it to ~1 GB).
TEST(ServerLimitsTest, ChunkExtensionsAndTrailersAreBounded) {
  Gate gate;
  TestServer server(GatedRouter(gate));
  const std::size_t before = testing::ResidentBytes();
  constexpr std::size_t kFlood = std::size_t{64} * 1024 * 1024;
  const std::string chunked =
      "POST /upload HTTP/1.1\r\nHost: t\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  {
    RawClient trailers(server.HostPort());
    const std::string raw =
        Flood(trailers, chunked + "1\r\na\r\n0\r\n",
              "X-Pad: " + std::string(4000, 'a') + "\r\n", kFlood);
    EXPECT_EQ(raw.rfind("HTTP/1.1 431", 0), 0u) << raw.substr(0, 100);
  }
  {
    RawClient extensions(server.HostPort());
    const std::string raw =
        Flood(extensions, chunked + "1;ext=", std::string(4096, 'e'), kFlood);
    EXPECT_EQ(raw.rfind("HTTP/1.1 431", 0), 0u) << raw.substr(0, 100);
  }
  EXPECT_EQ(server.server().Stats().framing_too_large, 2u);
  // AddressSanitizer's allocator keeps freed memory in quarantine, so RSS
  // says nothing there; the normal build asserts the bound.
  if (!kAddressSanitizer) {
    EXPECT_LT(testing::ResidentBytes(), before + std::size_t{16} * 1024 * 1024);
  }
  // Trailers and extensions that fit are read as before.
  RawClient fits(server.HostPort());
  ASSERT_TRUE(fits.Send(chunked + "2;name=value\r\nab\r\n0\r\nX-T: 1\r\n\r\n"));
  EXPECT_NE(fits.ReadResponse(5000ms).find("\r\n\r\n2"), std::string::npos);
}

TEST(ServerLimitsTest, SlowHeaderIsClosedWithoutHoldingOthers) {
  Gate gate;
  ServerOptions options;
  options.header_timeout = 500ms;
  options.io_threads = 1;  // Proves the drip does not occupy a thread.
  TestServer server(GatedRouter(gate), options);
  RawClient slow(server.HostPort());
  const std::string request = "GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  std::size_t sent = 0;
  std::future<testing::HttpResult> other;
  // One byte per 100 ms; the wait for the close doubles as the pacing.
  while (sent < 30 && !slow.WaitClosed(100ms)) {
    slow.Send(request.substr(sent % request.size(), 1));
    ++sent;
    if (sent == 2) {
      other = std::async(std::launch::async,
                         [&] { return Fetch(server.Url("/metrics")); });
    }
  }
  const double seconds = SecondsSince(start);
  EXPECT_TRUE(slow.closed());
  EXPECT_GE(seconds, 0.45);
  EXPECT_LT(seconds, 1.0);
  const auto result = other.get();
  EXPECT_EQ(result.status, 200);
  EXPECT_LT(result.seconds, 0.1);
  // The socket closes just before the read completes with the timeout.
  EXPECT_TRUE(
      WaitFor([&] { return server.server().Stats().timeouts == 1; }, 1000ms));
}

TEST(ServerLimitsTest, ConnectionsBeyondTheLimitAreClosedWhenAllAreBusy) {
  Gate gate;
  ServerOptions options;
  options.max_connections = 2;
  TestServer server(GatedRouter(gate), options);
  RawClient first(server.HostPort());
  RawClient second(server.HostPort());
  ASSERT_TRUE(first.Send("GET /probe HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(second.Send("GET /probe HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(WaitFor([&] { return gate.in_flight.load() == 2; }, 5000ms));
  RawClient third(server.HostPort());
  EXPECT_TRUE(third.WaitClosed(2000ms));
  EXPECT_EQ(server.server().Stats().connections_rejected_limit, 1u);
  gate.release.set_value();
  EXPECT_NE(first.ReadResponse(5000ms).find("probe_success"),
            std::string::npos);
}

TEST(ServerLimitsTest, StopIsQuickWithIdleKeepAliveConnections) {
  Gate gate;
  ServerOptions options;
  options.listen = {"127.0.0.1:0"};
  Server server(options, GatedRouter(gate));
  server.Start();
  std::vector<std::unique_ptr<RawClient>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(
        std::make_unique<RawClient>(server.BoundAddresses().at(0)));
    ASSERT_TRUE(
        clients.back()->Send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n"));
    ASSERT_NE(clients.back()->ReadResponse(5000ms).find("up 1"),
              std::string::npos);
  }
  const auto start = std::chrono::steady_clock::now();
  server.Stop();
  EXPECT_LT(SecondsSince(start), 1.0);
  for (auto& client : clients) EXPECT_TRUE(client->WaitClosed(1000ms));
  server.Stop();  // Idempotent.
}

}  // namespace
}  // namespace stackprobe::http
