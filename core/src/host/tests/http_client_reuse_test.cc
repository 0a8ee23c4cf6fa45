// SPDX-License-Identifier: Apache-2.0
//
// HttpClient keeps its curl handles between requests: nothing of one request
// (method, headers, credentials, body, redirects, timeouts) may reach the
// next, connections are never reused, and deadlines and cancellation hold
// for a handle that served before.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "host/http_client.h"
#include "support/test_http_server.h"

namespace stackprobe::host {
namespace {

using namespace std::chrono_literals;
using ::stackprobe::testing::CannedResponse;
using ::stackprobe::testing::ReceivedRequest;
using ::stackprobe::testing::TestHttpServer;
using ::stackprobe::testing::TextResponse;
using Clock = std::chrono::steady_clock;

// A server that keeps connections open (HTTP/1.1 keep-alive, every answer
// "ok" with a Content-Length) and counts the connections it accepted.
class KeepAliveCounter {
 public:
  KeepAliveCounter() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listen_fd_, 16);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  ~KeepAliveCounter() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    acceptor_.join();
    for (std::thread& connection : connections_) connection.join();
  }
  std::string Url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/";
  }
  int accepted() const { return accepted_.load(); }

 private:
  void AcceptLoop() {
    while (true) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      ++accepted_;
      connections_.emplace_back([fd] { Serve(fd); });
    }
  }
  // Answers every request head on the connection until the client closes.
  static void Serve(int fd) {
    std::string pending;
    char buffer[4096];
    while (true) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got <= 0) break;
      pending.append(buffer, static_cast<std::size_t>(got));
      for (auto end = pending.find("\r\n\r\n"); end != std::string::npos;
           end = pending.find("\r\n\r\n")) {
        pending.erase(0, end + 4);
        constexpr std::string_view kAnswer =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        if (::write(fd, kAnswer.data(), kAnswer.size()) < 0) break;
      }
    }
    ::close(fd);
  }

  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // only the acceptor adds
};

HttpRequest RequestTo(const std::string& url) {
  HttpRequest request;
  request.url = url;
  return request;
}

Clock::time_point Within(std::chrono::milliseconds ms) {
  return Clock::now() + ms;
}

TEST(HttpClientReuse, NothingOfARequestReachesTheNext) {
  TestHttpServer server([](const ReceivedRequest& request) {
    if (request.Path() == "/old") {
      CannedResponse response = TextResponse(302, "");
      response.headers.emplace_back("Location", "/new");
      return response;
    }
    return TextResponse(200, request.method);
  });
  HttpClient client;
  // One thread, one request after the other: the second gets the handle
  // the first gave back.
  HttpRequest first = RequestTo(server.BaseUrl() + "/old");
  first.method = "PUT";
  first.body = "secret payload";
  first.headers = {{"Authorization", "Bearer s3cret"},
                   {"Content-Type", "application/json"},
                   {"X-Probe", "first"}};
  first.follow_redirects = true;
  const HttpResponse first_answer = client.Perform(first, Within(5s));
  ASSERT_EQ(first_answer.error, HttpError::kNone) << first_answer.error_message;
  EXPECT_EQ(first_answer.status, 200);  // followed to /new

  const HttpResponse second =
      client.Perform(RequestTo(server.BaseUrl() + "/old"), Within(5s));
  EXPECT_EQ(second.error, HttpError::kNone) << second.error_message;
  EXPECT_EQ(second.status, 302) << "followed the first request's redirects";

  const HttpResponse third =
      client.Perform(RequestTo(server.BaseUrl() + "/plain"), Within(5s));
  EXPECT_EQ(third.error, HttpError::kNone) << third.error_message;
  EXPECT_EQ(third.body, "GET") << "the first request's method";

  const std::vector<ReceivedRequest> received = server.Requests();
  ASSERT_EQ(received.size(), 4u);  // /old, /new, then the two later GETs
  EXPECT_EQ(received[0].method, "PUT");
  EXPECT_EQ(received[0].Header("authorization"), "Bearer s3cret");
  for (std::size_t i = 2; i < received.size(); ++i) {
    SCOPED_TRACE(received[i].target);
    EXPECT_EQ(received[i].method, "GET");
    EXPECT_EQ(received[i].body, "");
    EXPECT_EQ(received[i].Header("authorization"), "");
    EXPECT_EQ(received[i].Header("x-probe"), "");
    EXPECT_EQ(received[i].Header("content-type"), "");
    EXPECT_EQ(received[i].Header("content-length"), "");
  }
}

TEST(HttpClientReuse, HeadThenGetHasABody) {
  TestHttpServer server([](const ReceivedRequest& request) {
    return TextResponse(200, "body of " + request.method);
  });
  HttpClient client;
  HttpRequest head = RequestTo(server.BaseUrl() + "/");
  head.method = "HEAD";
  EXPECT_EQ(client.Perform(head, Within(5s)).body, "");
  EXPECT_EQ(client.Perform(RequestTo(server.BaseUrl() + "/"), Within(5s)).body,
            "body of GET");
}

// Every request opens its own connection, even to a server that would keep
// one open: a probe measures a real connect, and a target whose listener is
// gone never looks up over an old connection.
TEST(HttpClientReuse, EveryRequestOpensAFreshConnection) {
  KeepAliveCounter server;
  HttpClient client;
  for (int i = 0; i < 3; ++i) {
    const HttpResponse response =
        client.Perform(RequestTo(server.Url()), Within(5s));
    ASSERT_EQ(response.error, HttpError::kNone) << response.error_message;
    EXPECT_EQ(response.body, "ok");
  }
  EXPECT_EQ(server.accepted(), 3);
}

TEST(HttpClientReuse, AHandleThatWasCancelledServesAndTimesOutAgain) {
  TestHttpServer server([](const ReceivedRequest& request) {
    CannedResponse response = TextResponse(200, "fine");
    response.hang = request.Path() == "/hang";
    return response;
  });
  HttpClient client;
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    while (server.Requests().empty()) std::this_thread::yield();
    cancelled = true;
  });
  HttpRequest hang = RequestTo(server.BaseUrl() + "/hang");
  hang.timeout = 10s;
  const HttpResponse stopped = client.Perform(hang, Within(10s), &cancelled);
  canceller.join();
  EXPECT_EQ(stopped.error_message, "cancelled");

  // The handle the cancelled transfer gave back answers the next request.
  const HttpResponse fine =
      client.Perform(RequestTo(server.BaseUrl() + "/ok"), Within(5s));
  EXPECT_EQ(fine.error, HttpError::kNone) << fine.error_message;
  EXPECT_EQ(fine.body, "fine");

  // And the earlier request's 10 s timeout does not stick: this one ends at
  // its own 200 ms deadline.
  const Clock::time_point start = Clock::now();
  const HttpResponse late =
      client.Perform(RequestTo(server.BaseUrl() + "/hang"), Within(200ms));
  EXPECT_EQ(late.error, HttpError::kTimeout) << late.error_message;
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(HttpClientReuse, ConcurrentCallersShareThePoolSafely) {
  TestHttpServer server([](const ReceivedRequest& request) {
    return TextResponse(200, request.Header("x-caller"));
  });
  HttpClient client;
  std::vector<std::thread> callers;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        HttpRequest request = RequestTo(server.BaseUrl() + "/");
        const std::string caller = std::to_string(t) + "-" + std::to_string(i);
        request.headers = {{"X-Caller", caller}};
        const HttpResponse response = client.Perform(request, Within(5s));
        if (response.body != caller) ++mismatches;
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(server.Requests().size(), 100u);
}

}  // namespace
}  // namespace stackprobe::host
