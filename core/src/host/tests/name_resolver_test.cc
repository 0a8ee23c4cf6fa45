// SPDX-License-Identifier: Apache-2.0
#include "host/name_resolver.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace stackprobe::host {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

std::atomic<int> lookups{0};

int CountingLookup(const char*, const char*, const addrinfo*, addrinfo**) {
  ++lookups;
  return EAI_FAIL;
}

// A DNS server that does not answer until the test lets it
// (ReleaseAndWaitForTheLookup).
std::mutex hang_mutex;
std::condition_variable hang_released;
bool released = false;  // guarded by hang_mutex
std::atomic<int> hangs_finished{0};

int HangingLookup(const char*, const char*, const addrinfo*, addrinfo**) {
  std::unique_lock<std::mutex> lock(hang_mutex);
  hang_released.wait(lock, [] { return released; });
  ++hangs_finished;
  return EAI_AGAIN;
}

// Makes the next HangingLookup hang.
void HoldTheLookup() {
  std::lock_guard<std::mutex> lock(hang_mutex);
  released = false;
  hangs_finished = 0;
}

// Lets the abandoned lookup answer and waits until it has: its answer goes
// to state the lookup's thread shares, not to the caller's stack, which is
// gone by then.
void ReleaseAndWaitForTheLookup() {
  {
    std::lock_guard<std::mutex> lock(hang_mutex);
    released = true;
  }
  hang_released.notify_all();
  const auto until = Clock::now() + 5s;
  while (hangs_finished.load() == 0 && Clock::now() < until) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(hangs_finished.load(), 1);
}

TEST(NameResolverTest, NumericAddressesNeverCallTheResolver) {
  lookups = 0;
  for (const char* host : {"127.0.0.1", "::1", "192.0.2.7", "2001:db8::1"}) {
    std::vector<StreamAddress> addresses;
    std::string error;
    ASSERT_TRUE(ResolveStream(host, 80, Clock::now() + 5s, nullptr, addresses,
                              error, &CountingLookup))
        << host << ": " << error;
    ASSERT_EQ(addresses.size(), 1u) << host;
  }
  EXPECT_EQ(lookups.load(), 0);

  std::vector<StreamAddress> addresses;
  std::string error;
  ASSERT_TRUE(ResolveStream("127.0.0.1", 8080, Clock::now() + 5s, nullptr,
                            addresses, error, &CountingLookup));
  ASSERT_EQ(addresses[0].family, AF_INET);
  const auto* ipv4 =
      reinterpret_cast<const sockaddr_in*>(&addresses[0].address);
  EXPECT_EQ(ntohs(ipv4->sin_port), 8080);
  EXPECT_EQ(ntohl(ipv4->sin_addr.s_addr), INADDR_LOOPBACK);
}

TEST(NameResolverTest, ANameGoesToTheResolverAndItsFailureIsReported) {
  lookups = 0;
  std::vector<StreamAddress> addresses;
  std::string error;
  EXPECT_FALSE(ResolveStream("db.internal", 5432, Clock::now() + 5s, nullptr,
                             addresses, error, &CountingLookup));
  EXPECT_EQ(lookups.load(), 1);
  EXPECT_EQ(error,
            std::string("resolve db.internal: ") + gai_strerror(EAI_FAIL));
}

TEST(NameResolverTest, AHangingLookupEndsAtTheDeadline) {
  HoldTheLookup();
  std::vector<StreamAddress> addresses;
  std::string error;
  const auto start = Clock::now();
  EXPECT_FALSE(ResolveStream("hangs.example", 80, start + 300ms, nullptr,
                             addresses, error, &HangingLookup));
  const auto took = Clock::now() - start;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 1500ms);
  EXPECT_EQ(error, "resolve hangs.example: deadline passed");
  EXPECT_TRUE(addresses.empty());
  ReleaseAndWaitForTheLookup();
}

TEST(NameResolverTest, CancellationEndsAHangingLookup) {
  HoldTheLookup();
  std::vector<StreamAddress> addresses;
  std::string error;
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancelled = true;
  });
  const auto start = Clock::now();
  EXPECT_FALSE(ResolveStream("hangs.example", 80, start + 10s, &cancelled,
                             addresses, error, &HangingLookup));
  canceller.join();
  EXPECT_LT(Clock::now() - start, 1500ms);
  EXPECT_EQ(error, "resolve hangs.example: cancelled");
  ReleaseAndWaitForTheLookup();
}

TEST(NameResolverTest, ResolvesLocalhostWithTheSystemResolver) {
  std::vector<StreamAddress> addresses;
  std::string error;
  ASSERT_TRUE(ResolveStream("localhost", 80, Clock::now() + 5s, nullptr,
                            addresses, error))
      << error;
  EXPECT_FALSE(addresses.empty());
}

}  // namespace
}  // namespace stackprobe::host
