// SPDX-License-Identifier: Apache-2.0
//
// The kernel's id of the current boot (/proc/sys/kernel/random/boot_id, see
// proc(5)): the starter records it with each start, so starter_status can
// tell a start of this boot from one of an earlier boot.
#ifndef STACKPROBE_PLUGINS_STARTER_BOOT_ID_H_
#define STACKPROBE_PLUGINS_STARTER_BOOT_ID_H_

#include <string>

namespace stackprobe::starter {

/// The current boot's id (a UUID, 36 characters), or "" when the file
/// cannot be read (not Linux, /proc not mounted). Thread-safe.
std::string CurrentBootId();

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_BOOT_ID_H_
