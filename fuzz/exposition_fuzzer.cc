// SPDX-License-Identifier: Apache-2.0
// The exposition's escaping: plugin-supplied HELP text, label values and
// messages, and configured label values, of any bytes, go through the
// result sanitizer (as in the daemon) and RenderMetrics. The text 0.0.4
// output must parse (a small parser of the format checks every line, the
// escapes, the family order and that no series repeats) and be valid UTF-8;
// the OpenMetrics output must be valid UTF-8 and end with "# EOF".
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "expose/metrics_renderer.h"
#include "expose/result_validation.h"
#include "exposition_parser.h"
#include "fuzz_input.h"

namespace {

using namespace stackprobe;

// Config text is YAML, so configured values are valid UTF-8: make them so.
std::string ValidUtf8(const std::string& bytes) {
  return nlohmann::json(bytes).dump(-1, ' ', false,
                                    nlohmann::json::error_handler_t::replace);
}

std::string FromJsonString(const std::string& dumped) {
  return nlohmann::json::parse(dumped).get<std::string>();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const auto fields = fuzz::Fields(fuzz::AsText(data, size), 6, '\0');
  ProbeResult result = MakeResult(
      fields[5].empty()
          ? State::kUp
          : static_cast<State>(static_cast<unsigned char>(fields[5][0]) %
                               kStateCount),
      fields[4], fields[2]);
  AddGauge(result, "value", fields[0], static_cast<double>(size),
           {{"kind", fields[1]}});
  AddGauge(result, fields[4], "a plugin-named sample", 1);
  AddCounter(result, "things_total", fields[0], 3,
             {{"a", fields[1]}, {"b", ""}});
  AddInfo(result, "build_info", "facts", {{"version", fields[2]}});
  AddStateSet(result, "mode", fields[0], "mode", {"a", fields[1], "c"}, "c");
  expose::SanitizeResult(result, "fuzzplug", {"none", "plugin_error"});

  model::StoreSnapshot snapshot;
  snapshot.generation = 1;
  snapshot.taken_at = 1700000000;
  model::ProbeStatus status;
  status.record.probe = "p";
  status.record.plugin = "fuzzplug";
  status.record.labels = {{"tier", FromJsonString(ValidUtf8(fields[3]))}};
  status.record.has_run = true;
  status.record.result = result;
  status.record.finished_at = 1700000000;
  status.record.runs = 1;
  status.failures_by_reason[result.reason] = 1;
  status.interval_seconds = 15;
  status.timeout_seconds = 5;
  snapshot.probes.push_back(status);

  model::ExporterInfo exporter;
  exporter.version = "0.1.0";
  exporter.revision = "fuzz";
  exporter.plugins.push_back({"fuzzplug", "1.0", 1, "probe", "d", "/x.so"});
  const std::vector<expose::ExtraFamily> extra{
      {"stackprobe_file_write_failures_total",
       fields[0],
       SampleType::kCounter,
       {{Labels{{"instance", FromJsonString(ValidUtf8(fields[1]))}}, 2}}}};

  const auto text = expose::RenderMetrics(snapshot, exporter, {}, extra,
                                          expose::Format::kText004);
  std::string problem;
  if (!fuzz::CheckText004(text, problem)) {
    fuzz::Report("text 0.0.4", text, problem);
    std::abort();
  }
  const auto open_metrics = expose::RenderMetrics(snapshot, exporter, {}, extra,
                                                  expose::Format::kOpenMetrics);
  if (!fuzz::IsValidUtf8(open_metrics) || open_metrics.size() < 6 ||
      open_metrics.compare(open_metrics.size() - 6, 6, "# EOF\n") != 0) {
    fuzz::Report("OpenMetrics", open_metrics, "not UTF-8 or no # EOF");
    std::abort();
  }
  return 0;
}
