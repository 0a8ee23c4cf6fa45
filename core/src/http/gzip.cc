// SPDX-License-Identifier: Apache-2.0
#include "http/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace stackprobe::http {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 16 selects the gzip wrapper.
constexpr int kMemLevel = 8;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// A qvalue is "0" to "1" with up to three decimals; only its zero-ness
// matters here. A malformed qvalue counts as acceptable, as most servers do.
bool QValueIsZero(std::string_view params) {
  while (!params.empty()) {
    const std::size_t semi = params.find(';');
    const std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{}
                                            : params.substr(semi + 1);
    if (param.size() < 2 || std::tolower(param[0]) != 'q' || param[1] != '=') {
      continue;
    }
    const std::string_view value = Trim(param.substr(2));
    return !value.empty() &&
           std::all_of(value.begin(), value.end(),
                       [](char c) { return c == '0' || c == '.'; });
  }
  return false;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<bool> gzip;
  std::optional<bool> wildcard;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{}
                                           : rest.substr(comma + 1);
    const std::size_t semi = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semi));
    const bool allowed =
        semi == std::string_view::npos || !QValueIsZero(item.substr(semi + 1));
    if (EqualsIgnoreCase(coding, "gzip") ||
        EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = allowed;
    } else if (coding == "*") {
      wildcard = allowed;
    }
  }
  if (gzip.has_value()) return *gzip;
  return wildcard.value_or(false);
}

std::string GzipCompress(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits,
                   kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("gzip: deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  // zlib's API is not const-correct; it never writes through next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const uLong written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("gzip: deflate failed");
  out.resize(written);
  return out;
}

struct SegmentCompressor::State {
  z_stream stream{};
};

SegmentCompressor::SegmentCompressor() : state_(new State) {
  // Negative window bits: raw deflate, no zlib or gzip wrapper.
  if (deflateInit2(&state_->stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15,
                   kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
    delete state_;
    throw std::runtime_error("gzip: deflateInit2 failed");
  }
}

SegmentCompressor::~SegmentCompressor() {
  deflateEnd(&state_->stream);
  delete state_;
}

DeflateSegment SegmentCompressor::Compress(std::string_view data) {
  z_stream& stream = state_->stream;
  // A reset stream refers to nothing compressed before.
  if (deflateReset(&stream) != Z_OK) {
    throw std::runtime_error("gzip: deflateReset failed");
  }
  DeflateSegment segment;
  segment.length = data.size();
  segment.crc = static_cast<std::uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data.data()),
            static_cast<uInt>(data.size())));
  // deflateBound covers a finished stream; a full flush adds at most the
  // empty stored block (5 bytes) and the bits before it.
  segment.deflated.resize(
      deflateBound(&stream, static_cast<uLong>(data.size())) + 16);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(segment.deflated.data());
  stream.avail_out = static_cast<uInt>(segment.deflated.size());
  const int result = deflate(&stream, Z_FULL_FLUSH);
  if (result != Z_OK || stream.avail_in != 0 || stream.avail_out == 0) {
    throw std::runtime_error("gzip: deflate failed");
  }
  segment.deflated.resize(segment.deflated.size() - stream.avail_out);
  return segment;
}

std::string JoinGzip(const std::vector<const DeflateSegment*>& segments) {
  // RFC 1952: ID1 ID2 CM=8 FLG=0 MTIME=0 XFL=0 OS=255 (unknown).
  static constexpr char kHeader[] = {'\x1f', '\x8b', '\x08', 0, 0,
                                     0,      0,      0,      0, '\xff'};
  // RFC 1951: a final fixed-Huffman block holding only end-of-block.
  static constexpr char kFinalBlock[] = {'\x03', '\x00'};
  std::size_t size = sizeof(kHeader) + sizeof(kFinalBlock) + 8;
  for (const DeflateSegment* segment : segments) {
    size += segment->deflated.size();
  }
  std::string out;
  out.reserve(size);
  out.append(kHeader, sizeof(kHeader));
  uLong crc = crc32(0L, Z_NULL, 0);
  std::uint64_t length = 0;
  for (const DeflateSegment* segment : segments) {
    out.append(segment->deflated);
    crc =
        crc32_combine(crc, segment->crc, static_cast<z_off_t>(segment->length));
    length += segment->length;
  }
  out.append(kFinalBlock, sizeof(kFinalBlock));
  // CRC32 and ISIZE (length modulo 2^32), little-endian.
  for (const std::uint64_t value : {std::uint64_t{crc}, length}) {
    for (int i = 0; i < 4; ++i) {
      out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
    }
  }
  return out;
}

}  // namespace stackprobe::http
