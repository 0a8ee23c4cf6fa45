// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/fake_stack/loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace stackprobe::fake_stack {
namespace {

// Bounds what a client may send, so a misbehaving client cannot grow the
// fake service without limit.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kMaxBodyBytes = 4 * 1024 * 1024;

const char* StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

bool SendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

std::string ToLower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

}  // namespace

std::string HttpExchange::Path() const {
  return target.substr(0, target.find('?'));
}

std::string HttpExchange::Query() const {
  auto pos = target.find('?');
  return pos == std::string::npos ? std::string() : target.substr(pos + 1);
}

struct LoopbackServer::Impl {
  struct Connection {
    int fd = -1;
    std::thread thread;
    std::atomic<bool> done{false};
  };

  std::uint16_t port = 0;
  Handler handler;
  mutable std::mutex mutex;
  std::condition_variable stop_cv;
  bool running = false;
  int listen_fd = -1;
  std::thread accept_thread;
  std::list<Connection> connections;

  void AcceptLoop(int fd) {
    for (;;) {
      int client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return;  // The listening socket was shut down by Stop.
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (!running) {
        ::close(client);
        return;
      }
      ReapLocked();
      auto& conn = connections.emplace_back();
      conn.fd = client;
      conn.thread = std::thread([this, &conn] {
        Serve(conn.fd);
        conn.done = true;
      });
    }
  }

  void ReapLocked() {
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->done) {
        it->thread.join();
        ::close(it->fd);
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }

  // Reads one request; false when the client sent something unusable.
  static bool ReadRequest(int fd, HttpExchange& out) {
    std::string data;
    std::size_t header_end = std::string::npos;
    char buffer[8192];
    while (header_end == std::string::npos) {
      if (data.size() > kMaxHeaderBytes) return false;
      ssize_t got = ::recv(fd, buffer, sizeof(buffer), 0);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      data.append(buffer, static_cast<std::size_t>(got));
      header_end = data.find("\r\n\r\n");
    }
    std::string head = data.substr(0, header_end);
    std::string rest = data.substr(header_end + 4);
    auto line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    auto sp1 = request_line.find(' ');
    auto sp2 = request_line.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
    out.method = request_line.substr(0, sp1);
    out.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t content_length = 0;
    std::size_t pos = line_end;
    while (pos != std::string::npos && pos < head.size()) {
      std::size_t next = head.find("\r\n", pos + 2);
      std::string line =
          head.substr(pos + 2, next == std::string::npos ? std::string::npos
                                                         : next - pos - 2);
      auto colon = line.find(':');
      if (colon != std::string::npos &&
          ToLower(line.substr(0, colon)) == "content-length") {
        try {
          content_length = std::stoul(line.substr(colon + 1));
        } catch (const std::exception&) {
          return false;
        }
      }
      pos = next;
    }
    if (content_length > kMaxBodyBytes) return false;
    while (rest.size() < content_length) {
      ssize_t got = ::recv(fd, buffer, sizeof(buffer), 0);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      rest.append(buffer, static_cast<std::size_t>(got));
    }
    out.body = rest.substr(0, content_length);
    return true;
  }

  void Serve(int fd) {
    HttpExchange request;
    if (!ReadRequest(fd, request)) return;
    HttpReply reply;
    try {
      reply = handler(request);
    } catch (const std::exception& e) {
      reply.status = 500;
      reply.content_type = "text/plain";
      reply.body = e.what();
    }
    if (reply.delay.count() > 0) {
      std::unique_lock<std::mutex> lock(mutex);
      stop_cv.wait_for(lock, reply.delay, [this] { return !running; });
      if (!running) return;
    }
    std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " " +
                       StatusText(reply.status) + "\r\n";
    head += "Content-Type: " + reply.content_type + "\r\n";
    for (const auto& [name, value] : reply.headers) {
      head += name + ": " + value + "\r\n";
    }
    head += "Content-Length: " +
            std::to_string(reply.body.size() + reply.truncate_by) + "\r\n";
    head += "Connection: close\r\n\r\n";
    if (!SendAll(fd, head.data(), head.size())) return;
    if (request.method == "HEAD") return;
    SendAll(fd, reply.body.data(), reply.body.size());
    ::shutdown(fd, SHUT_WR);
  }
};

LoopbackServer::LoopbackServer(std::uint16_t port, Handler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->handler = std::move(handler);
}

LoopbackServer::~LoopbackServer() { Stop(); }

void LoopbackServer::Start() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->running) return;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::runtime_error("socket: " + std::string(strerror(errno)));
  int one = 1;
  // Lets a stopped service come back on its port while old connections sit
  // in TIME_WAIT.
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(impl_->port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 64) != 0) {
    std::string error = strerror(errno);
    ::close(fd);
    throw std::runtime_error("cannot listen on 127.0.0.1:" +
                             std::to_string(impl_->port) + ": " + error);
  }
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  impl_->port = ntohs(address.sin_port);
  impl_->listen_fd = fd;
  impl_->running = true;
  impl_->accept_thread =
      std::thread([impl = impl_.get(), fd] { impl->AcceptLoop(fd); });
}

void LoopbackServer::Stop() {
  std::thread accept_thread;
  std::list<Impl::Connection> connections;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (!impl_->running) return;
    impl_->running = false;
    // shutdown() wakes the blocked accept(); the fd is closed after join.
    ::shutdown(impl_->listen_fd, SHUT_RDWR);
    accept_thread = std::move(impl_->accept_thread);
  }
  impl_->stop_cv.notify_all();
  accept_thread.join();
  ::close(impl_->listen_fd);
  impl_->listen_fd = -1;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    for (auto& conn : impl_->connections) ::shutdown(conn.fd, SHUT_RDWR);
    connections.splice(connections.end(), impl_->connections);
  }
  impl_->stop_cv.notify_all();
  for (auto& conn : connections) {
    conn.thread.join();
    ::close(conn.fd);
  }
}

bool LoopbackServer::Running() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->running;
}

std::uint16_t LoopbackServer::port() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->port;
}

}  // namespace stackprobe::fake_stack
