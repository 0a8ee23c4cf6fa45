// SPDX-License-Identifier: Apache-2.0
//
// Whether two URLs name the same origin (scheme, host and port), the line
// `/probe?target=` draws before a probe's credentials may go along: a
// target on the configured URL's origin gets them, any other does not.
#ifndef STACKPROBE_DAEMON_URL_ORIGIN_H_
#define STACKPROBE_DAEMON_URL_ORIGIN_H_

#include <string_view>

namespace stackprobe::daemon {

/// True when `a` and `b` are absolute URLs (`scheme://authority...`) with
/// the same scheme, host and port. Scheme and host compare case-insensitively
/// (IPv6 literals in brackets included); a missing port is the scheme's
/// default (80 for http, 443 for https); userinfo is ignored. A URL that does
/// not parse strictly (no scheme, an empty host, a bad port, more than one
/// `@`, a backslash or another unexpected character in the authority) has no
/// origin, so it is never the same origin as anything. Pure; thread-safe.
bool SameOrigin(std::string_view a, std::string_view b);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_URL_ORIGIN_H_
