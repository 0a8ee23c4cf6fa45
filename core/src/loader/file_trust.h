// SPDX-License-Identifier: Apache-2.0
//
// Whether a file may be loaded as code: loading a plugin runs it, so a file
// that someone else could have written is refused.
#ifndef STACKPROBE_LOADER_FILE_TRUST_H_
#define STACKPROBE_LOADER_FILE_TRUST_H_

#include <optional>
#include <string>

namespace stackprobe::loader {

/// Returns nullopt when `path` is a regular file owned by root or the
/// effective user, not writable by group or others, in a folder that is
/// equally protected; else one line saying what is wrong (with the mode and
/// owner as evidence).
std::optional<std::string> UntrustedBecause(const std::string& path);

}  // namespace stackprobe::loader

#endif  // STACKPROBE_LOADER_FILE_TRUST_H_
