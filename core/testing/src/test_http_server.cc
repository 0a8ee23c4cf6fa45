// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/testing/test_http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <list>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

namespace stackprobe::testing {
namespace {

// Requests larger than this are answered by closing the connection: the
// server plays targets, it does not need to accept big uploads.
constexpr std::size_t kMaxRequestBytes = 8 << 20;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return text;
}

std::string Trim(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  std::size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

// Parses the head (request line and headers) of `raw` up to `head_end`.
bool ParseHead(const std::string& raw, std::size_t head_end,
               ReceivedRequest& request) {
  std::size_t line_end = raw.find("\r\n");
  std::string line = raw.substr(0, line_end);
  std::size_t first_space = line.find(' ');
  std::size_t second_space = line.find(' ', first_space + 1);
  if (first_space == std::string::npos || second_space == std::string::npos) {
    return false;
  }
  request.method = line.substr(0, first_space);
  request.target = line.substr(first_space + 1, second_space - first_space - 1);
  std::size_t pos = line_end + 2;
  while (pos < head_end) {
    std::size_t next = raw.find("\r\n", pos);
    if (next == std::string::npos || next > head_end) next = head_end;
    std::string header = raw.substr(pos, next - pos);
    std::size_t colon = header.find(':');
    if (colon != std::string::npos) {
      request.headers.emplace_back(Lower(Trim(header.substr(0, colon))),
                                   Trim(header.substr(colon + 1)));
    }
    pos = next + 2;
  }
  return true;
}

}  // namespace

std::string ReceivedRequest::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return "";
}

std::string ReceivedRequest::Path() const {
  return target.substr(0, target.find('?'));
}

CannedResponse JsonResponse(int status, std::string body) {
  CannedResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

CannedResponse TextResponse(int status, std::string body) {
  CannedResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(body);
  return response;
}

struct TestHttpServer::Impl {
  struct Worker {
    std::thread thread;
    std::atomic<bool> done{false};
  };

  int listen_fd = -1;
  int wake_pipe[2] = {-1, -1};
  std::uint16_t port = 0;
  std::thread acceptor;

  mutable std::mutex mutex;
  std::condition_variable stop_cv;  // Wakes delayed, dripping, hanging answers.
  bool stopping = false;
  Handler handler;
  std::vector<ReceivedRequest> requests;
  std::set<int> open_fds;
  std::list<Worker> workers;

  // Waits for `duration` or until the server stops; true when stopping.
  bool WaitOrStop(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex);
    return stop_cv.wait_for(lock, duration, [this] { return stopping; });
  }

  void WaitForStop() {
    std::unique_lock lock(mutex);
    stop_cv.wait(lock, [this] { return stopping; });
  }

  void AcceptLoop() {
    for (;;) {
      pollfd fds[2] = {{listen_fd, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[1].revents != 0) return;
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      std::lock_guard lock(mutex);
      if (stopping) {
        ::close(fd);
        return;
      }
      ReapFinishedWorkers();
      open_fds.insert(fd);
      Worker& worker = workers.emplace_back();
      worker.thread = std::thread([this, fd, &worker] {
        Serve(fd);
        {
          std::lock_guard inner(mutex);
          open_fds.erase(fd);
        }
        ::close(fd);
        worker.done = true;
      });
    }
  }

  // Called with `mutex` held.
  void ReapFinishedWorkers() {
    for (auto it = workers.begin(); it != workers.end();) {
      if (it->done) {
        it->thread.join();
        it = workers.erase(it);
      } else {
        ++it;
      }
    }
  }

  // Reads one request; false when the peer went away or sent garbage.
  static bool ReadRequest(int fd, ReceivedRequest& request) {
    std::string raw;
    char buffer[16384];
    std::size_t head_end = std::string::npos;
    std::size_t body_length = 0;
    for (;;) {
      if (head_end == std::string::npos) {
        std::size_t found = raw.find("\r\n\r\n");
        if (found != std::string::npos) {
          head_end = found;
          if (!ParseHead(raw, head_end, request)) return false;
          std::string length = request.Header("content-length");
          if (!length.empty()) {
            try {
              body_length = std::stoul(length);
            } catch (const std::exception&) {
              return false;
            }
          }
        }
      }
      if (head_end != std::string::npos &&
          raw.size() >= head_end + 4 + body_length) {
        request.body = raw.substr(head_end + 4, body_length);
        return true;
      }
      if (raw.size() > kMaxRequestBytes) return false;
      ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      raw.append(buffer, static_cast<std::size_t>(got));
    }
  }

  void Serve(int fd) {
    ReceivedRequest request;
    if (!ReadRequest(fd, request)) return;
    Handler current;
    {
      std::lock_guard lock(mutex);
      requests.push_back(request);
      current = handler;
    }
    CannedResponse response =
        current ? current(request) : TextResponse(404, "no handler\n");
    if (response.delay.count() > 0 && WaitOrStop(response.delay)) return;
    if (response.hang) {
      WaitForStop();
      return;
    }
    if (response.close_without_response) return;

    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                       ReasonPhrase(response.status) + "\r\n";
    bool has_length = false;
    for (const auto& [name, value] : response.headers) {
      if (Lower(name) == "content-length") has_length = true;
      head += name + ": " + value + "\r\n";
    }
    if (!has_length) {
      head += "Content-Length: " +
              std::to_string(response.body.size() + response.truncate_by) +
              "\r\n";
    }
    head += "Connection: close\r\n\r\n";
    if (!SendAll(fd, head)) return;
    if (request.method == "HEAD") return;
    if (response.drip_interval.count() > 0) {
      for (char byte : response.body) {
        if (!SendAll(fd, std::string_view(&byte, 1))) return;
        if (WaitOrStop(response.drip_interval)) return;
      }
    } else if (!SendAll(fd, response.body)) {
      return;
    }
    // Let the client read everything before the close: a close with unread
    // request bytes would turn into a reset.
    ::shutdown(fd, SHUT_WR);
    pollfd drain{fd, POLLIN, 0};
    char sink[4096];
    while (::poll(&drain, 1, 1000) > 0 &&
           ::recv(fd, sink, sizeof sink, 0) > 0) {
    }
  }
};

TestHttpServer::TestHttpServer(Handler handler) : impl_(new Impl) {
  impl_->handler = std::move(handler);
  impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (impl_->listen_fd < 0) throw std::runtime_error("socket failed");
  int one = 1;
  ::setsockopt(impl_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&address),
             sizeof address) != 0 ||
      ::listen(impl_->listen_fd, 128) != 0 ||
      ::getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&address),
                    &length) != 0 ||
      ::pipe2(impl_->wake_pipe, O_CLOEXEC) != 0) {
    std::string message = std::strerror(errno);
    ::close(impl_->listen_fd);
    throw std::runtime_error("TestHttpServer: " + message);
  }
  impl_->port = ntohs(address.sin_port);
  impl_->acceptor = std::thread([impl = impl_.get()] { impl->AcceptLoop(); });
}

TestHttpServer::~TestHttpServer() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    for (int fd : impl_->open_fds) ::shutdown(fd, SHUT_RDWR);
  }
  impl_->stop_cv.notify_all();
  char byte = 0;
  while (::write(impl_->wake_pipe[1], &byte, 1) < 0 && errno == EINTR) {
  }
  impl_->acceptor.join();
  // No worker starts after `stopping`, so the list is stable from here.
  for (auto& worker : impl_->workers) worker.thread.join();
  ::close(impl_->listen_fd);
  ::close(impl_->wake_pipe[0]);
  ::close(impl_->wake_pipe[1]);
}

std::uint16_t TestHttpServer::port() const { return impl_->port; }

std::string TestHttpServer::BaseUrl() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

std::vector<ReceivedRequest> TestHttpServer::Requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

void TestHttpServer::SetHandler(Handler handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->handler = std::move(handler);
}

}  // namespace stackprobe::testing
