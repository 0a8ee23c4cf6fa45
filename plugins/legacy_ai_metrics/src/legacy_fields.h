// SPDX-License-Identifier: Apache-2.0
//
// Reading the parts of other probes' results the legacy document uses:
// lookup by probe name, bounded JSON parsing of details, typed getters that
// never throw and never yield null.
#ifndef STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_FIELDS_H_
#define STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_FIELDS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::legacy {

/// Details nested deeper than this are treated as {}.
inline constexpr int kMaxDetailsDepth = 64;

/// One probe's contribution, as the document sees it.
struct ProbePart {
  bool ran = false;  ///< Present, has run, and not in state error.
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
};

/// Finds `probe` in `snapshot` and parses its details (object or {}).
ProbePart FindPart(const Snapshot& snapshot, const std::string& probe);

/// Parses `text` as JSON within kMaxDetailsDepth; {} when invalid, too deep
/// or not an object.
nlohmann::ordered_json ParseObject(const std::string& text);

/// `object[key]` as an integer (numbers truncated, clamped at >= 0), else 0.
std::int64_t IntField(const nlohmann::ordered_json& object,
                      const std::string& key);

/// `object[key]` when it is a non-empty string, else `fallback`.
std::string StringField(const nlohmann::ordered_json& object,
                        const std::string& key, const std::string& fallback);

/// True when the part ran and its HTTP call succeeded (status 1..399).
bool CallSucceeded(const ProbePart& part);

}  // namespace stackprobe::legacy

#endif  // STACKPROBE_PLUGINS_LEGACY_AI_METRICS_LEGACY_FIELDS_H_
