// SPDX-License-Identifier: Apache-2.0
//
// Replacing a file so that readers see either the old or the new content,
// never a mix, and a crash leaves one of the two.
#ifndef STACKPROBE_HOST_ATOMIC_FILE_H_
#define STACKPROBE_HOST_ATOMIC_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace stackprobe::host {

/// Writes `content` to a temporary `.<name>.tmp.XXXXXX` in the folder of
/// `path`, sets `mode` (permission bits, e.g. 0644), fsyncs it, renames it
/// over `path` and fsyncs the folder. On any failure the temporary is
/// removed, `path` is left as it was, and `error` names the path and the
/// system error. The first write of a path in a process also removes that
/// path's temporaries older than ten minutes that belong to this user: what a
/// writer killed mid-write (kill -9, power loss) left behind. Thread-safe;
/// two concurrent writers of one path each produce a complete file, the last
/// rename wins. Refused (`error` says why, see stackprobe/sdk/output_path.h):
/// a path whose folder really is in a system folder (/etc, /usr, ...), and
/// replacing an existing file that is no regular file or that another user
/// owns. The folder is opened once and every step goes through it.
bool WriteFileAtomically(const std::string& path, std::string_view content,
                         std::uint32_t mode, std::string& error);

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_ATOMIC_FILE_H_
