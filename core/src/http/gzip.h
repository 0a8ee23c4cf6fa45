// SPDX-License-Identifier: Apache-2.0
//
// Content negotiation and compression for response bodies. Prometheus asks
// for gzip on every scrape; a large /metrics page shrinks about tenfold.
#ifndef STACKPROBE_HTTP_GZIP_H_
#define STACKPROBE_HTTP_GZIP_H_

#include <string>
#include <string_view>

namespace stackprobe::http {

/// Whether an Accept-Encoding value (RFC 9110 section 12.5.3) allows gzip:
/// "gzip" or "x-gzip" with a q-value above 0, or else "*" with a q-value above
/// 0. An empty or absent header allows nothing (identity is always safe).
/// Thread-safe (pure).
bool AcceptsGzip(std::string_view accept_encoding);

/// `data` compressed with zlib in the gzip wrapper (RFC 1952). Throws
/// std::runtime_error if zlib fails (out of memory). Thread-safe (pure).
std::string GzipCompress(std::string_view data);

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_GZIP_H_
