// SPDX-License-Identifier: Apache-2.0
#include "daemon/systemd_notify.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>

namespace stackprobe::daemon {
namespace {

// A datagram socket standing in for systemd's notification socket, bound
// to a path or (name starting with '@') an abstract name; sets
// NOTIFY_SOCKET to it for the test's life.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& name) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.data(), name.size());
    socklen_t length =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    if (name[0] == '@') {
      address.sun_path[0] = '\0';
    } else {
      ++length;
      path_ = name;
    }
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), length), 0)
        << std::strerror(errno);
    setenv("NOTIFY_SOCKET", name.c_str(), 1);
  }
  ~NotifySocket() {
    unsetenv("NOTIFY_SOCKET");
    close(fd_);
    if (!path_.empty()) {
      unlink(path_.c_str());
    }
  }

  /// The next datagram, or "" when none is waiting.
  std::string Receive() {
    char buffer[4096];
    const ssize_t got = recv(fd_, buffer, sizeof(buffer), MSG_DONTWAIT);
    return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : "";
  }

 private:
  int fd_ = -1;
  std::string path_;
};

std::string SocketPath() {
  return (std::filesystem::temp_directory_path() /
          ("stackprobe-notify-" + std::to_string(getpid())))
      .string();
}

TEST(SystemdNotifyTest, SendsEachMessageToAPathSocket) {
  NotifySocket systemd(SocketPath());
  NotifyReady("serving 3 probes");
  EXPECT_EQ(systemd.Receive(), "READY=1\nSTATUS=serving 3 probes");
  NotifyStatus("reloaded");
  EXPECT_EQ(systemd.Receive(), "STATUS=reloaded");
  NotifyWatchdog();
  EXPECT_EQ(systemd.Receive(), "WATCHDOG=1");
  NotifyStopping();
  EXPECT_EQ(systemd.Receive(), "STOPPING=1");
  NotifyReloading();
  const std::string reloading = systemd.Receive();
  EXPECT_EQ(reloading.rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u)
      << reloading;
  EXPECT_GT(std::stoll(reloading.substr(reloading.find('=', 12) + 1)), 0);
}

TEST(SystemdNotifyTest, SendsToAnAbstractSocket) {
  NotifySocket systemd("@stackprobe-notify-" + std::to_string(getpid()));
  NotifyStatus("abstract");
  EXPECT_EQ(systemd.Receive(), "STATUS=abstract");
}

// sd_notify(3) takes an absolute path or an abstract name only: a relative
// name is ignored even when it leads to a listening socket.
TEST(SystemdNotifyTest, IgnoresARelativeSocketNameAndAnUnsetOne) {
  const std::string path = SocketPath();
  NotifySocket systemd(path);
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(std::filesystem::path(path).parent_path());
  const std::string relative = std::filesystem::path(path).filename();
  setenv("NOTIFY_SOCKET", relative.c_str(), 1);
  NotifyReady("relative");
  std::filesystem::current_path(previous);
  EXPECT_EQ(systemd.Receive(), "");
  unsetenv("NOTIFY_SOCKET");
  NotifyReady("nobody listens");  // must neither crash nor block
  setenv("NOTIFY_SOCKET", "vsock:2:1234", 1);
  NotifyReady("not a unix socket");
  unsetenv("NOTIFY_SOCKET");
  EXPECT_EQ(systemd.Receive(), "");
}

TEST(SystemdNotifyTest, WatchdogIntervalIsHalfOfWatchdogUsecForThisProcess) {
  unsetenv("WATCHDOG_PID");
  unsetenv("WATCHDOG_USEC");
  EXPECT_FALSE(WatchdogPingInterval().has_value());
  setenv("WATCHDOG_USEC", "30000000", 1);
  ASSERT_TRUE(WatchdogPingInterval().has_value());
  EXPECT_EQ(WatchdogPingInterval()->count(), 15000000);
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  EXPECT_EQ(WatchdogPingInterval()->count(), 15000000);
  // Meant for another process (inherited from a parent): no pings.
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
  EXPECT_FALSE(WatchdogPingInterval().has_value());
  unsetenv("WATCHDOG_PID");
  for (const char* bad : {"0", "", "12x", "-5"}) {
    setenv("WATCHDOG_USEC", bad, 1);
    EXPECT_FALSE(WatchdogPingInterval().has_value()) << bad;
  }
  unsetenv("WATCHDOG_USEC");
}

}  // namespace
}  // namespace stackprobe::daemon
