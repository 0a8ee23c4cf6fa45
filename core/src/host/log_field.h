// SPDX-License-Identifier: Apache-2.0
//
// Values of the core's structured (logfmt, key="value") log fields.
#ifndef STACKPROBE_HOST_LOG_FIELD_H_
#define STACKPROBE_HOST_LOG_FIELD_H_

#include <string>
#include <string_view>

namespace stackprobe::host {

/// `text` as a quoted logfmt value: in double quotes, with `"`, `\`, line
/// feed and carriage return escaped, so it stays one field on one line.
/// Thread-safe.
std::string LogfmtQuote(std::string_view text);

}  // namespace stackprobe::host

#endif  // STACKPROBE_HOST_LOG_FIELD_H_
