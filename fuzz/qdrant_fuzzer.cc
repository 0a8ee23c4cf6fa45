// SPDX-License-Identifier: Apache-2.0
// The Qdrant plugin's body parsers: any body is either refused with an
// exception or parsed into bounded values.
#include <cstdint>
#include <cstdlib>
#include <exception>

#include "collection_parse.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  namespace qdrant = stackprobe::qdrant;
  const auto body = stackprobe::fuzz::AsText(data, size);
  try {
    const auto names = qdrant::ParseCollectionList(body);
    for (const auto& name : names) {
      if (name.empty()) std::abort();
      qdrant::EncodePathSegment(name);
    }
  } catch (const std::exception&) {
  }
  try {
    const auto info = qdrant::ParseCollectionInfo(body);
    qdrant::DistanceLabel(info.distance);
  } catch (const std::exception&) {
  }
  return 0;
}
