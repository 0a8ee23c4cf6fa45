// SPDX-License-Identifier: Apache-2.0
//
// Turning what a check reported into samples: one family per kind of unit,
// the check's own names in a bounded label.
#ifndef STACKPROBE_PLUGINS_EXEC_SAMPLES_H_
#define STACKPROBE_PLUGINS_EXEC_SAMPLES_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "perfdata.h"
#include "stackprobe/plugin.h"

namespace stackprobe::exec {

/// Longest label value taken from a check's output, in bytes.
inline constexpr std::size_t kMaxLabelBytes = 64;

/// The sample name of a perfdata kind: perfdata_value, perfdata_seconds,
/// perfdata_bytes, perfdata_ratio or perfdata_total (a counter).
std::string PerfdataSampleName(PerfdataKind kind);

/// Appends one sample per item, labelled label=<item label> (printable
/// ASCII, at most kMaxLabelBytes). An item whose cut label repeats one
/// already added to its family is left out; returns how many were.
std::size_t AddPerfdataSamples(ProbeResult& result,
                               const std::vector<PerfdataItem>& items);

/// Appends one `metric{name}` gauge per JSON metric, names bounded as
/// above; returns how many were left out as repeats.
std::size_t AddJsonMetricSamples(
    ProbeResult& result,
    const std::vector<std::pair<std::string, double>>& metrics);

}  // namespace stackprobe::exec

#endif  // STACKPROBE_PLUGINS_EXEC_SAMPLES_H_
