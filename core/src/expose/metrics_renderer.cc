// SPDX-License-Identifier: Apache-2.0
#include "expose/metrics_renderer.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "expose/core_families.h"
#include "expose/names.h"
#include "expose/plugin_families.h"
#include "expose/series_labels.h"
#include "expose/text_writer.h"

namespace stackprobe::expose {
namespace {

// A family to write, whichever source it comes from.
struct Entry {
  std::string_view name;
  const CoreFamily* core = nullptr;
  const ExtraFamily* extra = nullptr;
  const PluginFamily* plugin = nullptr;
};

// A generous guess of the output size, so the string grows once or never.
std::size_t EstimateSize(const model::StoreSnapshot& snapshot,
                         const std::vector<ExtraFamily>& extra, bool full) {
  std::size_t size = 8192;
  for (const model::ProbeStatus& status : snapshot.probes) {
    std::size_t label_bytes = status.record.probe.size() + 16;
    for (const auto& [name, value] : status.record.labels) {
      label_bytes += name.size() + value.size() + 4;
    }
    const std::size_t series =
        (full ? 20 : 12) + status.failures_by_reason.size() +
        status.depends_on.size() + status.record.result.samples.size();
    size += series * (72 + label_bytes);
  }
  for (const ExtraFamily& family : extra) size += family.samples.size() * 128;
  return size;
}

void EmitPluginSamples(const PluginFamily& family, TextWriter& writer) {
  for (const auto& [record, sample] : family.samples) {
    const LabelRef host[] = {{"probe", record->probe}};
    writer.BeginSample();
    AddSeriesLabels(writer, host, record->labels, sample->labels);
    writer.EndSample(sample->value);
  }
}

void EmitExtraSamples(const ExtraFamily& family, TextWriter& writer) {
  for (const ExtraSample& sample : family.samples) {
    const Labels& labels = sample.labels_of < family.samples.size()
                               ? family.samples[sample.labels_of].labels
                               : sample.labels;
    writer.BeginSample(sample.suffix);
    if (sample.le.empty()) {
      AddSeriesLabels(writer, {}, kNoLabels, labels);
    } else {
      const LabelRef bound[] = {{"le", sample.le}};
      AddSeriesLabels(writer, bound, kNoLabels, labels);
    }
    writer.EndSample(sample.value);
  }
}

void BeginExtraFamily(const ExtraFamily& family, TextWriter& writer) {
  if (family.histogram) {
    writer.BeginHistogramFamily(family.name, family.help);
  } else {
    writer.BeginFamily(family.name, family.help, family.type);
  }
}

// Writes one family of the snapshot's part into `out`.
void WriteFamily(const Entry& entry, const CoreInput& input, Format format,
                 std::string& out) {
  TextWriter writer(format, out);
  if (entry.core != nullptr) {
    writer.BeginFamily(entry.core->name, entry.core->help, entry.core->type);
    EmitCoreSamples(*entry.core, input, writer);
  } else {
    writer.BeginFamily(entry.plugin->name, entry.plugin->help,
                       entry.plugin->type);
    EmitPluginSamples(*entry.plugin, writer);
  }
}

}  // namespace

PreparedMetrics PrepareMetrics(const model::StoreSnapshot& snapshot,
                               const model::ExporterInfo& exporter,
                               const std::vector<ExtraFamily>& extra,
                               Format format) {
  // Names in the target format's spelling, claimed in order of authority:
  // stackprobe's own families, then the caller's, then the plugins'.
  std::unordered_set<std::string_view> taken;
  std::vector<Entry> entries;
  const bool full = exporter.probe_series == model::ProbeSeries::kFull;
  for (const CoreFamily& family : CoreFamilies()) {
    // An opt-in family left out still keeps its name from the plugins.
    taken.insert(FamilyNameIn(format, family.name, family.type));
    if (IsOptIn(family) && !full) continue;
    entries.push_back(Entry{family.name, &family, nullptr, nullptr});
  }
  for (const ExtraFamily& family : extra) {
    if (!IsSnakeCaseName(family.name) ||
        !taken.insert(FamilyNameIn(format, family.name, family.type)).second) {
      continue;
    }
    entries.push_back(Entry{family.name, nullptr, &family, nullptr});
  }
  PluginFamilyCollector collector(format, taken);
  for (const model::ProbeStatus& status : snapshot.probes) {
    collector.Add(status.record, status.record.plugin);
  }
  for (const PluginFamily& family : collector.families()) {
    if (!family.dropped) {
      entries.push_back(Entry{family.name, nullptr, nullptr, &family});
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });

  PreparedMetrics prepared;
  prepared.format = format;
  const ProcessStats no_process;  // the process_* families are left out here
  const CoreInput input{snapshot, exporter, no_process};
  for (const Entry& entry : entries) {
    if (entry.extra != nullptr) {
      PreparedMetrics::Piece piece;
      piece.live_extra = static_cast<std::size_t>(entry.extra - extra.data());
      prepared.pieces.push_back(std::move(piece));
    } else if (entry.core != nullptr && IsPerScrape(*entry.core)) {
      PreparedMetrics::Piece piece;
      piece.live_core = entry.core;
      prepared.pieces.push_back(std::move(piece));
    } else {
      const bool after_text =
          !prepared.pieces.empty() &&
          prepared.pieces.back().live_core == nullptr &&
          prepared.pieces.back().live_extra == PreparedMetrics::Piece::kNoExtra;
      if (!after_text) {
        prepared.pieces.emplace_back();
        if (prepared.pieces.size() == 1) {
          prepared.pieces.back().text.reserve(
              EstimateSize(snapshot, extra, full));
        }
      }
      WriteFamily(entry, input, format, prepared.pieces.back().text);
    }
  }
  for (PreparedMetrics::Piece& piece : prepared.pieces) {
    piece.text.shrink_to_fit();
    prepared.text_bytes += piece.text.size();
  }
  return prepared;
}

bool IsLive(const PreparedMetrics::Piece& piece) {
  return piece.live_core != nullptr ||
         piece.live_extra != PreparedMetrics::Piece::kNoExtra;
}

LiveMetrics RenderLiveMetrics(const PreparedMetrics& prepared,
                              const ProcessStats& process,
                              const std::vector<ExtraFamily>& extra) {
  LiveMetrics live;
  live.pieces.resize(prepared.pieces.size());
  const model::StoreSnapshot no_snapshot;
  const model::ExporterInfo no_exporter;
  const CoreInput input{no_snapshot, no_exporter, process};
  for (std::size_t i = 0; i < prepared.pieces.size(); ++i) {
    const PreparedMetrics::Piece& piece = prepared.pieces[i];
    TextWriter writer(prepared.format, live.pieces[i]);
    if (piece.live_core != nullptr) {
      writer.BeginFamily(piece.live_core->name, piece.live_core->help,
                         piece.live_core->type);
      EmitCoreSamples(*piece.live_core, input, writer);
    } else if (piece.live_extra < extra.size()) {
      const ExtraFamily& family = extra[piece.live_extra];
      live.pieces[i].reserve(family.samples.size() * 96);
      BeginExtraFamily(family, writer);
      EmitExtraSamples(family, writer);
    }
  }
  TextWriter(prepared.format, live.end).Finish();
  return live;
}

std::string CompleteMetrics(const PreparedMetrics& prepared,
                            const ProcessStats& process,
                            const std::vector<ExtraFamily>& extra) {
  const LiveMetrics live = RenderLiveMetrics(prepared, process, extra);
  std::size_t size = prepared.text_bytes + live.end.size();
  for (const std::string& piece : live.pieces) size += piece.size();
  std::string out;
  out.reserve(size);
  for (std::size_t i = 0; i < prepared.pieces.size(); ++i) {
    out.append(IsLive(prepared.pieces[i]) ? live.pieces[i]
                                          : prepared.pieces[i].text);
  }
  out.append(live.end);
  return out;
}

std::string RenderMetrics(const model::StoreSnapshot& snapshot,
                          const model::ExporterInfo& exporter,
                          const ProcessStats& process,
                          const std::vector<ExtraFamily>& extra,
                          Format format) {
  return CompleteMetrics(PrepareMetrics(snapshot, exporter, extra, format),
                         process, extra);
}

}  // namespace stackprobe::expose
