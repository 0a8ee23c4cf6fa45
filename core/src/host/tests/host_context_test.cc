// SPDX-License-Identifier: Apache-2.0
#include "host/host_context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <thread>
#include <vector>

#include "host/http_client.h"
#include "support/fake_context.h"
#include "support/test_http_server.h"

namespace stackprobe::host {
namespace {

using namespace std::chrono_literals;
using ::stackprobe::testing::FakeActionContext;
using ::stackprobe::testing::FakeProbeContext;
using ::stackprobe::testing::ReceivedRequest;
using ::stackprobe::testing::TestHttpServer;
using ::stackprobe::testing::TextResponse;
using ::testing::ElementsAre;
using Clock = std::chrono::steady_clock;

TEST(HostContextTest, LatestResultGoesThroughTheCallback) {
  HostServices services;
  services.latest_result = [](const std::string& probe, ProbeRecord& out) {
    if (probe != "qdrant") return false;
    out.probe = probe;
    out.has_run = true;
    out.result.state = State::kDegraded;
    return true;
  };
  ProbeContextImpl context(services, "checker", Clock::now() + 5s, nullptr);
  ProbeRecord record;
  ASSERT_TRUE(context.LatestResult("qdrant", record));
  EXPECT_EQ(record.probe, "qdrant");
  EXPECT_EQ(record.result.state, State::kDegraded);
  EXPECT_FALSE(context.LatestResult("ollama", record));
  EXPECT_EQ(context.InstanceName(), "checker");
}

TEST(HostContextTest, UnsetCallbacksAnswerNothing) {
  HostServices services;
  ActionContextImpl context(services, "start", Clock::now() + 5s, nullptr);
  ProbeRecord record;
  EXPECT_FALSE(context.LatestResult("x", record));
  EXPECT_FALSE(context.RunProbeNow("x", record));
  EXPECT_TRUE(context.ProbeNames().empty());
  context.Progress("only logged");  // Must not crash without a callback.
  HttpResponse response = context.Http(HttpRequest{});
  EXPECT_EQ(response.error, HttpError::kOther);
  EXPECT_EQ(response.error_message, "no HTTP client");
  std::vector<HttpResponse> many = context.HttpMany({HttpRequest{}, {}});
  ASSERT_EQ(many.size(), 2u);
  EXPECT_EQ(many[1].error, HttpError::kOther);
}

TEST(HostContextTest, PassedDeadlineTimesOutWithoutARequest) {
  TestHttpServer server(
      [](const ReceivedRequest&) { return TextResponse(200, "x"); });
  HttpClient client;
  HostServices services;
  services.http = &client;
  ProbeContextImpl context(services, "p", Clock::now() - 1ms, nullptr);
  HttpRequest request;
  request.url = server.BaseUrl() + "/";
  EXPECT_EQ(context.Http(request).error, HttpError::kTimeout);
  EXPECT_EQ(context.HttpMany({request})[0].error, HttpError::kTimeout);
  EXPECT_TRUE(server.Requests().empty());
  std::string error;
  ConnectRequest connect;
  connect.host = "127.0.0.1";
  connect.port = server.port();
  EXPECT_EQ(context.Connect(connect, error), nullptr);
  EXPECT_FALSE(error.empty());
}

TEST(HostContextTest, HttpUsesTheSharedClient) {
  TestHttpServer server(
      [](const ReceivedRequest&) { return TextResponse(200, "ok"); });
  FakeProbeContext fake("probe-a");
  HttpRequest request;
  request.url = server.BaseUrl() + "/health";
  HttpResponse response = fake.context().Http(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ok");
}

TEST(HostContextTest, CancelledFollowsTheFlag) {
  std::atomic<bool> flag{false};
  HostServices services;
  SinkContextImpl context(services, "legacy", Clock::now() + 5s, &flag);
  EXPECT_FALSE(context.Cancelled());
  flag = true;
  EXPECT_TRUE(context.Cancelled());
  ProbeContextImpl no_flag(services, "p", Clock::now() + 5s, nullptr);
  EXPECT_FALSE(no_flag.Cancelled());
}

TEST(HostContextTest, ConnectionsAreClosedWithTheContext) {
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(
      ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address),
      0);
  ASSERT_EQ(::listen(listener, 8), 0);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);

  HostServices services;
  int peer = -1;
  {
    ProbeContextImpl context(services, "p", Clock::now() + 5s, nullptr);
    ConnectRequest request;
    request.host = "127.0.0.1";
    request.port = ntohs(address.sin_port);
    std::string error;
    Connection* first = context.Connect(request, error);
    ASSERT_NE(first, nullptr) << error;
    Connection* second = context.Connect(request, error);
    ASSERT_NE(second, nullptr) << error;
    first->Close();
    first->Close();  // Idempotent.
    std::string out;
    EXPECT_FALSE(first->Read(out, 10, error));
    peer = ::accept(listener, nullptr, nullptr);
    ASSERT_GE(peer, 0);
  }
  // Both client ends are gone: the accepted peer sees EOF at once.
  int peer2 = ::accept(listener, nullptr, nullptr);
  ASSERT_GE(peer2, 0);
  char byte;
  // MSG_DONTWAIT: a connection left open fails with EAGAIN, not a hang.
  EXPECT_EQ(::recv(peer, &byte, 1, MSG_DONTWAIT), 0);
  EXPECT_EQ(::recv(peer2, &byte, 1, MSG_DONTWAIT), 0);
  ::close(peer);
  ::close(peer2);
  ::close(listener);
}

TEST(HostContextTest, ConnectMayBeCalledFromManyThreadsOfOneRun) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(
      ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address),
      0);
  ASSERT_EQ(::listen(listener, kThreads * kEach * 2), 0);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);

  HostServices services;
  std::vector<std::vector<Connection*>> opened(kThreads);
  {
    ProbeContextImpl context(services, "p", Clock::now() + 10s, nullptr);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ConnectRequest request;
        request.host = "127.0.0.1";
        request.port = ntohs(address.sin_port);
        for (int i = 0; i < kEach; ++i) {
          std::string error;
          opened[static_cast<std::size_t>(t)].push_back(
              context.Connect(request, error));
        }
      });
    }
    for (auto& thread : threads) thread.join();
    std::set<Connection*> distinct;
    for (const auto& list : opened) {
      for (Connection* connection : list) {
        ASSERT_NE(connection, nullptr);
        distinct.insert(connection);
      }
    }
    EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kEach));
  }
  // The context closed every one of them: each accepted peer sees EOF.
  for (int i = 0; i < kThreads * kEach; ++i) {
    int peer = ::accept(listener, nullptr, nullptr);
    ASSERT_GE(peer, 0);
    char byte;
    EXPECT_EQ(::recv(peer, &byte, 1, MSG_DONTWAIT), 0);
    ::close(peer);
  }
  ::close(listener);
}

TEST(HostContextTest, LogGoesToTheLogCallbackWithTheInstance) {
  HostServices services;
  std::vector<std::string> lines;
  services.log = [&](LogLevel level, std::string_view instance,
                     std::string_view message) {
    lines.push_back(std::string(instance) + "|" +
                    std::to_string(static_cast<int>(level)) + "|" +
                    std::string(message));
  };
  ProbeContextImpl context(services, "qdrant", Clock::now() + 5s, nullptr);
  context.Log(LogLevel::kWarning, "slow answer");
  EXPECT_THAT(lines, ElementsAre("qdrant|2|slow answer"));
}

TEST(HostContextTest, WriteFileAtomicallyWritesThroughTheContext) {
  char folder[] = "/tmp/stackprobe-ctx-XXXXXX";
  ASSERT_NE(::mkdtemp(folder), nullptr);
  HostServices services;
  SinkContextImpl context(services, "legacy", Clock::now() + 5s, nullptr);
  std::string path = std::string(folder) + "/out.json";
  std::string error;
  ASSERT_TRUE(context.WriteFileAtomically(path, "{}", 0644, error)) << error;
  EXPECT_EQ(::access(path.c_str(), R_OK), 0);
  ::unlink(path.c_str());
  ::rmdir(folder);
}

TEST(FakeContextTest, RecordsLogsAndAnswersLatestResults) {
  FakeProbeContext fake("p");
  ProbeRecord record;
  record.has_run = true;
  fake.SetLatestResult("redis", record);
  ProbeContext& context = fake.context();
  ProbeRecord out;
  ASSERT_TRUE(context.LatestResult("redis", out));
  EXPECT_EQ(out.probe, "redis");
  EXPECT_TRUE(out.has_run);
  context.Log(LogLevel::kError, "broken");
  EXPECT_THAT(fake.logs(), ElementsAre("error: broken"));
  EXPECT_TRUE(fake.HasLog("broke"));
}

TEST(FakeContextTest, ResetMovesTheDeadlineAndCancelFlips) {
  FakeProbeContext fake("p", 100ms);
  auto first = fake.context().Deadline();
  EXPECT_LE(first, Clock::now() + 100ms);
  fake.Cancel();
  EXPECT_TRUE(fake.context().Cancelled());
  fake.Reset(10s);
  EXPECT_GT(fake.context().Deadline(), Clock::now() + 9s);
  EXPECT_FALSE(fake.context().Cancelled());
}

TEST(FakeContextTest, ActionRecordsProgressAndRunsProbes) {
  FakeActionContext fake("start");
  ProbeRecord up;
  up.result.state = State::kUp;
  fake.SetProbeResult("qdrant", up);
  fake.SetRunProbeHandler([](const std::string& probe, ProbeRecord& out) {
    out.probe = probe;
    out.result.state = State::kStarting;
    return probe == "ollama";
  });
  ActionContext& context = fake.context();
  context.Progress("starting qdrant");
  ProbeRecord out;
  ASSERT_TRUE(context.RunProbeNow("qdrant", out));
  EXPECT_EQ(out.result.state, State::kUp);
  ASSERT_TRUE(context.RunProbeNow("ollama", out));
  EXPECT_EQ(out.result.state, State::kStarting);
  EXPECT_FALSE(context.RunProbeNow("nope", out));
  EXPECT_THAT(fake.progress(), ElementsAre("starting qdrant"));
  EXPECT_THAT(fake.probes_run(), ElementsAre("qdrant", "ollama", "nope"));
  EXPECT_THAT(context.ProbeNames(), ElementsAre("qdrant"));
  fake.SetProbeNames({"a", "b"});
  EXPECT_THAT(context.ProbeNames(), ElementsAre("a", "b"));
}

}  // namespace
}  // namespace stackprobe::host
