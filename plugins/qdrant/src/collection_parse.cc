// SPDX-License-Identifier: Apache-2.0
#include "collection_parse.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "stackprobe/plugin_common/bounded_json.h"

namespace stackprobe::qdrant {

using plugin_common::ParseBoundedJsonOrThrow;

namespace {

using nlohmann::json;

// Counts are non-negative integers; a value that is not finite, negative or
// beyond the doubles' exact integers (a hostile 1e400 parses as infinity)
// counts as absent, so no conversion to an integer can overflow.
std::optional<double> Number(const json& object, const char* key) {
  constexpr double kLargestExactCount = 9007199254740992.0;  // 2^53
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  const double value = it->get<double>();
  if (!std::isfinite(value) || value < 0 || value > kLargestExactCount) {
    return std::nullopt;
  }
  return value;
}

// config.params.vectors is {"size":N,"distance":D} for an unnamed vector,
// or {"name":{"size":N,...},...} for named vectors.
void ReadVectors(const json& result, CollectionInfo& info) {
  auto config = result.find("config");
  if (config == result.end() || !config->is_object()) return;
  auto params = config->find("params");
  if (params == config->end() || !params->is_object()) return;
  auto vectors = params->find("vectors");
  if (vectors == params->end() || !vectors->is_object()) return;
  const json* params_of_vector = &*vectors;
  if (!vectors->contains("size")) {
    params_of_vector = nullptr;
    for (const auto& [name, value] : vectors->items()) {
      if (value.is_object() && value.contains("size")) {
        params_of_vector = &value;
        break;
      }
    }
    if (params_of_vector == nullptr) return;
  }
  auto size = params_of_vector->find("size");
  if (size != params_of_vector->end() && size->is_number_integer()) {
    info.vector_size = size->get<std::int64_t>();
  }
  auto distance = params_of_vector->find("distance");
  if (distance != params_of_vector->end() && distance->is_string()) {
    info.distance = distance->get<std::string>();
  }
}

}  // namespace

std::vector<std::string> ParseCollectionList(std::string_view body) {
  json parsed = ParseBoundedJsonOrThrow(body);
  const json& collections = parsed.at("result").at("collections");
  if (!collections.is_array()) {
    throw std::invalid_argument("result.collections is not a list");
  }
  std::vector<std::string> names;
  for (const auto& entry : collections) {
    if (names.size() >= kMaxCollections) break;
    if (!entry.is_object()) continue;
    auto name = entry.find("name");
    if (name == entry.end() || !name->is_string()) continue;
    const auto& text = name->get_ref<const std::string&>();
    if (text.empty() || text.size() > kMaxCollectionNameBytes) continue;
    names.push_back(text);
  }
  return names;
}

CollectionInfo ParseCollectionInfo(std::string_view body) {
  json parsed = ParseBoundedJsonOrThrow(body);
  const json& result = parsed.at("result");
  if (!result.is_object()) {
    throw std::invalid_argument("result is not an object");
  }
  CollectionInfo info;
  if (auto status = result.find("status");
      status != result.end() && status->is_string()) {
    info.status = status->get<std::string>();
  }
  info.points = Number(result, "points_count");
  info.indexed_vectors = Number(result, "indexed_vectors_count");
  info.segments = Number(result, "segments_count");
  ReadVectors(result, info);
  return info;
}

std::string DistanceLabel(const std::string& distance) {
  for (const char* known : {"Cosine", "Euclid", "Dot", "Manhattan"}) {
    if (distance == known) return distance;
  }
  return "other";
}

std::string EncodePathSegment(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (byte >= 'a' && byte <= 'z') ||
                      (byte >= 'A' && byte <= 'Z') ||
                      (byte >= '0' && byte <= '9') || byte == '-' ||
                      byte == '_' || byte == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace stackprobe::qdrant
