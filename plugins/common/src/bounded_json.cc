// SPDX-License-Identifier: Apache-2.0
#include "stackprobe/plugin_common/bounded_json.h"

#include <stdexcept>

#include "stackprobe/plugin_common/text.h"

namespace stackprobe::plugin_common {
namespace {

// nlohmann's messages quote the offending token; one line is enough.
constexpr std::size_t kMaxErrorBytes = 160;

std::string TooDeepMessage(int max_depth) {
  return "JSON nested deeper than " + std::to_string(max_depth) + " levels";
}

template <typename Json>
Json ParseWithDepthLimitOrThrow(std::string_view text, int max_depth) {
  // Throwing from the callback stops at the first too-deep value instead of
  // parsing (and discarding) the rest of a hostile body.
  auto callback = [max_depth](int depth, typename Json::parse_event_t event,
                              Json& /*parsed*/) -> bool {
    if ((event == Json::parse_event_t::object_start ||
         event == Json::parse_event_t::array_start) &&
        depth >= max_depth) {
      throw std::length_error(TooDeepMessage(max_depth));
    }
    return true;
  };
  return Json::parse(text.begin(), text.end(), callback);
}

template <typename Json>
std::optional<Json> ParseWithDepthLimit(std::string_view text,
                                        std::string& error, int max_depth) {
  try {
    return ParseWithDepthLimitOrThrow<Json>(text, max_depth);
  } catch (const std::length_error& e) {
    error = e.what();
  } catch (const std::exception& e) {
    error = "not JSON: " + Printable(e.what(), kMaxErrorBytes);
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json ParseBoundedJsonOrThrow(std::string_view text, int max_depth) {
  return ParseWithDepthLimitOrThrow<nlohmann::json>(text, max_depth);
}

std::optional<nlohmann::json> ParseBoundedJson(std::string_view text,
                                               std::string& error,
                                               int max_depth) {
  return ParseWithDepthLimit<nlohmann::json>(text, error, max_depth);
}

nlohmann::ordered_json ParseBoundedOrderedJsonOrThrow(std::string_view text,
                                                      int max_depth) {
  return ParseWithDepthLimitOrThrow<nlohmann::ordered_json>(text, max_depth);
}

std::optional<nlohmann::ordered_json> ParseBoundedOrderedJson(
    std::string_view text, std::string& error, int max_depth) {
  return ParseWithDepthLimit<nlohmann::ordered_json>(text, error, max_depth);
}

}  // namespace stackprobe::plugin_common
