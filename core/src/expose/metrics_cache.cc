// SPDX-License-Identifier: Apache-2.0
#include "expose/metrics_cache.h"

namespace stackprobe::expose {

std::string MetricsCache::Render(const model::SnapshotPtr& snapshot,
                                 const model::ExporterInfo& exporter,
                                 const ProcessStats& process,
                                 const std::vector<ExtraFamily>& extra,
                                 Format format) {
  ExtraShape shape;
  shape.reserve(extra.size());
  for (const ExtraFamily& family : extra) {
    shape.emplace_back(family.name, family.type);
  }
  std::shared_ptr<const PreparedMetrics> prepared;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Slot& slot = slots_[format == Format::kOpenMetrics ? 1 : 0];
    if (!slot.prepared || slot.snapshot != snapshot ||
        !(slot.exporter == exporter) || slot.extra != shape) {
      // Rendered under the lock: concurrent scrapes of a new snapshot wait
      // for this one rendering instead of each doing it.
      slot.prepared = std::make_shared<const PreparedMetrics>(
          PrepareMetrics(*snapshot, exporter, extra, format));
      slot.snapshot = snapshot;
      slot.exporter = exporter;
      slot.extra = std::move(shape);
      ++preparations_;
    }
    prepared = slot.prepared;
  }
  return CompleteMetrics(*prepared, process, extra);
}

std::size_t MetricsCache::preparations() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return preparations_;
}

}  // namespace stackprobe::expose
