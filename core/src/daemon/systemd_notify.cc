// SPDX-License-Identifier: Apache-2.0
//
// The notification protocol of sd_notify(3), written here instead of linking
// libsystemd (which, with the seven libraries it pulls in, cost every
// stackprobe process ~70 page faults at start): a datagram with
// newline-separated VAR=VALUE lines, sent to the AF_UNIX socket named by
// $NOTIFY_SOCKET (a path, or an abstract name when it starts with '@').
// WATCHDOG_USEC and WATCHDOG_PID as sd_watchdog_enabled(3) reads them.
#include "daemon/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>

namespace stackprobe::daemon {
namespace {

// The unset or unusable cases do nothing: systemd does not listen, or
// listens where stackprobe cannot reach it (a vsock: address).
void Send(const std::string& message) {
  const char* socket_name = std::getenv("NOTIFY_SOCKET");
  if (socket_name == nullptr) {
    return;
  }
  const std::string_view name(socket_name);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (name.size() < 2 || name.size() >= sizeof(address.sun_path) ||
      (name[0] != '/' && name[0] != '@')) {
    return;
  }
  std::memcpy(address.sun_path, name.data(), name.size());
  socklen_t length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
  if (name[0] == '@') {
    address.sun_path[0] = '\0';  // an abstract name: no trailing NUL counted
  } else {
    ++length;
  }
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return;
  }
  // The result only says whether systemd listens; nothing to do if not.
  (void)sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
               reinterpret_cast<const sockaddr*>(&address), length);
  close(fd);
}

// A decimal environment value, or nullopt when unset or not a number.
std::optional<unsigned long long> NumberFromEnvironment(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr) {
    return std::nullopt;
  }
  const std::string_view value(text);
  unsigned long long number = 0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size() ||
      value.empty()) {
    return std::nullopt;
  }
  return number;
}

}  // namespace

void NotifyReady(std::string_view status) {
  Send("READY=1\nSTATUS=" + std::string(status));
}

void NotifyReloading() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const long long usec =
      static_cast<long long>(now.tv_sec) * 1000000LL + now.tv_nsec / 1000;
  Send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec));
}

void NotifyStopping() { Send("STOPPING=1"); }

void NotifyStatus(std::string_view status) {
  Send("STATUS=" + std::string(status));
}

void NotifyWatchdog() { Send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> WatchdogPingInterval() {
  const auto usec = NumberFromEnvironment("WATCHDOG_USEC");
  if (!usec || *usec == 0) {
    return std::nullopt;
  }
  // Set for the main process only; a child that inherited it must not ping.
  if (std::getenv("WATCHDOG_PID") != nullptr) {
    const auto pid = NumberFromEnvironment("WATCHDOG_PID");
    if (!pid || *pid != static_cast<unsigned long long>(getpid())) {
      return std::nullopt;
    }
  }
  return std::chrono::microseconds(static_cast<long long>(*usec / 2));
}

}  // namespace stackprobe::daemon
