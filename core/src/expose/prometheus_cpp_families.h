// SPDX-License-Identifier: Apache-2.0
//
// Turns what prometheus-cpp collects (Registry::Collect()) into families for
// stackprobe's own writer, which escapes HELP and label values, repairs
// invalid UTF-8 and spells values exactly (prometheus-cpp's TextSerializer
// does none of that; see text_writer.h).
#ifndef STACKPROBE_EXPOSE_PROMETHEUS_CPP_FAMILIES_H_
#define STACKPROBE_EXPOSE_PROMETHEUS_CPP_FAMILIES_H_

#include <prometheus/metric_family.h>

#include <vector>

#include "expose/metrics_renderer.h"

namespace stackprobe::expose {

/// Converts collected families, in their order: a counter or a gauge keeps
/// its samples, an untyped family becomes a gauge, a histogram becomes its
/// `_bucket{le}` samples (cumulative, "+Inf" last), `_sum` and `_count`.
/// Summaries are left out (stackprobe registers none). Thread-safe: reads
/// its argument only.
std::vector<ExtraFamily> FamiliesFromPrometheusCpp(
    const std::vector<prometheus::MetricFamily>& collected);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_PROMETHEUS_CPP_FAMILIES_H_
