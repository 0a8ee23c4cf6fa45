// SPDX-License-Identifier: Apache-2.0
#include "isolate/frame.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace stackprobe::isolate {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPollSliceMs = 50;

// Waits until `fd` is ready for `events`; kOk when it is (or has hung up).
FrameStatus WaitFor(int fd, short events, Clock::time_point deadline,
                    const std::atomic<bool>* cancelled, std::string& error) {
  while (true) {
    if (cancelled != nullptr && cancelled->load()) {
      return FrameStatus::kCancelled;
    }
    int slice = kPollSliceMs;
    if (deadline != Clock::time_point::max()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - Clock::now())
                            .count();
      if (left <= 0) {
        return FrameStatus::kTimeout;
      }
      slice = static_cast<int>(std::min<long long>(left, kPollSliceMs));
    }
    pollfd entry{fd, events, 0};
    const int ready = ::poll(
        &entry, 1,
        cancelled != nullptr || deadline != Clock::time_point::max() ? slice
                                                                     : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      error = std::string("poll: ") + std::strerror(errno);
      return FrameStatus::kError;
    }
    if (ready > 0) {
      return FrameStatus::kOk;
    }
  }
}

FrameStatus ReadExactly(int fd, char* out, std::size_t size,
                        Clock::time_point deadline,
                        const std::atomic<bool>* cancelled,
                        std::string& error) {
  std::size_t done = 0;
  while (done < size) {
    const auto waited = WaitFor(fd, POLLIN, deadline, cancelled, error);
    if (waited != FrameStatus::kOk) return waited;
    const ssize_t got = ::recv(fd, out + done, size - done, MSG_DONTWAIT);
    if (got == 0) {
      return FrameStatus::kEof;
    }
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      if (errno == ECONNRESET) return FrameStatus::kEof;
      error = std::string("recv: ") + std::strerror(errno);
      return FrameStatus::kError;
    }
    done += static_cast<std::size_t>(got);
  }
  return FrameStatus::kOk;
}

}  // namespace

FrameStatus WriteFrame(int fd, std::string_view payload,
                       Clock::time_point deadline, std::string& error) {
  if (payload.size() > kMaxFrameBytes) {
    error = "frame of " + std::to_string(payload.size()) +
            " bytes is over the limit";
    return FrameStatus::kError;
  }
  const auto size = static_cast<std::uint32_t>(payload.size());
  std::string wire;
  wire.reserve(payload.size() + 4);
  for (int shift = 24; shift >= 0; shift -= 8) {
    wire.push_back(static_cast<char>((size >> shift) & 0xffu));
  }
  wire.append(payload);
  std::size_t done = 0;
  while (done < wire.size()) {
    const auto waited = WaitFor(fd, POLLOUT, deadline, nullptr, error);
    if (waited != FrameStatus::kOk) return waited;
    const ssize_t sent = ::send(fd, wire.data() + done, wire.size() - done,
                                MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      if (errno == EPIPE || errno == ECONNRESET) return FrameStatus::kEof;
      error = std::string("send: ") + std::strerror(errno);
      return FrameStatus::kError;
    }
    done += static_cast<std::size_t>(sent);
  }
  return FrameStatus::kOk;
}

FrameStatus ReadFrame(int fd, std::string& payload, Clock::time_point deadline,
                      const std::atomic<bool>* cancelled, std::string& error) {
  unsigned char header[4];
  auto status = ReadExactly(fd, reinterpret_cast<char*>(header), sizeof header,
                            deadline, cancelled, error);
  if (status != FrameStatus::kOk) return status;
  const std::uint32_t size =
      (std::uint32_t{header[0]} << 24) | (std::uint32_t{header[1]} << 16) |
      (std::uint32_t{header[2]} << 8) | std::uint32_t{header[3]};
  if (size > kMaxFrameBytes) {
    error = "the peer announced a frame of " + std::to_string(size) +
            " bytes, over the limit";
    return FrameStatus::kError;
  }
  payload.assign(size, '\0');
  return ReadExactly(fd, payload.data(), size, deadline, cancelled, error);
}

}  // namespace stackprobe::isolate
