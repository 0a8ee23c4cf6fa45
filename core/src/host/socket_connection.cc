// SPDX-License-Identifier: Apache-2.0
#include "host/socket_connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "host/name_resolver.h"

namespace stackprobe::host {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kCancelSliceMs = 50;

enum class WaitResult { kReady, kTimeout, kCancelled, kError };

// Waits until `fd` has `events` or the deadline passes; a cancellation flag
// is looked at every kCancelSliceMs.
WaitResult WaitFor(int fd, short events, Clock::time_point deadline,
                   const std::atomic<bool>* cancelled) {
  for (;;) {
    if (cancelled != nullptr && cancelled->load())
      return WaitResult::kCancelled;
    auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now())
            .count();
    if (left <= 0) return WaitResult::kTimeout;
    int timeout = static_cast<int>(std::min<long long>(left, 60'000));
    if (cancelled != nullptr) timeout = std::min(timeout, kCancelSliceMs);
    pollfd item{fd, events, 0};
    int ready = ::poll(&item, 1, timeout);
    if (ready > 0) return WaitResult::kReady;
    if (ready < 0 && errno != EINTR) return WaitResult::kError;
  }
}

std::string Describe(WaitResult result) {
  switch (result) {
    case WaitResult::kTimeout:
      return "deadline passed";
    case WaitResult::kCancelled:
      return "cancelled";
    default:
      return std::strerror(errno);
  }
}

// Connects `fd` to `address`; "" on success, else why not.
std::string ConnectFd(int fd, const sockaddr* address, socklen_t length,
                      Clock::time_point deadline,
                      const std::atomic<bool>* cancelled) {
  if (::connect(fd, address, length) == 0) return "";
  if (errno != EINPROGRESS && errno != EINTR) return std::strerror(errno);
  WaitResult waited = WaitFor(fd, POLLOUT, deadline, cancelled);
  if (waited != WaitResult::kReady) return Describe(waited);
  int socket_error = 0;
  socklen_t size = sizeof socket_error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &size);
  return socket_error == 0 ? "" : std::strerror(socket_error);
}

}  // namespace

std::unique_ptr<SocketConnection> SocketConnection::Open(
    const ConnectRequest& request, Clock::time_point deadline,
    const std::atomic<bool>* cancelled, std::string& error) {
  Clock::time_point connect_end = deadline;
  if (request.timeout.count() > 0) {
    connect_end = std::min(connect_end, Clock::now() + request.timeout);
  }
  if (!request.unix_path.empty()) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (request.unix_path.size() >= sizeof address.sun_path) {
      error = "connect " + request.unix_path + ": path too long";
      return nullptr;
    }
    std::memcpy(address.sun_path, request.unix_path.c_str(),
                request.unix_path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      error = std::string("socket: ") + std::strerror(errno);
      return nullptr;
    }
    std::string why = ConnectFd(fd, reinterpret_cast<const sockaddr*>(&address),
                                sizeof address, connect_end, cancelled);
    if (!why.empty()) {
      ::close(fd);
      error = "connect " + request.unix_path + ": " + why;
      return nullptr;
    }
    return std::unique_ptr<SocketConnection>(
        new SocketConnection(fd, request.unix_path, deadline, cancelled));
  }

  std::string peer = request.host + ":" + std::to_string(request.port);
  if (request.host.empty() || request.port == 0) {
    error = "connect: a host and a port, or a unix_path, are required";
    return nullptr;
  }
  std::vector<StreamAddress> addresses;
  if (!ResolveStream(request.host, request.port, connect_end, cancelled,
                     addresses, error)) {
    return nullptr;
  }
  std::string why = "no address";
  int fd = -1;
  for (const StreamAddress& address : addresses) {
    fd = ::socket(address.family,
                  address.socket_type | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  address.protocol);
    if (fd < 0) {
      why = std::strerror(errno);
      continue;
    }
    why = ConnectFd(fd, reinterpret_cast<const sockaddr*>(&address.address),
                    address.length, connect_end, cancelled);
    if (why.empty()) break;
    ::close(fd);
    fd = -1;
    if (Clock::now() >= connect_end) break;
  }
  if (fd < 0) {
    error = "connect " + peer + ": " + why;
    return nullptr;
  }
  return std::unique_ptr<SocketConnection>(
      new SocketConnection(fd, peer, deadline, cancelled));
}

SocketConnection::SocketConnection(int fd, std::string peer,
                                   Clock::time_point deadline,
                                   const std::atomic<bool>* cancelled)
    : fd_(fd),
      peer_(std::move(peer)),
      deadline_(deadline),
      cancelled_(cancelled) {}

SocketConnection::~SocketConnection() { Close(); }

bool SocketConnection::Write(std::string_view data, std::string& error) {
  while (!data.empty()) {
    if (fd_ < 0) {
      error = "write " + peer_ + ": connection closed";
      return false;
    }
    ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      error = "write " + peer_ + ": " + std::strerror(errno);
      return false;
    }
    WaitResult waited = WaitFor(fd_, POLLOUT, deadline_, cancelled_);
    if (waited != WaitResult::kReady) {
      error = "write " + peer_ + ": " + Describe(waited);
      return false;
    }
  }
  return true;
}

bool SocketConnection::Read(std::string& out, std::size_t max_bytes,
                            std::string& error) {
  if (fd_ < 0) {
    error = "read " + peer_ + ": connection closed";
    return false;
  }
  if (max_bytes == 0) {
    error = "read " + peer_ + ": max_bytes is 0";
    return false;
  }
  std::size_t old_size = out.size();
  out.resize(old_size + max_bytes);
  for (;;) {
    ssize_t got = ::recv(fd_, out.data() + old_size, max_bytes, 0);
    if (got > 0) {
      out.resize(old_size + static_cast<std::size_t>(got));
      return true;
    }
    if (got == 0) {
      out.resize(old_size);
      error.clear();
      return false;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      out.resize(old_size);
      error = "read " + peer_ + ": " + std::strerror(errno);
      return false;
    }
    WaitResult waited = WaitFor(fd_, POLLIN, deadline_, cancelled_);
    if (waited != WaitResult::kReady) {
      out.resize(old_size);
      error = "read " + peer_ + ": " + Describe(waited);
      return false;
    }
  }
}

void SocketConnection::Close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace stackprobe::host
