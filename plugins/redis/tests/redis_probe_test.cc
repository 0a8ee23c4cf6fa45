// SPDX-License-Identifier: Apache-2.0
#include "redis_probe.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "config/json_schema.h"
#include "config_schema.h"
#include "fake_context.h"
#include "host_config.h"
#include "probe_result_helpers.h"
#include "redis_server.h"

namespace stackprobe::redis {
namespace {

using testing::SampleValue;

using stackprobe::testing::FakeProbeContext;
using stackprobe::testing::HostConfig;
using stackprobe::testing::RedisRawCommand;
using stackprobe::testing::RedisServer;

std::string Config(std::uint16_t port, const std::string& password_file = "") {
  return HostConfig(kConfigSchema,
                    nlohmann::json{{"host", "127.0.0.1"},
                                   {"port", port},
                                   {"password_file", password_file}}
                        .dump());
}

// A file holding a password, removed at the end of the test.
class PasswordFile {
 public:
  explicit PasswordFile(const std::string& password) {
    char templ[] = "/tmp/stackprobe-redis-pw-XXXXXX";
    const int fd = mkstemp(templ);
    if (fd >= 0) close(fd);
    path_ = templ;
    std::ofstream(path_) << password << "\n";
  }
  ~PasswordFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A TCP server on 127.0.0.1:0 that answers every connection with `reply`
// (after reading once), or stays silent when `reply` is empty.
class CannedTcpServer {
 public:
  explicit CannedTcpServer(std::string reply) : reply_(std::move(reply)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), len);
    listen(fd_, 4);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~CannedTcpServer() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  void Serve() {
    while (!stop_) {
      pollfd pfd{fd_, POLLIN, 0};
      if (poll(&pfd, 1, 20) <= 0) continue;
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      char buffer[256];
      if (read(client, buffer, sizeof(buffer)) > 0 && !reply_.empty()) {
        std::size_t sent = 0;
        while (sent < reply_.size() && !stop_) {
          const ssize_t n = send(client, reply_.data() + sent,
                                 reply_.size() - sent, MSG_NOSIGNAL);
          if (n <= 0) break;
          sent += static_cast<std::size_t>(n);
        }
      }
      while (!stop_) {
        pollfd cfd{client, POLLIN, 0};
        if (poll(&cfd, 1, 20) > 0 &&
            read(client, buffer, sizeof(buffer)) <= 0) {
          break;
        }
      }
      close(client);
    }
  }

  std::string reply_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(RedisProbeTest, RealServerIsUpWithSamples) {
  RedisServer server;
  ASSERT_EQ(RedisRawCommand(server.port(),
                            "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n"),
            "+OK\r\n");
  RedisRawCommand(server.port(), "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
  RedisProbe probe(Config(server.port()));
  FakeProbeContext fake("redis");
  const ProbeResult result = probe.Run(fake.context());
  ASSERT_EQ(result.state, State::kUp) << result.message;
  EXPECT_EQ(SampleValue(result, "up"), 1.0);
  EXPECT_EQ(SampleValue(result, "keys", {{"db", "db0"}}), 2.0);
  EXPECT_GT(SampleValue(result, "used_memory_bytes").value_or(0), 100000.0);
  EXPECT_GE(SampleValue(result, "connected_clients").value_or(0), 1.0);
  EXPECT_TRUE(SampleValue(result, "uptime_seconds").has_value());
  const auto details = nlohmann::json::parse(result.details_json);
  const std::string version = details["version"];
  EXPECT_EQ(version.substr(0, 1), "7") << version;
  EXPECT_EQ(SampleValue(result, "server_info", {{"version", version}}), 1.0);
}

TEST(RedisProbeTest, StoppedServerIsRefused) {
  RedisServer server;
  server.Stop();
  RedisProbe probe(Config(server.port()));
  FakeProbeContext fake("redis");
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kRefused) << result.message;
  EXPECT_EQ(SampleValue(result, "up"), 0.0);
}

TEST(RedisProbeTest, PasswordsAreCheckedAndNeverShown) {
  RedisServer server("s3cret-pass");
  FakeProbeContext fake("redis");
  {
    PasswordFile good("s3cret-pass");
    RedisProbe probe(Config(server.port(), good.path()));
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kUp) << result.message;
  }
  {
    PasswordFile bad("wrong-pass");
    RedisProbe probe(Config(server.port(), bad.path()));
    fake.Reset();
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kDown);
    EXPECT_EQ(result.reason, kReasonAuth) << result.message;
    EXPECT_EQ(result.message.find("wrong-pass"), std::string::npos);
  }
  {
    RedisProbe probe(Config(server.port()));
    fake.Reset();
    const ProbeResult result = probe.Run(fake.context());
    EXPECT_EQ(result.state, State::kDown);
    EXPECT_EQ(result.reason, kReasonAuth) << result.message;
  }
  for (const auto& line : fake.logs()) {
    EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
  }
}

TEST(RedisProbeTest, ABadReplyIsBadBody) {
  CannedTcpServer http("HTTP/1.1 400 Bad Request\r\n\r\n");
  RedisProbe probe(Config(http.port()));
  FakeProbeContext fake("redis");
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBadBody) << result.message;
}

TEST(RedisProbeTest, AReplyOverOneMebibyteIsBadBody) {
  CannedTcpServer huge("$2000000\r\n" + std::string(1 << 21, 'x'));
  RedisProbe probe(Config(huge.port()));
  FakeProbeContext fake("redis");
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kBadBody) << result.message;
}

TEST(RedisProbeTest, ASilentServerTimesOut) {
  CannedTcpServer silent("");
  RedisProbe probe(Config(silent.port()));
  FakeProbeContext fake("redis", std::chrono::milliseconds(300));
  const ProbeResult result = probe.Run(fake.context());
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kTimeout) << result.message;
}

TEST(RedisProbeTest, ConfigErrorsNameTheKey) {
  auto error_of = [](const std::string& partial) -> std::string {
    try {
      RedisProbe probe(HostConfig(kConfigSchema, partial));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_EQ(error_of(R"({"password_file": "/nonexistent/pw"})"),
            "password_file: cannot read /nonexistent/pw");
  EXPECT_EQ(error_of(R"({"username": "u"})"),
            "username: expected together with password_file, got no "
            "password_file");
}

}  // namespace
}  // namespace stackprobe::redis

namespace stackprobe::redis {
namespace {

TEST(RedisSchemaTest, DefaultsFromTheSchemaMakeAWorkingConfig) {
  nlohmann::json config = nlohmann::json::object();
  ASSERT_EQ(config::ValidateAndFillDefaults(
                nlohmann::json::parse(kConfigSchema), config, "config"),
            std::nullopt);
  EXPECT_EQ(config["port"], 6379);
  EXPECT_NO_THROW(RedisProbe probe(config.dump()));
  nlohmann::json bad{{"port", 0}};
  EXPECT_NE(config::ValidateAndFillDefaults(
                nlohmann::json::parse(kConfigSchema), bad, "config"),
            std::nullopt);
}

}  // namespace
}  // namespace stackprobe::redis
