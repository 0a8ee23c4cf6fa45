// SPDX-License-Identifier: Apache-2.0
//
// The contract a loaded plugin keeps beyond what the loader checks, as the
// in-tree conformance test and `stackprobe plugins --check` both check it:
// its descriptor, its config schema, its create and, for a probe, one run
// whose samples the core keeps whole.
#ifndef STACKPROBE_CONFORMANCE_PLUGIN_CHECKS_H_
#define STACKPROBE_CONFORMANCE_PLUGIN_CHECKS_H_

#include <chrono>
#include <string>
#include <vector>

#include "loader/plugin_loader.h"
#include "stackprobe/plugin.h"

namespace stackprobe::conformance {

/// The outcome of one check: `problem` is empty when it passed, else one
/// line saying what is wrong; `detail` says what was seen when it passed.
struct CheckOutcome {
  std::string check;  ///< "load", "descriptor", "schema", ...
  std::string problem;
  std::string detail;
  bool passed() const { return problem.empty(); }
};

/// The file is named <name>.so and the descriptor has a version and a
/// description. "" when it does.
std::string DescriptorProblem(const loader::LoadedPlugin& plugin);

/// The config schema is a closed object ("type": "object",
/// "additionalProperties": false), every optional property has a default,
/// at most one string property is marked "format": "target-url" (probes
/// only; a "url" or "base_url" property must be it), and properties whose
/// names look like credentials (api_key, token, secret, authorization,
/// password, headers) are marked "format": "secret". "" when it is, else
/// the first problem.
std::string SchemaProblem(const loader::LoadedPlugin& plugin);

/// True when `message` starts with a config path and ": " ("key: ...",
/// "a.b[2].c: ..."), as create's errors must.
bool NamesAKey(const std::string& message);

/// What one probe run gave, after the core's boundary check
/// (expose::SanitizeResult).
struct RunOutcome {
  ProbeResult result;        ///< As sanitised.
  std::string lint_problem;  ///< The first sample or field the core fixed.
  std::size_t reported_samples = 0;  ///< As Run returned them.
  std::size_t dropped_samples = 0;
  std::size_t repaired_fields = 0;
  std::string exception;  ///< what() of an exception Run threw.
  double seconds = 0;     ///< How long Run took.
};

/// Runs `probe` (an object of `plugin`) once against a host context (real
/// HTTP client, commands and sockets; logs dropped) with the deadline
/// now + `timeout`, then checks its result as the scheduler does.
RunOutcome RunProbeOnce(const loader::LoadedPlugin& plugin, Probe& probe,
                        std::chrono::milliseconds timeout);

/// Every check on the plugin file at `path`: load (through `loader`: trust,
/// ABI, toolchain, name), descriptor, schema, config (`partial_config_json`
/// validated with the schema's defaults filled in), create, and for a probe
/// run (within `timeout`) and samples. Checks after a failed one that they
/// need are not run (and not listed).
std::vector<CheckOutcome> CheckPluginFile(
    loader::PluginLoader& loader, const std::string& path,
    const std::string& partial_config_json, std::chrono::milliseconds timeout);

}  // namespace stackprobe::conformance

#endif  // STACKPROBE_CONFORMANCE_PLUGIN_CHECKS_H_
