// SPDX-License-Identifier: Apache-2.0
//
// The two exposition formats stackprobe serves and how a scrape picks one.
#ifndef STACKPROBE_EXPOSE_FORMAT_H_
#define STACKPROBE_EXPOSE_FORMAT_H_

#include <string_view>

namespace stackprobe::expose {

/// An exposition format.
enum class Format {
  kText004,      ///< Prometheus text format 0.0.4.
  kOpenMetrics,  ///< OpenMetrics 1.0.0 text.
};

/// Picks the format for an HTTP Accept header value. OpenMetrics is chosen
/// when the header lists `application/openmetrics-text` with version 1.0.0
/// or without a version, with a q greater than 0 and at least as high as the
/// q that text/plain gets (from `text/plain`, else `text/*`, else `*/*`).
/// Anything else, including an empty or malformed header, gives kText004.
/// Pure function; thread-safe.
Format NegotiateFormat(std::string_view accept);

/// The Content-Type header value of `format`, with version and charset.
std::string_view ContentType(Format format);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_FORMAT_H_
