// SPDX-License-Identifier: Apache-2.0
//
// The framing of the worker protocol: each message is a 4-byte big-endian
// length followed by that many bytes of JSON text. Both ends are Unix stream
// sockets; every wait is bounded by a deadline and can be cut short by a
// cancellation flag, so a stuck peer can never hang the caller.
#ifndef STACKPROBE_ISOLATE_FRAME_H_
#define STACKPROBE_ISOLATE_FRAME_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stackprobe::isolate {

/// Largest payload either end accepts, in bytes. A bigger announced length is
/// a protocol error (the peer is broken or hostile), not an allocation.
inline constexpr std::size_t kMaxFrameBytes = 64u << 20;

/// How a frame transfer ended.
enum class FrameStatus : std::uint8_t {
  kOk = 0,         ///< A whole frame was sent or received.
  kEof = 1,        ///< The peer closed before a whole frame was read.
  kTimeout = 2,    ///< The deadline passed first.
  kCancelled = 3,  ///< `cancelled` became true first.
  kError = 4,      ///< A system error or an oversized frame; see `error`.
};

/// Sends `payload` as one frame on socket `fd`, waiting for room until
/// `deadline`. Never raises SIGPIPE (a dead peer is kError). Thread-safe for
/// distinct sockets.
FrameStatus WriteFrame(int fd, std::string_view payload,
                       std::chrono::steady_clock::time_point deadline,
                       std::string& error);

/// Reads one frame from socket `fd` into `payload`, waiting until `deadline`
/// (time_point::max() waits for ever). `cancelled` (may be null) is polled
/// at least every 50 ms. Thread-safe for distinct sockets.
FrameStatus ReadFrame(int fd, std::string& payload,
                      std::chrono::steady_clock::time_point deadline,
                      const std::atomic<bool>* cancelled, std::string& error);

}  // namespace stackprobe::isolate

#endif  // STACKPROBE_ISOLATE_FRAME_H_
