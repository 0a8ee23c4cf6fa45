// SPDX-License-Identifier: Apache-2.0
#include "bounded_json.h"

namespace stackprobe::plugins::http {
namespace {

// Thrown from the parser callback to stop at the first too-deep value
// instead of parsing (and discarding) the rest of a hostile body.
struct TooDeep {};

// nlohmann quotes the offending token, which is target data: keep the
// message one short line of printable ASCII.
std::string Sanitize(std::string_view what) {
  constexpr std::size_t kMaxBytes = 160;
  std::string out;
  for (char c : what.substr(0, kMaxBytes)) {
    out += (c >= 0x20 && c < 0x7F) ? c : '?';
  }
  return out;
}

}  // namespace

std::optional<nlohmann::json> ParseBoundedJson(std::string_view text,
                                               std::string& error,
                                               int max_depth) {
  using nlohmann::json;
  auto callback = [max_depth](int depth, json::parse_event_t event,
                              json& /*parsed*/) -> bool {
    if ((event == json::parse_event_t::object_start ||
         event == json::parse_event_t::array_start) &&
        depth >= max_depth) {
      throw TooDeep{};
    }
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), callback);
  } catch (const TooDeep&) {
    error = "JSON nested deeper than " + std::to_string(max_depth) + " levels";
  } catch (const std::exception& e) {
    error = "not JSON: " + Sanitize(e.what());
  }
  return std::nullopt;
}

}  // namespace stackprobe::plugins::http
