// SPDX-License-Identifier: Apache-2.0
//
// Values of the starter's progress lines (`starter: container=NAME
// step=start note="..."`), written so that every line is valid logfmt: the
// CLI logs them and forwards them to systemd as STATUS=, and log shippers
// parse them as key=value pairs.
#ifndef STACKPROBE_PLUGINS_STARTER_LOGFMT_H_
#define STACKPROBE_PLUGINS_STARTER_LOGFMT_H_

#include <string>
#include <string_view>

namespace stackprobe::starter {

/// `value` as a logfmt value: unchanged when it is non-empty and holds no
/// space, '=', '"', '\\' or control character; else in double quotes with
/// '\\' and '"' escaped and control characters written as \n, \r, \t or
/// \u00XX (the escapes go-logfmt reads back). Thread-safe.
std::string LogfmtValue(std::string_view value);

/// " key=value" with the value passed through LogfmtValue, ready to append
/// to a progress line. Thread-safe.
std::string LogfmtField(std::string_view key, std::string_view value);

}  // namespace stackprobe::starter

#endif  // STACKPROBE_PLUGINS_STARTER_LOGFMT_H_
