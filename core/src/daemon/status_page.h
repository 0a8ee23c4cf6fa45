// SPDX-License-Identifier: Apache-2.0
//
// The status page at `/`, for people watching their stack without Grafana:
// a summary, then each probe (problems first) with its state, reason and
// message, how long ago it ran and since when it is in its state, a strip of
// its last runs with its uptime over them, their latency, its dependencies
// and links. One self-contained document: no scripts, no external files (it
// works offline), a refresh every 10 s, readable on a phone and in dark mode.
#ifndef STACKPROBE_DAEMON_STATUS_PAGE_H_
#define STACKPROBE_DAEMON_STATUS_PAGE_H_

#include <string>
#include <string_view>

#include "model/snapshot.h"

namespace stackprobe::daemon {

/// The page for `snapshot` as of `now` (Unix seconds; ages are relative to
/// it).
std::string StatusHtml(const model::StoreSnapshot& snapshot,
                       const model::ExporterInfo& info, double now);

/// The Content-Security-Policy the page is served with: it needs nothing but
/// its own <style> element, allowed by its SHA-256 (CSP Level 2 hash source:
/// 'sha256-' and the base64 of the digest of the element's text), so
/// `default-src 'none'` covers everything else.
const std::string& StatusPageContentSecurityPolicy();

/// The CSP hash source of an inline element's text: 'sha256-<base64>'.
std::string CspHashSource(std::string_view element_text);

/// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(const std::string& text);

}  // namespace stackprobe::daemon

#endif  // STACKPROBE_DAEMON_STATUS_PAGE_H_
