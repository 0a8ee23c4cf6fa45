// SPDX-License-Identifier: Apache-2.0
//
// Reads one request as a server connection does: through the server's own
// limits (ApplyRequestLimits) and bounded read buffer (ReadBufferLimit),
// with Beast's read loop, the bytes arriving in pieces as from a socket.
// Shared by the request fuzz targets.
#ifndef STACKPROBE_FUZZ_REQUEST_READING_H_
#define STACKPROBE_FUZZ_REQUEST_READING_H_

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "http/request_limits.h"
#include "http/server.h"

namespace stackprobe::fuzz {

/// A SyncReadStream over fixed bytes, handing out at most `piece` bytes per
/// read, then end of stream.
class PieceStream {
 public:
  PieceStream(std::string_view bytes, std::size_t piece)
      : bytes_(bytes), piece_(piece == 0 ? 1 : piece) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers,
                        boost::system::error_code& ec) {
    ec = {};
    if (bytes_.empty()) {
      ec = boost::asio::error::eof;
      return 0;
    }
    const std::size_t size =
        std::min({piece_, bytes_.size(), boost::asio::buffer_size(buffers)});
    boost::asio::buffer_copy(buffers, boost::asio::buffer(bytes_.data(), size));
    bytes_.remove_prefix(size);
    return size;
  }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    const std::size_t size = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return size;
  }

 private:
  std::string_view bytes_;
  std::size_t piece_;
};

using RequestMessage =
    boost::beast::http::request<boost::beast::http::string_body>;

/// The request `bytes` hold, read in pieces of `piece` bytes; nullopt when
/// the server would refuse it or wait for more. Aborts when a bound the
/// server relies on does not hold.
inline std::optional<RequestMessage> ReadRequest(std::string_view bytes,
                                                 std::size_t piece) {
  const http::ServerOptions options;
  boost::beast::http::request_parser<boost::beast::http::string_body> parser;
  http::ApplyRequestLimits(parser, options);
  boost::beast::flat_buffer buffer(http::ReadBufferLimit(options));
  PieceStream stream(bytes, piece);
  boost::system::error_code ec;
  boost::beast::http::read(stream, buffer, parser, ec);
  if (buffer.size() > http::ReadBufferLimit(options)) std::abort();
  if (ec || !parser.is_done()) return std::nullopt;
  RequestMessage message = parser.release();
  if (message.body().size() > options.max_body_bytes) std::abort();
  return message;
}

}  // namespace stackprobe::fuzz

#endif  // STACKPROBE_FUZZ_REQUEST_READING_H_
