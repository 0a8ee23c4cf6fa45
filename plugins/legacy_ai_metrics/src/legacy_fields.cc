// SPDX-License-Identifier: Apache-2.0
#include "legacy_fields.h"

#include <cmath>

namespace stackprobe::legacy {
namespace {

struct TooDeep {};

}  // namespace

nlohmann::ordered_json ParseObject(const std::string& text) {
  const nlohmann::ordered_json::parser_callback_t depth_guard =
      [](int depth, nlohmann::ordered_json::parse_event_t event,
         nlohmann::ordered_json&) {
        if ((event == nlohmann::ordered_json::parse_event_t::object_start ||
             event == nlohmann::ordered_json::parse_event_t::array_start) &&
            depth >= kMaxDetailsDepth) {
          throw TooDeep{};
        }
        return true;
      };
  try {
    auto value = nlohmann::ordered_json::parse(text, depth_guard,
                                               /*allow_exceptions=*/false);
    if (value.is_object()) return value;
  } catch (const TooDeep&) {
  } catch (const nlohmann::ordered_json::exception&) {
  }
  return nlohmann::ordered_json::object();
}

ProbePart FindPart(const Snapshot& snapshot, const std::string& probe) {
  ProbePart part;
  for (const auto& record : snapshot.probes) {
    if (record.probe != probe) continue;
    part.ran = record.has_run && record.result.state != State::kError;
    if (part.ran) part.details = ParseObject(record.result.details_json);
    break;
  }
  return part;
}

std::int64_t IntField(const nlohmann::ordered_json& object,
                      const std::string& key) {
  if (!object.is_object()) return 0;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return 0;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    return value > static_cast<std::uint64_t>(INT64_MAX)
               ? INT64_MAX
               : static_cast<std::int64_t>(value);
  }
  if (it->is_number_integer())
    return std::max<std::int64_t>(0, it->get<std::int64_t>());
  const double value = it->get<double>();
  if (!std::isfinite(value) || value <= 0) return 0;
  return value >= 9.2e18 ? INT64_MAX : static_cast<std::int64_t>(value);
}

std::string StringField(const nlohmann::ordered_json& object,
                        const std::string& key, const std::string& fallback) {
  if (!object.is_object()) return fallback;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return fallback;
  const auto& text = it->get_ref<const std::string&>();
  return text.empty() ? fallback : text;
}

bool CallSucceeded(const ProbePart& part) {
  if (!part.ran) return false;
  const std::int64_t status = IntField(part.details, "http_status");
  return status >= 1 && status < 400;
}

}  // namespace stackprobe::legacy
