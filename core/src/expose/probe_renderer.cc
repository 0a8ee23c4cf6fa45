// SPDX-License-Identifier: Apache-2.0
#include "expose/probe_renderer.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "expose/plugin_families.h"
#include "expose/series_labels.h"
#include "expose/text_writer.h"

namespace stackprobe::expose {
namespace {

// Names as the blackbox exporter uses them, so dashboards built for it
// read stackprobe's answers too.
constexpr std::string_view kSuccess = "probe_success";
constexpr std::string_view kDuration = "probe_duration_seconds";
constexpr std::string_view kState = "stackprobe_probe_state";

void EmitOwn(std::string_view name, const ProbeRecord& record,
             TextWriter& writer) {
  const State state = record.result.state;
  if (name == kSuccess) {
    writer.BeginFamily(name,
                       "1 when this run of the probe ended up or degraded, "
                       "else 0; from the probe's result.",
                       SampleType::kGauge);
    const bool success =
        record.has_run && (state == State::kUp || state == State::kDegraded);
    writer.BeginSample();
    AddSeriesLabels(writer, {}, record.labels, kNoLabels);
    writer.EndSample(success ? 1 : 0);
  } else if (name == kDuration) {
    writer.BeginFamily(name,
                       "Wall-clock duration of this run of the probe, "
                       "measured by stackprobe.",
                       SampleType::kGauge);
    writer.BeginSample();
    AddSeriesLabels(writer, {}, record.labels, kNoLabels);
    writer.EndSample(record.duration_seconds);
  } else {
    writer.BeginFamily(name,
                       "State this run of the probe ended in, one series per "
                       "state, 1 for the current one.",
                       SampleType::kStateSet);
    for (int i = 0; i < kStateCount; ++i) {
      const auto each = static_cast<State>(i);
      const LabelRef host[] = {{"state", StateName(each)}};
      writer.BeginSample();
      AddSeriesLabels(writer, host, record.labels, kNoLabels);
      writer.EndSample(record.has_run && state == each ? 1 : 0);
    }
  }
}

}  // namespace

std::string RenderProbe(const ProbeRecord& record, const std::string& plugin,
                        Format format) {
  std::unordered_set<std::string_view> taken;
  std::vector<std::string_view> own = {kDuration, kSuccess, kState};
  for (const std::string_view name : own) taken.insert(name);
  PluginFamilyCollector collector(format, taken);
  collector.Add(record, plugin);

  // Families sorted by name: own names carry no pointer, plugin ones do.
  std::vector<std::pair<std::string_view, const PluginFamily*>> entries;
  for (const std::string_view name : own) entries.emplace_back(name, nullptr);
  for (const PluginFamily& family : collector.families()) {
    if (!family.dropped) entries.emplace_back(family.name, &family);
  }
  std::sort(entries.begin(), entries.end());

  std::string out;
  out.reserve(1024 + record.result.samples.size() * 128);
  TextWriter writer(format, out);
  for (const auto& [name, family] : entries) {
    if (family == nullptr) {
      EmitOwn(name, record, writer);
      continue;
    }
    writer.BeginFamily(family->name, family->help, family->type);
    for (const auto& [owner, sample] : family->samples) {
      writer.BeginSample();
      AddSeriesLabels(writer, {}, owner->labels, sample->labels);
      writer.EndSample(sample->value);
    }
  }
  writer.Finish();
  return out;
}

}  // namespace stackprobe::expose
