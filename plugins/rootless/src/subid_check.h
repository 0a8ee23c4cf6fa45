// SPDX-License-Identifier: Apache-2.0
//
// The /etc/subuid and /etc/subgid checks (subuid(5)): the user needs a range
// of subordinate IDs of its own, or podman falls back to a single-ID mapping.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_SUBID_CHECK_H_
#define STACKPROBE_PLUGINS_ROOTLESS_SUBID_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "user_identity.h"

namespace stackprobe::rootless {

/// One "owner:start:count" line.
struct SubIdRange {
  std::string owner;  ///< User name or decimal uid, as written.
  std::uint64_t start = 0;
  std::uint64_t count = 0;
  int line = 0;  ///< 1-based line number.
};

/// Parsed lines; comments and blank lines skipped, malformed ones listed.
struct SubIdFile {
  std::vector<SubIdRange> ranges;
  std::vector<int> malformed_lines;
};

/// Parses the text of a subuid/subgid file. Thread-safe.
SubIdFile ParseSubIdFile(std::string_view text);

/// Which file is checked.
enum class SubIdKind { kSubUid, kSubGid };

/// The result of CheckSubIds: the check plus the user's total range size
/// (nullopt when the file could not be read).
struct SubIdOutcome {
  Check check;
  std::optional<std::uint64_t> range_size;
};

/// Checks `file` (at most 4 MiB) for `user`: at least one range owned by the
/// user's name or uid (fail otherwise), total size >= `min_range` (fail), and
/// no overlap with another owner's range (warn: containers start but share
/// host IDs). Check id "subuid_range" or "subgid_range". Thread-safe.
SubIdOutcome CheckSubIds(SubIdKind kind, const std::string& file,
                         const UserIdentity& user, std::uint64_t min_range);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_SUBID_CHECK_H_
