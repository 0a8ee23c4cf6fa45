// SPDX-License-Identifier: Apache-2.0
//
// Which other probes a plugin instance reads. A plugin's config schema marks
// each key that names a probe with "format": "probe-name" (the qdrant probe's
// embeddings_probe, the legacy sink's probes.*); the host reads those keys to
// run what an instance reads before it, and only that for `collect`.
#ifndef STACKPROBE_CONFIG_PROBE_REFERENCES_H_
#define STACKPROBE_CONFIG_PROBE_REFERENCES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stackprobe::config {

/// The schema `format` that marks a string naming a configured probe.
inline constexpr const char* kProbeNameFormat = "probe-name";

/// The non-empty strings of `config` whose schema (properties,
/// additionalProperties and items, followed as deep as the config goes) has
/// format "probe-name", in key order (arrays in their order), without
/// repeats. `config` is the instance's config with its defaults filled in.
std::vector<std::string> ProbeReferences(const nlohmann::json& schema,
                                         const nlohmann::json& config);

}  // namespace stackprobe::config

#endif  // STACKPROBE_CONFIG_PROBE_REFERENCES_H_
