// SPDX-License-Identifier: Apache-2.0
//
// Runs `promtool check metrics` on an exposition, for tests.
#ifndef STACKPROBE_EXPOSE_TESTS_PROMTOOL_H_
#define STACKPROBE_EXPOSE_TESTS_PROMTOOL_H_

#include <string>

namespace stackprobe::expose::testing {

/// What promtool said.
struct PromtoolResult {
  bool found = false;  ///< False: no promtool on PATH (see error).
  int exit_code = -1;
  std::string output;  ///< stdout and stderr, interleaved.
  std::string error;   ///< Why it could not run.
};

/// Feeds `exposition` to `promtool check metrics` on stdin (argv + execve,
/// promtool looked up in PATH) and waits at most 30 s.
PromtoolResult CheckMetrics(const std::string& exposition);

}  // namespace stackprobe::expose::testing

#endif  // STACKPROBE_EXPOSE_TESTS_PROMTOOL_H_
