// SPDX-License-Identifier: Apache-2.0
//
// Content negotiation and compression for response bodies. Prometheus asks
// for gzip on every scrape; a large /metrics page shrinks about tenfold.
#ifndef STACKPROBE_HTTP_GZIP_H_
#define STACKPROBE_HTTP_GZIP_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::http {

/// Whether an Accept-Encoding value (RFC 9110 section 12.5.3) allows gzip:
/// "gzip" or "x-gzip" with a q-value above 0, or else "*" with a q-value above
/// 0. An empty or absent header allows nothing (identity is always safe).
/// Thread-safe (pure).
bool AcceptsGzip(std::string_view accept_encoding);

/// `data` compressed with zlib in the gzip wrapper (RFC 1952). Throws
/// std::runtime_error if zlib fails (out of memory). Thread-safe (pure).
std::string GzipCompress(std::string_view data);

/// Compressed text that joins with other segments, in any order, into one
/// gzip body: raw deflate (RFC 1951) that refers to no byte before it and
/// ends in a full flush (byte-aligned, no final block). So a large text that
/// stays the same is compressed once and joined with the parts that change.
struct DeflateSegment {
  std::string deflated;
  std::uint32_t crc = 0;   ///< CRC-32 of the uncompressed bytes.
  std::size_t length = 0;  ///< Uncompressed bytes.
};

/// Makes DeflateSegments with one zlib state (set up once, reset per
/// segment). Not thread-safe: one per thread or per render.
class SegmentCompressor {
 public:
  /// Throws std::runtime_error if zlib cannot start (out of memory).
  SegmentCompressor();
  ~SegmentCompressor();
  SegmentCompressor(const SegmentCompressor&) = delete;
  SegmentCompressor& operator=(const SegmentCompressor&) = delete;

  DeflateSegment Compress(std::string_view data);

 private:
  struct State;
  State* state_;
};

/// One gzip member (RFC 1952) holding the segments' texts in order: header,
/// the segments, an empty final block, then the combined CRC-32 and length.
/// Pure; thread-safe.
std::string JoinGzip(const std::vector<const DeflateSegment*>& segments);

}  // namespace stackprobe::http

#endif  // STACKPROBE_HTTP_GZIP_H_
