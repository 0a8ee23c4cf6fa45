// SPDX-License-Identifier: Apache-2.0
//
// The output of a Monitoring Plugins (Nagios) check: a first line of text,
// optionally "| perfdata", then optional long text lines, where the first
// '|' starts more perfdata that runs to the end of the output.
#ifndef STACKPROBE_PLUGINS_EXEC_NAGIOS_OUTPUT_H_
#define STACKPROBE_PLUGINS_EXEC_NAGIOS_OUTPUT_H_

#include <string>
#include <string_view>

#include "stackprobe/plugin.h"

namespace stackprobe::exec {

/// A check's output split into its parts.
struct NagiosOutput {
  std::string message;   ///< First line before '|', trimmed; may be empty.
  std::string perfdata;  ///< Perfdata of the first line and of the long
                         ///< text, joined by a space.
};

/// Splits `output` (a check's stdout). Pure; never throws beyond
/// std::bad_alloc.
NagiosOutput SplitNagiosOutput(std::string_view output);

/// The state an exit code means: 0 up (OK), 1 degraded (WARNING), 2 down
/// (CRITICAL), anything else error (3 is UNKNOWN).
State StateOfExitCode(int exit_code);

}  // namespace stackprobe::exec

#endif  // STACKPROBE_PLUGINS_EXEC_NAGIOS_OUTPUT_H_
