// SPDX-License-Identifier: Apache-2.0
#include "samples.h"

#include <set>

#include "stackprobe/plugin_common/text.h"

namespace stackprobe::exec {
namespace {

const char* PerfdataHelp(PerfdataKind kind) {
  switch (kind) {
    case PerfdataKind::kSeconds:
      return "Perfdata of the check in s, ms or us, in seconds";
    case PerfdataKind::kBytes:
      return "Perfdata of the check in B, KB, MB, GB or TB (x1024), in bytes";
    case PerfdataKind::kRatio:
      return "Perfdata of the check in %, as a ratio (100 % is 1)";
    case PerfdataKind::kCounter:
      return "Perfdata of the check with unit c (a continuous counter)";
    case PerfdataKind::kNumber:
      break;
  }
  return "Perfdata of the check without a unit (a count of things)";
}

}  // namespace

std::string PerfdataSampleName(PerfdataKind kind) {
  switch (kind) {
    case PerfdataKind::kSeconds:
      return "perfdata_seconds";
    case PerfdataKind::kBytes:
      return "perfdata_bytes";
    case PerfdataKind::kRatio:
      return "perfdata_ratio";
    case PerfdataKind::kCounter:
      return "perfdata_total";
    case PerfdataKind::kNumber:
      break;
  }
  return "perfdata_value";
}

std::size_t AddPerfdataSamples(ProbeResult& result,
                               const std::vector<PerfdataItem>& items) {
  std::set<std::pair<PerfdataKind, std::string>> added;
  std::size_t repeats = 0;
  for (const auto& item : items) {
    std::string label = plugin_common::Printable(item.label, kMaxLabelBytes);
    if (!added.emplace(item.kind, label).second) {
      ++repeats;
      continue;
    }
    Labels labels{{"label", std::move(label)}};
    if (item.kind == PerfdataKind::kCounter) {
      AddCounter(result, PerfdataSampleName(item.kind), PerfdataHelp(item.kind),
                 item.value, std::move(labels));
    } else {
      AddGauge(result, PerfdataSampleName(item.kind), PerfdataHelp(item.kind),
               item.value, std::move(labels));
    }
  }
  return repeats;
}

std::size_t AddJsonMetricSamples(
    ProbeResult& result,
    const std::vector<std::pair<std::string, double>>& metrics) {
  std::set<std::string> added;
  std::size_t repeats = 0;
  for (const auto& [name, value] : metrics) {
    std::string label = plugin_common::Printable(name, kMaxLabelBytes);
    if (!added.insert(label).second) {
      ++repeats;
      continue;
    }
    AddGauge(result, "metric", "A value from \"metrics\" of the check's JSON",
             value, {{"name", std::move(label)}});
  }
  return repeats;
}

}  // namespace stackprobe::exec
