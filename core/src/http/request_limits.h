// SPDX-License-Identifier: Apache-2.0
//
// Every byte one request can make the server hold, set in one place: the
// connection applies these limits, and the request fuzz target reads through
// the same ones. Includes Beast: only for server.cc (via connection.h) and
// the fuzz target.
#ifndef STACKPROBE_HTTP_REQUEST_LIMITS_H_
#define STACKPROBE_HTTP_REQUEST_LIMITS_H_

#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>

#include "http/server.h"

namespace stackprobe::http {

/// The most unparsed bytes a connection buffers. Beast's parser consumes a
/// request header, a chunk header line (size and extensions) and the
/// trailer section only when each is complete, so each must fit in this
/// buffer: a longer one ends the read with `buffer_overflow` (431). Body
/// bytes are consumed as they arrive and are bounded by max_body_bytes.
inline std::size_t ReadBufferLimit(const ServerOptions& options) {
  // One read's worth beyond the header limit, so the header limit (with its
  // own error) is met first.
  constexpr std::size_t kReadChunk = 4096;
  return options.max_header_bytes + kReadChunk;
}

/// Applies the header and body limits to a fresh request parser.
template <class Body>
void ApplyRequestLimits(boost::beast::http::request_parser<Body>& parser,
                        const ServerOptions& options) {
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(options.max_body_bytes);
}

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_REQUEST_LIMITS_H_
