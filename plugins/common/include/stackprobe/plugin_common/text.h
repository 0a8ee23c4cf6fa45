// SPDX-License-Identifier: Apache-2.0
//
// Bounding text that came from a target (which may be anything: huge,
// binary, invalid UTF-8) before it goes into a one-line message.
#ifndef STACKPROBE_PLUGIN_COMMON_TEXT_H_
#define STACKPROBE_PLUGIN_COMMON_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace stackprobe::plugin_common {

/// `text` without leading and trailing ASCII white space (space, \t, \n,
/// \v, \f, \r). Pure.
std::string_view Trim(std::string_view text);

/// The first `max_bytes` bytes of `text` with every byte outside printable
/// ASCII (0x20..0x7e) replaced by '?'. No marker when cut. Pure.
std::string Printable(std::string_view text, std::size_t max_bytes);

/// Printable(text, max_bytes) followed by "..." when `text` was longer, for
/// messages where a reader should see that something was cut. Pure.
std::string Clip(std::string_view text, std::size_t max_bytes = 160);

/// `text` cut to at most `max_bytes` bytes (the "..." that marks a cut
/// included), never in the middle of a UTF-8 sequence; bytes are otherwise
/// kept as they are. Pure.
std::string TruncateUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_TEXT_H_
