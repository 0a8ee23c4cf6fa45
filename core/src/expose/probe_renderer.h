// SPDX-License-Identifier: Apache-2.0
//
// Renders the answer to /probe?probe=NAME, shaped like the blackbox
// exporter's so existing scrape configs and dashboards work unchanged.
#ifndef STACKPROBE_EXPOSE_PROBE_RENDERER_H_
#define STACKPROBE_EXPOSE_PROBE_RENDERER_H_

#include <string>

#include "expose/format.h"
#include "stackprobe/plugin.h"

namespace stackprobe::expose {

/// Renders one probe run in `format`, families sorted by name:
/// probe_success (1 when the run ended up or degraded, else 0),
/// probe_duration_seconds, stackprobe_probe_state{state} (one series per
/// State, 1 for the run's; all 0 when `record.has_run` is false), and each
/// sample of the run as stackprobe_<plugin>_<name>. There is no `probe`
/// label: the scrape's target labels identify the probe. The probe's
/// configured labels are on every series. `plugin` names the plugin that
/// made the record. Thread-safe: reads its arguments only.
std::string RenderProbe(const ProbeRecord& record, const std::string& plugin,
                        Format format);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_PROBE_RENDERER_H_
