// SPDX-License-Identifier: Apache-2.0
#include "host/name_resolver.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

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

// A DNS server that never answers, as seen from getaddrinfo.
int HangingLookup(const char*, const char*, const addrinfo*, addrinfo**) {
  ++lookups;
  std::this_thread::sleep_for(3s);
  return EAI_AGAIN;
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
}

TEST(NameResolverTest, CancellationEndsAHangingLookup) {
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
