// SPDX-License-Identifier: Apache-2.0
#include "http/connection_registry.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace stackprobe::http {
namespace {

using Evictions = std::vector<ConnectionRegistry::Evict>;

// An Evict that records which connection it closes.
ConnectionRegistry::Evict Recorder(std::vector<std::string>& closed,
                                   std::string name) {
  return [&closed, name = std::move(name)] { closed.push_back(name); };
}

void RunAll(Evictions& evictions) {
  for (auto& evict : evictions) evict();
  evictions.clear();
}

// Waiting() stamps the time; make the order of two stamps unambiguous.
void Tick() { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }

TEST(ConnectionRegistryTest, AFullServerClosesTheLongestWaitingConnection) {
  ConnectionRegistry registry(3, 3);
  std::vector<std::string> closed;
  Evictions evictions;
  auto a = registry.Admit("10.0.0.1", Recorder(closed, "a"), evictions);
  Tick();
  auto b = registry.Admit("10.0.0.1", Recorder(closed, "b"), evictions);
  Tick();
  auto c = registry.Admit("10.0.0.2", Recorder(closed, "c"), evictions);
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(evictions.empty());
  // a is busy (a handler runs), b waits longest of the rest.
  a->Busy();
  Tick();
  auto d = registry.Admit("10.0.0.3", Recorder(closed, "d"), evictions);
  ASSERT_NE(d, nullptr);
  RunAll(evictions);
  EXPECT_EQ(closed, std::vector<std::string>{"b"});
  EXPECT_EQ(registry.Size(), 3u);
  // The evicted slot is already released: destroying it changes nothing.
  b.reset();
  EXPECT_EQ(registry.Size(), 3u);
  // c waits since its accept, d since now; a finished its response.
  Tick();
  a->Waiting();
  auto e = registry.Admit("10.0.0.3", Recorder(closed, "e"), evictions);
  RunAll(evictions);
  EXPECT_EQ(closed, (std::vector<std::string>{"b", "c"}));
  ASSERT_NE(e, nullptr);
}

TEST(ConnectionRegistryTest, WhenEveryConnectionIsBusyTheNewOneIsRefused) {
  ConnectionRegistry registry(2, 2);
  std::vector<std::string> closed;
  Evictions evictions;
  auto a = registry.Admit("10.0.0.1", Recorder(closed, "a"), evictions);
  auto b = registry.Admit("10.0.0.2", Recorder(closed, "b"), evictions);
  a->Busy();
  b->Busy();
  EXPECT_EQ(registry.Admit("10.0.0.3", Recorder(closed, "c"), evictions),
            nullptr);
  EXPECT_TRUE(evictions.empty());
  // A slot given back makes room.
  b.reset();
  EXPECT_NE(registry.Admit("10.0.0.3", Recorder(closed, "c"), evictions),
            nullptr);
  EXPECT_TRUE(closed.empty());
}

TEST(ConnectionRegistryTest, AClientOverItsShareRecyclesItsOwnConnections) {
  ConnectionRegistry registry(10, 2);
  std::vector<std::string> closed;
  Evictions evictions;
  auto other = registry.Admit("10.0.0.9", Recorder(closed, "other"), evictions);
  Tick();
  auto a = registry.Admit("10.0.0.1", Recorder(closed, "a"), evictions);
  Tick();
  auto b = registry.Admit("10.0.0.1", Recorder(closed, "b"), evictions);
  Tick();
  // The server has room, the client has not: its own oldest goes, not the
  // other client's older one.
  auto c = registry.Admit("10.0.0.1", Recorder(closed, "c"), evictions);
  ASSERT_NE(c, nullptr);
  RunAll(evictions);
  EXPECT_EQ(closed, std::vector<std::string>{"a"});
  // A client whose connections are all busy gets no more.
  b->Busy();
  c->Busy();
  EXPECT_EQ(registry.Admit("10.0.0.1", Recorder(closed, "d"), evictions),
            nullptr);
  EXPECT_NE(registry.Admit("10.0.0.2", Recorder(closed, "e"), evictions),
            nullptr);
}

}  // namespace
}  // namespace stackprobe::http
