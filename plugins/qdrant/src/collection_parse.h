// SPDX-License-Identifier: Apache-2.0
//
// Reading Qdrant's REST answers: the collection list (GET /collections) and
// one collection's description (GET /collections/{name}).
#ifndef STACKPROBE_PLUGINS_QDRANT_COLLECTION_PARSE_H_
#define STACKPROBE_PLUGINS_QDRANT_COLLECTION_PARSE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::qdrant {

/// At most this many collections are examined per run (label bound).
inline constexpr std::size_t kMaxCollections = 64;
/// Longer collection names are ignored (label bound).
inline constexpr std::size_t kMaxCollectionNameBytes = 128;

/// What GET /collections/{name} says about one collection. Absent numbers
/// (Qdrant may send null) are nullopt.
struct CollectionInfo {
  std::string status;  ///< green, yellow, grey or red as sent; "" if absent.
  std::optional<double> points;
  std::optional<double> indexed_vectors;
  std::optional<double> segments;
  std::optional<std::int64_t> vector_size;  ///< Unnamed vector, else the
                                            ///< first named one.
  std::string distance;  ///< Cosine, Euclid, Dot, Manhattan; "" if absent.
};

/// Parses a GET /collections body into collection names, keeping at most
/// kMaxCollections names of 1..kMaxCollectionNameBytes bytes. Throws
/// std::exception when the body is not JSON of the documented shape.
std::vector<std::string> ParseCollectionList(std::string_view body);

/// Parses a GET /collections/{name} body. Throws std::exception when the
/// body is not JSON or has no "result" object.
CollectionInfo ParseCollectionInfo(std::string_view body);

/// `distance` when it is one of Qdrant's distances, else "other" (keeps the
/// label bounded).
std::string DistanceLabel(const std::string& distance);

/// `name` percent-encoded for a URL path segment: letters, digits, '-',
/// '_' and '~' are kept; '.' is encoded too, so "." and ".." stay names
/// instead of becoming dot segments.
std::string EncodePathSegment(std::string_view name);

}  // namespace stackprobe::qdrant

#endif  // STACKPROBE_PLUGINS_QDRANT_COLLECTION_PARSE_H_
