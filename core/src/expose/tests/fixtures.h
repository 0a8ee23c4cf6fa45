// SPDX-License-Identifier: Apache-2.0
//
// Hand-built snapshots for the exposition tests.
#ifndef STACKPROBE_EXPOSE_TESTS_FIXTURES_H_
#define STACKPROBE_EXPOSE_TESTS_FIXTURES_H_

#include <string>

#include "expose/process_stats.h"
#include "model/snapshot.h"

namespace stackprobe::expose::testing {

/// Three probes, sorted by name:
///  - "llm" (plugin "openai"): up, run 7 times, with a sample of every type,
///    label values holding quotes, backslashes, newlines and invalid UTF-8,
///    NaN and +Inf values, configured label team="ai", depends on "vectors"
///    and is blocked by it.
///  - "qdrant_main" (plugin "qdrant"): down (reason timeout), failures by
///    reason, skipped runs, a gauge of 1e21.
///  - "vectors" (plugin "qdrant"): has not run yet.
model::StoreSnapshot MakeSnapshot();

/// Exporter facts with two plugins.
model::ExporterInfo MakeExporterInfo();

/// Fixed process stats.
ProcessStats MakeProcessStats();

/// Number of times `needle` occurs in `haystack`.
int CountOf(const std::string& haystack, const std::string& needle);

}  // namespace stackprobe::expose::testing

#endif  // STACKPROBE_EXPOSE_TESTS_FIXTURES_H_
