// SPDX-License-Identifier: Apache-2.0
//
// Tells systemd about the daemon's life (Type=notify): READY=1 once it
// listens, RELOADING=1 around reloads, STOPPING=1, STATUS= lines, and
// WATCHDOG=1 pings when the unit sets WatchdogSec=. Without NOTIFY_SOCKET
// (not under systemd) every call does nothing.
#ifndef STACKPROBE_DAEMON_SYSTEMD_NOTIFY_H_
#define STACKPROBE_DAEMON_SYSTEMD_NOTIFY_H_

#include <chrono>
#include <optional>
#include <string_view>

namespace stackprobe::daemon {

/// Sends READY=1 with a STATUS= line.
void NotifyReady(std::string_view status);
/// Sends RELOADING=1 with the monotonic timestamp systemd asks for.
void NotifyReloading();
/// Sends STOPPING=1.
void NotifyStopping();
/// Sends STATUS=<status>.
void NotifyStatus(std::string_view status);
/// Sends WATCHDOG=1.
void NotifyWatchdog();
/// The interval at which to ping the watchdog (half of WatchdogSec=), or
/// nullopt when systemd expects no pings.
std::optional<std::chrono::microseconds> WatchdogPingInterval();

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_SYSTEMD_NOTIFY_H_
