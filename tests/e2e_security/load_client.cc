// SPDX-License-Identifier: Apache-2.0
#include "load_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

namespace stackprobe::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Reads one response (status line, header fields, Content-Length body) from
// `fd`, keeping bytes that follow it in `buffer`. Returns the status, 0 on
// failure (with `error` set); `close` tells whether the server will close.
int ReadResponse(int fd, std::string& buffer, std::string& error, bool& close) {
  std::size_t header_end;
  char chunk[16384];
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t got = recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) {
      error = got == 0 ? "closed before a response" : std::strerror(errno);
      return 0;
    }
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
  const std::string head = buffer.substr(0, header_end + 2);
  if (head.rfind("HTTP/1.1 ", 0) != 0 || head.size() < 12) {
    error = "bad status line: " + head.substr(0, 40);
    return 0;
  }
  const int status = std::stoi(head.substr(9, 3));
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  close = lower.find("\r\nconnection: close") != std::string::npos;
  const std::size_t length_at = lower.find("\r\ncontent-length:");
  if (length_at == std::string::npos) {
    error = "no content-length";
    return 0;
  }
  const std::size_t length = std::stoul(lower.substr(length_at + 17));
  const std::size_t total = header_end + 4 + length;
  while (buffer.size() < total) {
    const ssize_t got = recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) {
      error = got == 0 ? "closed inside a body" : std::strerror(errno);
      return 0;
    }
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
  buffer.erase(0, total);
  return status;
}

}  // namespace

int ConnectLoopback(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n =
        send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

int FreshGet(std::uint16_t port, const std::string& path) {
  const int fd = ConnectLoopback(port);
  if (fd < 0) return 0;
  std::string buffer;
  std::string error;
  bool close = false;
  int status = 0;
  if (SendAll(fd, "GET " + path +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Connection: close\r\n\r\n")) {
    status = ReadResponse(fd, buffer, error, close);
  }
  ::close(fd);
  return status;
}

LoadGenerator::LoadGenerator(std::uint16_t port, std::string path,
                             int connections)
    : port_(port),
      request_("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") {
  for (int i = 0; i < connections; ++i)
    threads_.emplace_back([this] { Run(); });
}

LoadGenerator::~LoadGenerator() { Stop(); }

void LoadGenerator::Stop() {
  stop_ = true;
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

LoadStats LoadGenerator::Stats() const {
  LoadStats stats;
  stats.requests = requests_.load();
  stats.errors = errors_.load();
  stats.connections = connections_.load();
  std::lock_guard lock(mutex_);
  stats.first_error = first_error_;
  stats.max_latency_seconds = max_latency_;
  return stats;
}

void LoadGenerator::Error(const std::string& what) {
  errors_.fetch_add(1);
  std::lock_guard lock(mutex_);
  if (first_error_.empty()) first_error_ = what;
}

void LoadGenerator::Run() {
  while (!stop_) {
    const int fd = ConnectLoopback(port_);
    if (fd < 0) {
      Error(std::string("connect: ") + std::strerror(errno));
      continue;
    }
    connections_.fetch_add(1);
    std::string buffer;
    while (!stop_) {
      const auto start = Clock::now();
      if (!SendAll(fd, request_)) {
        Error(std::string("send: ") + std::strerror(errno));
        break;
      }
      std::string error;
      bool close = false;
      const int status = ReadResponse(fd, buffer, error, close);
      if (status != 200) {
        Error(status == 0 ? error : "status " + std::to_string(status));
        break;
      }
      requests_.fetch_add(1);
      const double seconds =
          std::chrono::duration<double>(Clock::now() - start).count();
      {
        std::lock_guard lock(mutex_);
        if (seconds > max_latency_) max_latency_ = seconds;
      }
      if (close) break;
    }
    ::close(fd);
  }
}

}  // namespace stackprobe::testing
