// SPDX-License-Identifier: Apache-2.0
//
// Plugin samples of many probes merged into exposition families.
#ifndef STACKPROBE_EXPOSE_PLUGIN_FAMILIES_H_
#define STACKPROBE_EXPOSE_PLUGIN_FAMILIES_H_

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "expose/format.h"
#include "stackprobe/plugin.h"

namespace stackprobe::expose {

/// One family `stackprobe_<plugin>_<name>` with the samples of every probe
/// that reported it, in the order added then sample order.
struct PluginFamily {
  std::string name;  ///< Text 0.0.4 name.
  std::string help;  ///< From the first sample.
  SampleType type = SampleType::kGauge;
  /// Dropped: the name is taken or invalid. Kept so later samples of the
  /// same name are recognised cheaply.
  bool dropped = false;
  std::vector<std::pair<const ProbeRecord*, const Sample*>> samples;
};

/// Groups plugin samples into families. The first sample of a name fixes
/// the family's type and HELP; samples of another type are skipped. A family
/// whose name (as written in the target format) is already in `taken` is
/// dropped; the names of kept families are added to `taken`. Borrows the
/// probes it is given: they must outlive the collector. Not thread-safe.
class PluginFamilyCollector {
 public:
  /// `taken` holds names already used; it must outlive the collector, and
  /// its views point into storage that must too.
  PluginFamilyCollector(Format format,
                        std::unordered_set<std::string_view>& taken);

  /// Adds the samples of `record` (none before its first run), named after
  /// the plugin `plugin`.
  void Add(const ProbeRecord& record, std::string_view plugin);

  /// The families collected, in order of first appearance. Element addresses
  /// are stable.
  const std::deque<PluginFamily>& families() const { return families_; }

 private:
  Format format_;
  std::unordered_set<std::string_view>& taken_;
  std::deque<PluginFamily> families_;
  std::unordered_map<std::string, std::size_t> index_;
  std::string key_;  // Reused to build names without allocating per sample.
};

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_PLUGIN_FAMILIES_H_
