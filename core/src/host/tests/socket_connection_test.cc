// SPDX-License-Identifier: Apache-2.0
#include "host/socket_connection.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>

namespace stackprobe::host {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// A listening socket on 127.0.0.1, ::1 or a Unix path; Serve() runs one
// connection on a thread.
class Listener {
 public:
  explicit Listener(int family, std::string unix_path = "")
      : unix_path_(std::move(unix_path)) {
    fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (family == AF_INET) {
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      Bind(address);
      port_ = ntohs(address.sin_port);
    } else if (family == AF_INET6) {
      sockaddr_in6 address{};
      address.sin6_family = AF_INET6;
      address.sin6_addr = in6addr_loopback;
      Bind(address);
      port_ = ntohs(address.sin6_port);
    } else {
      sockaddr_un address{};
      address.sun_family = AF_UNIX;
      std::strncpy(address.sun_path, unix_path_.c_str(),
                   sizeof address.sun_path - 1);
      Bind(address);
    }
    ok_ = ok_ && ::listen(fd_, 8) == 0;
  }
  ~Listener() {
    if (server_.joinable()) server_.join();
    ::close(fd_);
  }
  bool ok() const { return ok_; }
  std::uint16_t port() const { return port_; }

  // Accepts one connection and runs `serve` on it.
  void Serve(std::function<void(int)> serve) {
    server_ = std::thread([this, serve = std::move(serve)] {
      int peer = ::accept(fd_, nullptr, nullptr);
      if (peer < 0) return;
      serve(peer);
      ::close(peer);
    });
  }

 private:
  template <class Address>
  void Bind(Address& address) {
    socklen_t length = sizeof address;
    ok_ =
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
            0 &&
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  }

  int fd_ = -1;
  bool ok_ = false;
  std::uint16_t port_ = 0;
  std::string unix_path_;
  std::thread server_;
};

void Echo(int peer) {
  char buffer[4096];
  for (;;) {
    ssize_t got = ::recv(peer, buffer, sizeof buffer, 0);
    if (got <= 0) return;
    ::send(peer, buffer, static_cast<std::size_t>(got), MSG_NOSIGNAL);
  }
}

// Reads until `out` holds `size` bytes or Read fails.
bool ReadExactly(Connection& connection, std::string& out, std::size_t size,
                 std::string& error) {
  while (out.size() < size) {
    if (!connection.Read(out, size - out.size(), error)) return false;
  }
  return true;
}

void ExpectEcho(const ConnectRequest& request) {
  std::string error;
  auto connection =
      SocketConnection::Open(request, Clock::now() + 5s, nullptr, error);
  ASSERT_NE(connection, nullptr) << error;
  ASSERT_TRUE(connection->Write("PING\r\n", error)) << error;
  std::string out;
  ASSERT_TRUE(ReadExactly(*connection, out, 6, error)) << error;
  EXPECT_EQ(out, "PING\r\n");
  connection->Close();
  EXPECT_FALSE(connection->is_open());
  EXPECT_FALSE(connection->Write("x", error));
  EXPECT_THAT(error, HasSubstr("closed"));
}

TEST(SocketConnectionTest, EchoesOverTcp4) {
  Listener listener(AF_INET);
  ASSERT_TRUE(listener.ok());
  listener.Serve(Echo);
  ConnectRequest request;
  request.host = "127.0.0.1";
  request.port = listener.port();
  ExpectEcho(request);
}

TEST(SocketConnectionTest, EchoesOverTcp6) {
  Listener listener(AF_INET6);
  ASSERT_TRUE(listener.ok()) << "no IPv6 loopback on this machine";
  listener.Serve(Echo);
  ConnectRequest request;
  request.host = "::1";
  request.port = listener.port();
  ExpectEcho(request);
}

TEST(SocketConnectionTest, EchoesOverAUnixSocket) {
  char folder[] = "/tmp/stackprobe-sock-XXXXXX";
  ASSERT_NE(::mkdtemp(folder), nullptr);
  std::string path = std::string(folder) + "/echo.sock";
  {
    Listener listener(AF_UNIX, path);
    ASSERT_TRUE(listener.ok());
    listener.Serve(Echo);
    ConnectRequest request;
    request.unix_path = path;
    ExpectEcho(request);
  }
  std::filesystem::remove_all(folder);
}

TEST(SocketConnectionTest, ReadReportsEndOfStreamWithoutError) {
  Listener listener(AF_INET);
  ASSERT_TRUE(listener.ok());
  listener.Serve([](int peer) { ::send(peer, "bye", 3, MSG_NOSIGNAL); });
  ConnectRequest request;
  request.host = "127.0.0.1";
  request.port = listener.port();
  std::string error;
  auto connection =
      SocketConnection::Open(request, Clock::now() + 5s, nullptr, error);
  ASSERT_NE(connection, nullptr) << error;
  std::string out;
  while (connection->Read(out, 100, error)) {
  }
  EXPECT_EQ(out, "bye");
  EXPECT_TRUE(error.empty()) << error;
}

TEST(SocketConnectionTest, ClosedPortIsRefused) {
  // Bound but not listening: nothing accepts on this port.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address),
            0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ConnectRequest request;
  request.host = "127.0.0.1";
  request.port = ntohs(address.sin_port);
  std::string error;
  auto connection =
      SocketConnection::Open(request, Clock::now() + 5s, nullptr, error);
  ::close(fd);
  EXPECT_EQ(connection, nullptr);
  EXPECT_THAT(error, HasSubstr("Connection refused"));
  EXPECT_THAT(error, HasSubstr("127.0.0.1:"));
}

TEST(SocketConnectionTest, MissingUnixSocketFails) {
  ConnectRequest request;
  request.unix_path = "/nonexistent/stackprobe.sock";
  std::string error;
  EXPECT_EQ(SocketConnection::Open(request, Clock::now() + 5s, nullptr, error),
            nullptr);
  EXPECT_THAT(error, HasSubstr("/nonexistent/stackprobe.sock"));
}

TEST(SocketConnectionTest, ReadStopsAtTheDeadline) {
  Listener listener(AF_INET);
  ASSERT_TRUE(listener.ok());
  listener.Serve([](int peer) {
    // Silent until the client gives up (its close wakes this recv).
    char byte;
    ::recv(peer, &byte, 1, 0);
  });
  ConnectRequest request;
  request.host = "127.0.0.1";
  request.port = listener.port();
  std::string error;
  Clock::time_point start = Clock::now();
  auto connection =
      SocketConnection::Open(request, start + 300ms, nullptr, error);
  ASSERT_NE(connection, nullptr) << error;
  std::string out;
  EXPECT_FALSE(connection->Read(out, 10, error));
  auto took = Clock::now() - start;
  EXPECT_THAT(error, HasSubstr("deadline"));
  EXPECT_TRUE(out.empty());
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 800ms);
  connection->Close();
}

TEST(SocketConnectionTest, CancellationStopsARead) {
  Listener listener(AF_INET);
  ASSERT_TRUE(listener.ok());
  listener.Serve([](int peer) {
    char byte;
    ::recv(peer, &byte, 1, 0);
  });
  std::atomic<bool> cancelled{false};
  ConnectRequest request;
  request.host = "127.0.0.1";
  request.port = listener.port();
  std::string error;
  auto connection =
      SocketConnection::Open(request, Clock::now() + 10s, &cancelled, error);
  ASSERT_NE(connection, nullptr) << error;
  cancelled = true;
  std::string out;
  Clock::time_point start = Clock::now();
  EXPECT_FALSE(connection->Read(out, 10, error));
  EXPECT_THAT(error, HasSubstr("cancelled"));
  EXPECT_LT(Clock::now() - start, 500ms);
  connection->Close();
}

TEST(SocketConnectionTest, UnresolvableHostFails) {
  ConnectRequest request;
  request.host = "no-such-host.invalid";
  request.port = 80;
  std::string error;
  EXPECT_EQ(SocketConnection::Open(request, Clock::now() + 5s, nullptr, error),
            nullptr);
  EXPECT_THAT(error, HasSubstr("no-such-host.invalid"));
}

}  // namespace
}  // namespace stackprobe::host
