// SPDX-License-Identifier: Apache-2.0
// Chunked request bodies: chunk sizes, chunk extensions and trailer fields,
// read as a connection reads them (request_reading.h), so every byte a
// client can make the server hold stays within the server's bounds.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_input.h"
#include "request_reading.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  // The first byte sets how many bytes each read hands over (1..256).
  const std::size_t piece = std::size_t{data[0]} + 1;
  const std::string request =
      "POST /-/reload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Transfer-Encoding: chunked\r\n\r\n" +
      std::string(stackprobe::fuzz::AsText(data + 1, size - 1));
  const auto message = stackprobe::fuzz::ReadRequest(request, piece);
  if (!message) return 0;
  // A complete request: its trailers are fields of the message; all of it
  // came through the bounded buffer.
  std::size_t field_bytes = 0;
  for (const auto& field : *message) {
    field_bytes += field.name_string().size() + field.value().size();
  }
  if (field_bytes > request.size()) std::abort();
  return 0;
}
