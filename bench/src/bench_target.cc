// SPDX-License-Identifier: Apache-2.0
//
// stackprobe-bench-target: a loopback HTTP service for the benchmarks that is
// never the bottleneck. One epoll thread answers every request on every
// listening port with the same small JSON body and closes the connection
// (probers open a fresh connection per request anyway). Optional hang ports
// accept connections and never answer, like a wedged service.
//
// usage: stackprobe-bench-target --ports P[,P...] [--hang-ports P[,P...]]
//                                [--max-seconds S]
// Prints "ready" on stdout once every port listens; exits on SIGINT/SIGTERM
// or after --max-seconds (default 3600).

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::string_view kResponse =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 15\r\n"
    "Connection: close\r\n"
    "\r\n"
    "{\"status\":\"ok\"}";
// A request header larger than this is answered anyway: the benchmark
// clients send small requests, and nothing here may grow without bound.
constexpr std::size_t kMaxRequestBytes = 16384;

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "stackprobe-bench-target: " << message << ": "
            << std::strerror(errno) << "\n";
  std::exit(1);
}

std::vector<int> ParsePorts(const std::string& list) {
  std::vector<int> ports;
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string item = list.substr(start, comma - start);
    const auto dash = item.find('-');
    if (dash != std::string::npos) {
      const int first = std::atoi(item.substr(0, dash).c_str());
      const int last = std::atoi(item.substr(dash + 1).c_str());
      for (int port = first; port <= last; ++port) ports.push_back(port);
    } else {
      ports.push_back(std::atoi(item.c_str()));
    }
    start = comma + 1;
  }
  for (int port : ports) {
    if (port <= 0 || port > 65535) {
      std::cerr << "stackprobe-bench-target: bad port in \"" << list << "\"\n";
      std::exit(2);
    }
  }
  return ports;
}

int Listen(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) Die("socket");
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    Die("bind 127.0.0.1:" + std::to_string(port));
  }
  if (listen(fd, 4096) != 0) Die("listen");
  return fd;
}

void Add(int epoll_fd, int fd, std::uint32_t events) {
  epoll_event event{};
  event.events = events;
  event.data.fd = fd;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) Die("epoll_ctl");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> ports;
  std::vector<int> hang_ports;
  long max_seconds = 3600;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--ports") {
      ports = ParsePorts(argv[i + 1]);
    } else if (flag == "--hang-ports") {
      hang_ports = ParsePorts(argv[i + 1]);
    } else if (flag == "--max-seconds") {
      max_seconds = std::atol(argv[i + 1]);
    } else {
      std::cerr << "usage: stackprobe-bench-target --ports P[,P|A-B...] "
                   "[--hang-ports P,...] [--max-seconds S]\n";
      return 2;
    }
  }
  if (ports.empty() && hang_ports.empty()) {
    std::cerr << "stackprobe-bench-target: no --ports given\n";
    return 2;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  const int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);
  const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (signal_fd < 0 || epoll_fd < 0) Die("signalfd/epoll");
  Add(epoll_fd, signal_fd, EPOLLIN);

  std::set<int> answering;
  std::set<int> hanging;
  for (int port : ports) {
    const int fd = Listen(port);
    answering.insert(fd);
    Add(epoll_fd, fd, EPOLLIN);
  }
  for (int port : hang_ports) {
    const int fd = Listen(port);
    hanging.insert(fd);
    Add(epoll_fd, fd, EPOLLIN);
  }
  std::cout << "ready" << std::endl;

  // Bytes of request header read so far, per answering connection.
  std::unordered_map<int, std::string> pending;
  // Hung connections are held open (bounded) until the peer goes away.
  std::set<int> held;
  constexpr std::size_t kMaxHeld = 10000;
  const auto end =
      std::chrono::steady_clock::now() + std::chrono::seconds(max_seconds);
  std::vector<epoll_event> events(256);
  bool running = true;
  while (running && std::chrono::steady_clock::now() < end) {
    const int count = epoll_wait(epoll_fd, events.data(),
                                 static_cast<int>(events.size()), 1000);
    if (count < 0 && errno != EINTR) Die("epoll_wait");
    for (int i = 0; i < count; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == signal_fd) {
        running = false;
      } else if (answering.count(fd) != 0 || hanging.count(fd) != 0) {
        const bool hang = hanging.count(fd) != 0;
        for (int accepted = 0; accepted < 512; ++accepted) {
          const int client =
              accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (client < 0) break;
          if (hang) {
            if (held.size() >= kMaxHeld) {
              close(client);
            } else {
              held.insert(client);
              Add(epoll_fd, client, EPOLLRDHUP);
            }
          } else {
            const int one = 1;
            setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            pending[client];
            Add(epoll_fd, client, EPOLLIN | EPOLLRDHUP);
          }
        }
      } else if (held.count(fd) != 0) {
        held.erase(fd);
        close(fd);
      } else {
        auto it = pending.find(fd);
        if (it == pending.end()) continue;
        char buffer[4096];
        bool done = false;
        for (;;) {
          const ssize_t got = read(fd, buffer, sizeof(buffer));
          if (got > 0) {
            it->second.append(buffer, static_cast<std::size_t>(got));
            if (it->second.find("\r\n\r\n") != std::string::npos ||
                it->second.size() > kMaxRequestBytes) {
              // Small enough to fit the socket buffer in one write.
              const ssize_t wrote =
                  write(fd, kResponse.data(), kResponse.size());
              (void)wrote;
              done = true;
              break;
            }
          } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
            done = true;
            break;
          } else if (errno == EAGAIN) {
            break;
          }
        }
        if (done) {
          pending.erase(it);
          close(fd);
        }
      }
    }
  }
  return 0;
}
