// SPDX-License-Identifier: Apache-2.0
//
// Turns a handler's Response into what goes on the wire (status, header
// fields, encoded body), independent of Beast so it is tested on its own.
#ifndef STACKPROBE_HTTP_RESPONSE_BUILDER_H_
#define STACKPROBE_HTTP_RESPONSE_BUILDER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.h"

namespace stackprobe::http {

/// A response ready to serialise. Content-Length is the serialiser's job.
struct EncodedResponse {
  int status = 200;  ///< 200..599; any other handler status becomes 500.
  /// Server, Content-Type, the handler's fields, and Content-Encoding/Vary
  /// when they apply.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  ///< gzipped when Content-Encoding says so.
};

/// Gzips the body when it is at least `gzip_min_bytes` long, the client's
/// `accept_encoding` allows gzip and the handler did not set its own
/// Content-Encoding. Such a body gets `Vary: Accept-Encoding` whether or not
/// it was compressed, so caches keep both forms apart. Thread-safe (pure).
EncodedResponse EncodeResponse(Response response,
                               std::string_view accept_encoding,
                               std::size_t gzip_min_bytes);

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_RESPONSE_BUILDER_H_
