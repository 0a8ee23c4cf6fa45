// SPDX-License-Identifier: Apache-2.0
#include "redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace stackprobe::testing {

std::string RedisRawCommand(std::uint16_t port, const std::string& resp) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  timeval tv{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      write(fd, resp.data(), resp.size()) ==
          static_cast<ssize_t>(resp.size())) {
    char buffer[512];
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n > 0) reply.assign(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return reply;
}

RedisServer::RedisServer(const std::string& password, std::uint16_t port) {
  if (!IsExecutable(kRedisServerBinary)) {
    throw std::runtime_error(std::string(kRedisServerBinary) +
                             " is missing: install the redis-server package");
  }
  char templ[] = "/tmp/stackprobe-redis-XXXXXX";
  if (mkdtemp(templ) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = templ;
  port_ = port != 0 ? port : FreeLoopbackPort();
  std::vector<std::string> argv{kRedisServerBinary,
                                "--port",
                                std::to_string(port_),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no",
                                "--dir",
                                dir_};
  if (!password.empty()) {
    argv.insert(argv.end(), {"--requirepass", password});
  }
  process_ = std::make_unique<ChildProcess>(argv, dir_ + "/redis.log");
  const std::string ping = "*1\r\n$4\r\nPING\r\n";
  const bool ready = PollUntil(
      [&] {
        const std::string reply = RedisRawCommand(port_, ping);
        return reply.rfind("+PONG", 0) == 0 || reply.rfind("-NOAUTH", 0) == 0;
      },
      std::chrono::seconds(15));
  if (!ready) {
    std::ifstream log(dir_ + "/redis.log");
    const std::string text((std::istreambuf_iterator<char>(log)), {});
    throw std::runtime_error("redis-server did not answer PING within 15 s: " +
                             text);
  }
}

RedisServer::~RedisServer() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void RedisServer::Stop() {
  if (process_) process_->Stop(SIGTERM, std::chrono::seconds(5));
}

}  // namespace stackprobe::testing
