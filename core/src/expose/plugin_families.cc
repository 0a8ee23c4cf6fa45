// SPDX-License-Identifier: Apache-2.0
#include "expose/plugin_families.h"

#include "expose/names.h"
#include "expose/text_writer.h"

namespace stackprobe::expose {

PluginFamilyCollector::PluginFamilyCollector(
    Format format, std::unordered_set<std::string_view>& taken)
    : format_(format), taken_(taken) {}

void PluginFamilyCollector::Add(const ProbeRecord& record,
                                std::string_view plugin) {
  if (!record.has_run) return;
  for (const Sample& sample : record.result.samples) {
    key_.assign("stackprobe_");
    key_.append(plugin);
    key_.push_back('_');
    key_.append(sample.name);
    const auto found = index_.find(key_);
    if (found != index_.end()) {
      PluginFamily& family = families_[found->second];
      if (!family.dropped && family.type == sample.type) {
        family.samples.emplace_back(&record, &sample);
      }
      continue;
    }
    PluginFamily& family = families_.emplace_back();
    index_.emplace(key_, families_.size() - 1);
    family.name = key_;
    family.type = sample.type;
    family.help = sample.help.empty()
                      ? "Reported by the " + std::string(plugin) + " plugin."
                      : sample.help;
    // Core names win over plugin names; in OpenMetrics a counter `x_total`
    // and a gauge `x` would share the family name `x`, so compare that.
    const std::string_view written =
        FamilyNameIn(format_, family.name, family.type);
    family.dropped =
        !IsSnakeCaseName(family.name) || !taken_.insert(written).second;
    if (!family.dropped) family.samples.emplace_back(&record, &sample);
  }
}

}  // namespace stackprobe::expose
