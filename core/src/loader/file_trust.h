// SPDX-License-Identifier: Apache-2.0
//
// Whether a file may be loaded as code: loading a plugin runs it, so a file
// that someone else could have written is refused. The file is judged
// through the descriptor it is then loaded from, so swapping the path after
// the check changes nothing.
#ifndef STACKPROBE_LOADER_FILE_TRUST_H_
#define STACKPROBE_LOADER_FILE_TRUST_H_

#include <optional>
#include <string>

namespace stackprobe::loader {

/// Returns nullopt when the open file `fd` is a regular file owned by root or
/// the effective user and not writable by group or others; else one line
/// saying what is wrong (with the mode and owner as evidence). Judges what
/// was opened, whatever its path names by now. Does not take ownership.
std::optional<std::string> UntrustedBecause(int fd);

/// Returns nullopt when the open folder `fd` (named `folder` in the line) is
/// owned by root or the effective user and not writable by group or others,
/// sticky bit or not; else one line saying what is wrong.
std::optional<std::string> UntrustedFolderBecause(int fd,
                                                  const std::string& folder);

/// Opens `path` to be loaded: read-only, close-on-exec, never through a
/// symbolic link in its last component, never waiting on a FIFO. Checks its
/// folder and then the opened file as above. Returns the descriptor (the
/// caller closes it) or -1 with `why` set to one line.
int OpenTrusted(const std::string& path, std::string& why);

}  // namespace stackprobe::loader

#endif  // STACKPROBE_LOADER_FILE_TRUST_H_
