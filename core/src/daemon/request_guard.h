// SPDX-License-Identifier: Apache-2.0
//
// What a web page in the user's browser must not be able to do through the
// exporter: DNS rebinding (a page whose own name resolves to 127.0.0.1 reads
// /api/v1/status or /probe) and cross-site requests that change state (a
// form or fetch that POSTs /-/reload or /api/v1/actions/start). Requests
// must name this exporter in their Host header, and state-changing ones
// must not come from a foreign origin or as a browser form or plain-text
// body (the only bodies a page may send elsewhere without asking first).
// Routes that make the exporter send requests (/probe) take no fetch of a
// browser from another site at all, not even a GET (an <img> on any page).
#ifndef STACKPROBE_DAEMON_REQUEST_GUARD_H_
#define STACKPROBE_DAEMON_REQUEST_GUARD_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace stackprobe::daemon {

/// Whether a Host header value (a name or address, optionally with a port)
/// names this exporter: an IP address (a rebinding page cannot make its
/// requests carry one), `localhost`, one of `this_host_names`, or one of
/// `allowed_names` (the config's api.allowed_hosts). Case-insensitive. An
/// absent Host (HTTP/1.0) is accepted.
bool HostAllowed(std::string_view host_header,
                 const std::vector<std::string>& allowed_names,
                 const std::vector<std::string>& this_host_names);

/// This machine's names as a Host header may carry them (gethostname and
/// its first label), lower case.
std::vector<std::string> ThisHostNames();

/// The refusal of `request`, or nullopt when it may be served:
/// 421 when the Host is not this exporter; for `changes_state` routes 403
/// when an Origin header names another host (or is "null"), or the body is
/// a form or plain text.
std::optional<http::Response> RefuseRequest(
    const http::Request& request, bool changes_state,
    const std::vector<std::string>& allowed_names,
    const std::vector<std::string>& this_host_names);

/// The refusal of a request a browser made for a page of another site, or
/// nullopt: 403 when its Sec-Fetch-Site header is `cross-site` or
/// `same-site` (browsers send it on every request, images and navigations
/// included; Prometheus and curl send none, and `same-origin` or `none`, an
/// address typed by the user, are served). Case-insensitive.
std::optional<http::Response> RefuseCrossSiteFetch(
    const http::Request& request);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_REQUEST_GUARD_H_
