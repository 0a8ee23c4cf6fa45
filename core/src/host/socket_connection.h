// SPDX-License-Identifier: Apache-2.0
//
// The stream connection behind HostContext::Connect: TCP (IPv4 or IPv6) or a
// Unix socket, non-blocking, every call bounded by the context's deadline.
#ifndef STACKPROBE_HOST_SOCKET_CONNECTION_H_
#define STACKPROBE_HOST_SOCKET_CONNECTION_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "stackprobe/plugin.h"

namespace stackprobe::host {

/// A connected socket handed to a plugin. Owned by the context that opened
/// it; Close() only closes the fd, the context frees the object when it is
/// destroyed. Not thread-safe (one plugin call uses it).
class SocketConnection final : public Connection {
 public:
  /// Connects to request.unix_path, or else to request.host:request.port
  /// (every address ResolveStream returns, in order, until one answers).
  /// Resolution and connect end at the earlier of request.timeout (when
  /// non-zero) and `deadline`; later Read/Write calls end at `deadline`.
  /// `cancelled` (may be null, must outlive the connection) aborts waits.
  /// Returns nullptr with `error` set on failure.
  static std::unique_ptr<SocketConnection> Open(
      const ConnectRequest& request,
      std::chrono::steady_clock::time_point deadline,
      const std::atomic<bool>* cancelled, std::string& error);

  /// Closes the fd if still open.
  ~SocketConnection();
  SocketConnection(const SocketConnection&) = delete;
  SocketConnection& operator=(const SocketConnection&) = delete;

  /// Sends all of `data` (no SIGPIPE); false with `error` on failure,
  /// deadline, cancellation or after Close().
  bool Write(std::string_view data, std::string& error) override;
  /// Appends 1..max_bytes bytes to `out`. False on EOF (error empty), on
  /// failure, deadline or cancellation (error set).
  bool Read(std::string& out, std::size_t max_bytes,
            std::string& error) override;
  /// Closes the fd; idempotent. The object stays valid until its context
  /// is destroyed, but every later call fails.
  void Close() override;

  /// True until Close().
  bool is_open() const { return fd_ >= 0; }

 private:
  SocketConnection(int fd, std::string peer,
                   std::chrono::steady_clock::time_point deadline,
                   const std::atomic<bool>* cancelled);

  int fd_;
  std::string peer_;  ///< "host:port" or the socket path, for messages.
  std::chrono::steady_clock::time_point deadline_;
  const std::atomic<bool>* cancelled_;
};

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_SOCKET_CONNECTION_H_
