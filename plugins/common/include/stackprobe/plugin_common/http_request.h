// SPDX-License-Identifier: Apache-2.0
//
// Building the GET requests and base URLs that the HTTP-based probes use.
#ifndef STACKPROBE_PLUGIN_COMMON_HTTP_REQUEST_H_
#define STACKPROBE_PLUGIN_COMMON_HTTP_REQUEST_H_

#include <cstddef>
#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::plugin_common {

/// A GET of `url` that reads at most `max_body_bytes` of body (a larger
/// body fails with HttpError::kBodyTooLarge); other fields keep the
/// defaults of plugin.h. Pure.
HttpRequest GetRequest(std::string url, std::size_t max_body_bytes);

/// `url` without trailing slashes, so paths can be appended with "/x".
/// Throws std::invalid_argument("base_url: expected an http:// or https://
/// URL, got \"...\"") (the URL redacted) for any other scheme. Pure.
std::string NormalizeBaseUrl(std::string url);

/// `url` as it may be shown (details, messages, logs): without userinfo
/// (`user:password@`), query and fragment, which may hold credentials.
/// Every plugin shows URLs through this. Pure.
std::string RedactUrl(const std::string& url);

}  // namespace stackprobe::plugin_common

#endif  // STACKPROBE_PLUGIN_COMMON_HTTP_REQUEST_H_
