// SPDX-License-Identifier: Apache-2.0
#include "decision_window.h"

namespace stackprobe::telemetry {

void DecisionWindow::Push(bool local, bool remote) {
  if (size_ == kDecisionWindow) {
    const std::uint8_t dropped = entries_[next_];
    if ((dropped & kLocal) != 0) --local_;
    if ((dropped & kRemote) != 0) --remote_;
  } else {
    ++size_;
  }
  entries_[next_] =
      static_cast<std::uint8_t>((local ? kLocal : 0) | (remote ? kRemote : 0));
  next_ = (next_ + 1) % kDecisionWindow;
  if (local) ++local_;
  if (remote) ++remote_;
}

void DecisionWindow::Clear() { *this = DecisionWindow{}; }

}  // namespace stackprobe::telemetry
