// SPDX-License-Identifier: Apache-2.0
//
// Who the checks are about: the account whose containers must start, which
// may differ from the account stackprobe runs as.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_USER_IDENTITY_H_
#define STACKPROBE_PLUGINS_ROOTLESS_USER_IDENTITY_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace stackprobe::rootless {

/// An account as found in the password database. Plain data.
struct UserIdentity {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;  ///< Primary group.
  std::string home;
  std::vector<gid_t> groups;  ///< Supplementary groups, primary included.
};

/// Looks `spec` up (a user name, or a decimal uid) in `passwd_file` when it
/// is not empty (a file in /etc/passwd format, for tests), else in the system
/// database (NSS). An empty `spec` means the effective uid of this process.
/// Throws std::invalid_argument("user: ...") when there is no such account.
/// Thread-safe (uses the reentrant NSS calls).
UserIdentity ResolveUser(const std::string& spec,
                         const std::string& passwd_file);

/// Name of the account with `uid`, or the number as text when unknown.
/// Thread-safe.
std::string UserNameOf(uid_t uid);

}  // namespace stackprobe::rootless

#endif  // STACKPROBE_PLUGINS_ROOTLESS_USER_IDENTITY_H_
