// SPDX-License-Identifier: Apache-2.0
//
// The unit of every rootless preflight finding: one check with its status,
// what was seen and how to fix it.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_CHECK_H_
#define STACKPROBE_PLUGINS_ROOTLESS_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::rootless {

/// Outcome of one check. kFail means containers cannot start; kWarn means
/// they can, with a risk; kSkipped means the check could not run here.
enum class CheckStatus { kOk, kWarn, kFail, kSkipped };

/// Lower-case name used in metrics and JSON: "ok", "warn", "fail", "skipped".
std::string_view StatusName(CheckStatus status);

/// Every status name, in metric order (the StateSet states).
const std::vector<std::string>& AllStatusNames();

/// One finding. Plain data; copyable; not thread-safe to share mutably.
struct Check {
  std::string id;  ///< Fixed identifier, e.g. "newuidmap_setuid".
  CheckStatus status = CheckStatus::kOk;
  std::string title;        ///< One line: what is right or wrong.
  std::string evidence;     ///< Paths, modes, owners, mount flags, file lines.
  std::string fix_nixos;    ///< The fix in NixOS configuration terms.
  std::string fix_generic;  ///< The fix on any other distribution.
};

/// Identifiers of every check, in the order they run. The check label of
/// the check_status StateSet only ever takes these values.
const std::vector<std::string>& AllCheckIds();

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_CHECK_H_
