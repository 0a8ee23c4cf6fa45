// SPDX-License-Identifier: Apache-2.0
#include "host/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "support/test_http_server.h"

namespace stackprobe::host {
namespace {

using namespace std::chrono_literals;
using ::stackprobe::testing::CannedResponse;
using ::stackprobe::testing::ReceivedRequest;
using ::stackprobe::testing::TestHttpServer;
using ::stackprobe::testing::TextResponse;
using Clock = std::chrono::steady_clock;

std::string Header(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

// A loopback port with nothing listening: bound, never listened on.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~ClosedPort() { ::close(fd_); }
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

class HttpClientTest : public ::testing::Test {
 protected:
  HttpRequest Get(const TestHttpServer& server, const std::string& path) {
    HttpRequest request;
    request.url = server.BaseUrl() + path;
    return request;
  }
  static Clock::time_point In(std::chrono::milliseconds ms) {
    return Clock::now() + ms;
  }
  HttpClient client_;
};

TEST_F(HttpClientTest, ReturnsStatusBodyAndLowerCaseHeaders) {
  TestHttpServer server([](const ReceivedRequest& request) {
    CannedResponse response = TextResponse(200, "hello " + request.Path());
    response.headers.emplace_back("X-Answer", "42");
    return response;
  });
  HttpRequest request = Get(server, "/health?x=1");
  request.headers.emplace_back("Authorization", "Bearer t0k");
  HttpResponse response = client_.Perform(request, In(5s));
  EXPECT_EQ(response.error, HttpError::kNone) << response.error_message;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello /health");
  EXPECT_EQ(Header(response, "x-answer"), "42");
  EXPECT_EQ(Header(response, "content-type"), "text/plain; charset=utf-8");
  EXPECT_GT(response.timings.total, 0);
  EXPECT_GE(response.timings.total, response.timings.first_byte);
  EXPECT_EQ(response.tls_not_after, 0);
  ASSERT_EQ(server.Requests().size(), 1u);
  EXPECT_EQ(server.Requests()[0].target, "/health?x=1");
  EXPECT_EQ(server.Requests()[0].Header("authorization"), "Bearer t0k");
}

TEST_F(HttpClientTest, ErrorStatusIsAResponseNotATransportError) {
  TestHttpServer server(
      [](const ReceivedRequest&) { return TextResponse(404, "nope"); });
  HttpResponse response = client_.Perform(Get(server, "/x"), In(5s));
  EXPECT_EQ(response.error, HttpError::kNone);
  EXPECT_TRUE(response.error_message.empty());
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "nope");
}

TEST_F(HttpClientTest, ClosedPortIsRefused) {
  ClosedPort closed;
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(closed.port()) + "/";
  HttpResponse response = client_.Perform(request, In(5s));
  EXPECT_EQ(response.error, HttpError::kRefused) << response.error_message;
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.error_message.empty());
}

TEST_F(HttpClientTest, ConnectionClosedWithoutAnswerIsRefused) {
  TestHttpServer server([](const ReceivedRequest&) {
    CannedResponse response;
    response.close_without_response = true;
    return response;
  });
  HttpResponse response = client_.Perform(Get(server, "/"), In(5s));
  EXPECT_EQ(response.error, HttpError::kRefused) << response.error_message;
}

TEST_F(HttpClientTest, HangingServerTimesOutAtRequestTimeout) {
  TestHttpServer server([](const ReceivedRequest&) {
    CannedResponse response;
    response.hang = true;
    return response;
  });
  HttpRequest request = Get(server, "/");
  request.timeout = 300ms;
  Clock::time_point start = Clock::now();
  HttpResponse response = client_.Perform(request, In(10s));
  auto took = Clock::now() - start;
  EXPECT_EQ(response.error, HttpError::kTimeout) << response.error_message;
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 600ms);
}

TEST_F(HttpClientTest, DeadlineShorterThanTimeoutWins) {
  TestHttpServer server([](const ReceivedRequest&) {
    CannedResponse response;
    response.hang = true;
    return response;
  });
  HttpRequest request = Get(server, "/");
  request.timeout = 5s;
  Clock::time_point start = Clock::now();
  HttpResponse response = client_.Perform(request, In(200ms));
  auto took = Clock::now() - start;
  EXPECT_EQ(response.error, HttpError::kTimeout);
  EXPECT_LT(took, 600ms);
}

TEST_F(HttpClientTest, DeadlineAlreadyPassedSendsNothing) {
  TestHttpServer server(
      [](const ReceivedRequest&) { return TextResponse(200, "x"); });
  HttpResponse response = client_.Perform(Get(server, "/"), Clock::now() - 1ms);
  EXPECT_EQ(response.error, HttpError::kTimeout);
  EXPECT_TRUE(server.Requests().empty());
}

TEST_F(HttpClientTest, BodyOverTheCapKeepsThePrefix) {
  TestHttpServer server([](const ReceivedRequest&) {
    return TextResponse(200, std::string(100000, 'a') + "tail");
  });
  HttpRequest request = Get(server, "/big");
  request.max_body_bytes = 1000;
  HttpResponse response = client_.Perform(request, In(5s));
  EXPECT_EQ(response.error, HttpError::kBodyTooLarge);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, std::string(1000, 'a'));
}

TEST_F(HttpClientTest, BodyExactlyAtTheCapIsAccepted) {
  TestHttpServer server([](const ReceivedRequest&) {
    return TextResponse(200, std::string(1000, 'b'));
  });
  HttpRequest request = Get(server, "/");
  request.max_body_bytes = 1000;
  HttpResponse response = client_.Perform(request, In(5s));
  EXPECT_EQ(response.error, HttpError::kNone) << response.error_message;
  EXPECT_EQ(response.body.size(), 1000u);
}

TEST_F(HttpClientTest, TruncatedBodyIsAnError) {
  TestHttpServer server([](const ReceivedRequest&) {
    CannedResponse response = TextResponse(200, "partial");
    response.truncate_by = 100;
    return response;
  });
  HttpResponse response = client_.Perform(Get(server, "/"), In(5s));
  EXPECT_NE(response.error, HttpError::kNone);
  EXPECT_FALSE(response.error_message.empty());
  EXPECT_EQ(response.body, "partial");
}

TEST_F(HttpClientTest, SlowDripIsBoundedByTheDeadline) {
  TestHttpServer server([](const ReceivedRequest&) {
    CannedResponse response = TextResponse(200, std::string(1000, 'd'));
    response.drip_interval = 20ms;
    return response;
  });
  Clock::time_point start = Clock::now();
  HttpResponse response = client_.Perform(Get(server, "/"), In(300ms));
  auto took = Clock::now() - start;
  EXPECT_EQ(response.error, HttpError::kTimeout) << response.error_message;
  EXPECT_LT(took, 700ms);
  EXPECT_GT(response.body.size(), 0u);
  EXPECT_LT(response.body.size(), 1000u);
}

TEST_F(HttpClientTest, ManyRequestsRunConcurrentlyInOrder) {
  TestHttpServer server([](const ReceivedRequest& request) {
    CannedResponse response = TextResponse(200, request.Path());
    response.delay = 200ms;
    return response;
  });
  std::vector<HttpRequest> requests;
  for (int i = 0; i < 5; ++i) {
    requests.push_back(Get(server, "/r" + std::to_string(i)));
  }
  Clock::time_point start = Clock::now();
  std::vector<HttpResponse> responses = client_.PerformMany(requests, In(5s));
  auto took = Clock::now() - start;
  ASSERT_EQ(responses.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(responses[static_cast<std::size_t>(i)].error, HttpError::kNone);
    EXPECT_EQ(responses[static_cast<std::size_t>(i)].body,
              "/r" + std::to_string(i));
  }
  EXPECT_GE(took, 195ms);
  EXPECT_LT(took, 600ms);
}

TEST_F(HttpClientTest, PostSendsBodyAndMethod) {
  TestHttpServer server([](const ReceivedRequest& request) {
    return TextResponse(201, request.method + ":" + request.body);
  });
  HttpRequest request = Get(server, "/points");
  request.method = "POST";
  request.body = R"({"vector":[1,2]})";
  request.headers.emplace_back("Content-Type", "application/json");
  HttpResponse response = client_.Perform(request, In(5s));
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"(POST:{"vector":[1,2]})");
  ASSERT_EQ(server.Requests().size(), 1u);
  EXPECT_EQ(server.Requests()[0].Header("content-type"), "application/json");
}

TEST_F(HttpClientTest, PutAndHeadUseTheirMethods) {
  TestHttpServer server([](const ReceivedRequest& request) {
    return TextResponse(200, request.method);
  });
  HttpRequest put = Get(server, "/");
  put.method = "PUT";
  put.body = "data";
  HttpRequest head = Get(server, "/");
  head.method = "HEAD";
  EXPECT_EQ(client_.Perform(put, In(5s)).body, "PUT");
  HttpResponse head_response = client_.Perform(head, In(5s));
  EXPECT_EQ(head_response.error, HttpError::kNone)
      << head_response.error_message;
  EXPECT_EQ(head_response.body, "");
  auto received = server.Requests();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].body, "data");
  EXPECT_EQ(received[1].method, "HEAD");
}

TEST_F(HttpClientTest, UnresolvableNameIsDns) {
  HttpRequest request;
  request.url = "http://no-such-host.invalid/";
  HttpResponse response = client_.Perform(request, In(5s));
  EXPECT_EQ(response.error, HttpError::kDns) << response.error_message;
}

TEST_F(HttpClientTest, OtherProtocolsAreRefusedAsBadRequests) {
  HttpRequest request;
  request.url = "file:///etc/passwd";
  HttpResponse response = client_.Perform(request, In(5s));
  EXPECT_EQ(response.error, HttpError::kBadRequest);
  EXPECT_TRUE(response.body.empty());
  request.url = "not a url";
  EXPECT_NE(client_.Perform(request, In(5s)).error, HttpError::kNone);
}

TEST_F(HttpClientTest, EnvironmentProxyIsIgnored) {
  TestHttpServer server(
      [](const ReceivedRequest&) { return TextResponse(200, "direct"); });
  ::setenv("http_proxy", "http://127.0.0.1:1", 1);
  ::setenv("HTTP_PROXY", "http://127.0.0.1:1", 1);
  HttpResponse response = client_.Perform(Get(server, "/"), In(5s));
  ::unsetenv("http_proxy");
  ::unsetenv("HTTP_PROXY");
  EXPECT_EQ(response.error, HttpError::kNone) << response.error_message;
  EXPECT_EQ(response.body, "direct");
}

TEST_F(HttpClientTest, TooManyHeadersAreRefused) {
  TestHttpServer server([](const ReceivedRequest&) {
    CannedResponse response = TextResponse(200, "x");
    for (int i = 0; i < 200; ++i) {
      response.headers.emplace_back("X-H" + std::to_string(i), "v");
    }
    return response;
  });
  HttpResponse response = client_.Perform(Get(server, "/"), In(5s));
  EXPECT_EQ(response.error, HttpError::kOther);
  EXPECT_THAT(response.error_message, ::testing::HasSubstr("headers"));
  EXPECT_LE(response.headers.size(), 100u);
}

TEST_F(HttpClientTest, RedirectsAreFollowedOnlyWhenAsked) {
  TestHttpServer server([](const ReceivedRequest& request) {
    if (request.Path() == "/old") {
      CannedResponse response = TextResponse(302, "");
      response.headers.emplace_back("Location", "/new");
      return response;
    }
    return TextResponse(200, "moved here");
  });
  HttpRequest request = Get(server, "/old");
  EXPECT_EQ(client_.Perform(request, In(5s)).status, 302);
  request.follow_redirects = true;
  HttpResponse followed = client_.Perform(request, In(5s));
  EXPECT_EQ(followed.status, 200);
  EXPECT_EQ(followed.body, "moved here");
}

TEST_F(HttpClientTest, CancellationStopsATransfer) {
  TestHttpServer server([](const ReceivedRequest&) {
    CannedResponse response;
    response.hang = true;
    return response;
  });
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    // Waits for the request to arrive rather than for a fixed time.
    while (server.Requests().empty()) std::this_thread::yield();
    cancelled = true;
  });
  Clock::time_point start = Clock::now();
  HttpResponse response =
      client_.Perform(Get(server, "/"), In(10s), &cancelled);
  canceller.join();
  EXPECT_NE(response.error, HttpError::kNone);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(CertificateDateTest, ParsesOpenSslAndIsoForms) {
  EXPECT_EQ(ParseCertificateDate("Jan  2 03:04:05 2030 GMT"), 1893553445);
  EXPECT_EQ(ParseCertificateDate(" 2030-01-02 03:04:05 GMT"), 1893553445);
  EXPECT_EQ(ParseCertificateDate("garbage"), 0);
}

}  // namespace
}  // namespace stackprobe::host
