// SPDX-License-Identifier: Apache-2.0
#include "expose/series_labels.h"

#include <algorithm>
#include <string>

#include "expose/names.h"

namespace stackprobe::expose {
namespace {

constexpr std::string_view kExportedPrefix = "exported_";

bool Usable(std::string_view name) {
  return IsSnakeCaseName(name) && !name.starts_with("__");
}

bool InHost(std::span<const LabelRef> host, std::string_view name) {
  return std::any_of(host.begin(), host.end(), [name](const LabelRef& label) {
    return label.first == name;
  });
}

}  // namespace

const Labels kNoLabels;

void AddSeriesLabels(TextWriter& writer, std::span<const LabelRef> host,
                     const Labels& configured, const Labels& plugin) {
  for (const auto& [name, value] : host) writer.AddLabel(name, value);

  for (const auto& [name, value] : configured) {
    if (!Usable(name)) continue;
    if (!InHost(host, name)) {
      writer.AddLabel(name, value);
      continue;
    }
    const std::string exported = std::string(kExportedPrefix) + name;
    if (!InHost(host, exported) && !configured.contains(exported)) {
      writer.AddLabel(exported, value);
    }
  }

  for (const auto& [name, value] : plugin) {
    if (!Usable(name)) continue;
    if (!InHost(host, name) && !configured.contains(name)) {
      writer.AddLabel(name, value);
      continue;
    }
    // The exported_ name must be free, including from a configured label
    // that was itself renamed to it above.
    const std::string exported = std::string(kExportedPrefix) + name;
    const bool configured_renamed =
        InHost(host, name) && configured.contains(name);
    if (!configured_renamed && !InHost(host, exported) &&
        !configured.contains(exported) && !plugin.contains(exported)) {
      writer.AddLabel(exported, value);
    }
  }
}

}  // namespace stackprobe::expose
