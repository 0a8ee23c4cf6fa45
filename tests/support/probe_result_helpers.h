// SPDX-License-Identifier: Apache-2.0
//
// Small readers shared by the plugin tests: a sample's value in a result and
// the text of a recorded service body under tests/fixtures.
#ifndef STACKPROBE_TESTS_SUPPORT_PROBE_RESULT_HELPERS_H_
#define STACKPROBE_TESTS_SUPPORT_PROBE_RESULT_HELPERS_H_

#include <optional>
#include <string>

#include "stackprobe/plugin.h"

namespace stackprobe::testing {

/// The value of the sample called `name` with exactly `labels`, if `result`
/// has one.
std::optional<double> SampleValue(const ProbeResult& result,
                                  const std::string& name,
                                  const Labels& labels = {});

/// The text of tests/fixtures/<service>/<name>; a missing file fails the
/// current test and gives "".
std::string ReadFixture(const std::string& service, const std::string& name);

}  // namespace stackprobe::testing

#endif  // STACKPROBE_TESTS_SUPPORT_PROBE_RESULT_HELPERS_H_
