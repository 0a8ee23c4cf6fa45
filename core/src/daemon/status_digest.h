// SPDX-License-Identifier: Apache-2.0
//
// What the daemon logs about its probes as a whole, now and then, so that a
// terminal or the journal tells a story between the state changes: a
// one-line summary every few minutes while some probe is not up, and once a
// hint when no probe is up after each has run (the stack is probably not
// running, or this is a machine without it).
#ifndef STACKPROBE_DAEMON_STATUS_DIGEST_H_
#define STACKPROBE_DAEMON_STATUS_DIGEST_H_

#include <string>
#include <vector>

#include "model/snapshot.h"

namespace stackprobe::daemon {

/// "2 of 7 probes not up: qdrant down (refused) for 12 min, aidb blocked
/// (dependency), blocked by postgres for 3 min"; "" when every probe that
/// ran is up or degraded.
std::string NotUpSummary(const model::StoreSnapshot& snapshot, double now);

/// Decides which digest lines are due. Not thread-safe: the serve loop owns
/// it.
class StatusDigest {
 public:
  /// `started` is the daemon's start (Unix seconds); a summary is due at most
  /// every `summary_every` seconds, the first one that long after the start.
  StatusDigest(double started, double summary_every = 300);

  /// The logfmt lines to log at `now` (usually none): `event=summary ...` at
  /// info, and once `event=hint ...`.
  std::vector<std::string> Due(const model::StoreSnapshot& snapshot,
                               double now);

 private:
  const double summary_every_;
  double last_summary_;
  bool hinted_ = false;
};

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_STATUS_DIGEST_H_
