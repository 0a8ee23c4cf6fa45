// SPDX-License-Identifier: Apache-2.0
#include "daemon/systemd_notify.h"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <string>

namespace stackprobe::daemon {
namespace {

void Send(const std::string& message) {
  // The return value only says whether systemd listens; nothing to do if not.
  (void)sd_notify(0, message.c_str());
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
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
    return std::nullopt;
  }
  return std::chrono::microseconds(static_cast<long long>(usec / 2));
}

}  // namespace stackprobe::daemon
