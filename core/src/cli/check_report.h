// SPDX-License-Identifier: Apache-2.0
//
// The output of `stackprobe check`: a table for people, JSON for scripts,
// and the Nagios plugin format (one status line with perfdata, exit codes
// 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
#ifndef STACKPROBE_CLI_CHECK_REPORT_H_
#define STACKPROBE_CLI_CHECK_REPORT_H_

#include <string>
#include <vector>

#include "model/snapshot.h"

namespace stackprobe::cli {

enum class ReportFormat { kTable, kJson, kNagios };

/// Exit codes of `check`, whatever the format (Nagios plugin semantics).
enum ExitCode : int { kOk = 0, kWarning = 1, kCritical = 2, kUnknown = 3 };

/// Worst state wins: down/blocked → critical, else error (the probe itself
/// failed) or a probe that did not run → unknown, else degraded/starting →
/// warning, else ok.
ExitCode ExitCodeFor(const std::vector<model::ProbeStatus>& probes);

/// Renders `probes` in `format`; ends with a newline.
std::string RenderReport(const std::vector<model::ProbeStatus>& probes,
                         ReportFormat format);

}  // namespace stackprobe::cli

#endif  // STACKPROBE_CLI_CHECK_REPORT_H_
