// SPDX-License-Identifier: Apache-2.0
//
// The local/remote decisions of the last kDecisionWindow entries (lines or
// events), kept as a fixed ring so that memory does not grow with the file.
#ifndef STACKPROBE_PLUGINS_TELEMETRY_DECISION_WINDOW_H_
#define STACKPROBE_PLUGINS_TELEMETRY_DECISION_WINDOW_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace stackprobe::telemetry {

/// Decisions are counted over this many last entries.
inline constexpr std::size_t kDecisionWindow = 100;

/// Counts of local and remote decisions among the last kDecisionWindow
/// entries pushed. Not thread-safe.
class DecisionWindow {
 public:
  /// Adds one entry; the oldest one leaves once the window is full. An
  /// entry may be local, remote, both (counted in each) or neither.
  void Push(bool local, bool remote);

  /// Forgets every entry.
  void Clear();

  /// Entries in the window that are local.
  std::uint64_t local() const { return local_; }
  /// Entries in the window that are remote.
  std::uint64_t remote() const { return remote_; }

 private:
  static constexpr std::uint8_t kLocal = 1;
  static constexpr std::uint8_t kRemote = 2;

  std::array<std::uint8_t, kDecisionWindow> entries_{};
  std::size_t size_ = 0;
  std::size_t next_ = 0;
  std::uint64_t local_ = 0;
  std::uint64_t remote_ = 0;
};

}  // namespace stackprobe::telemetry

#endif  // STACKPROBE_PLUGINS_TELEMETRY_DECISION_WINDOW_H_
