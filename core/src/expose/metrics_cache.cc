// SPDX-License-Identifier: Apache-2.0
#include "expose/metrics_cache.h"

namespace stackprobe::expose {

std::pair<std::shared_ptr<const PreparedMetrics>,
          std::shared_ptr<const MetricsCache::Segments>>
MetricsCache::Prepare(const model::SnapshotPtr& snapshot,
                      const model::ExporterInfo& exporter,
                      const std::vector<ExtraFamily>& extra, Format format,
                      bool gzip) {
  ExtraShape shape;
  shape.reserve(extra.size());
  for (const ExtraFamily& family : extra) {
    shape.emplace_back(family.name, family.type);
  }
  // Written under the lock: concurrent scrapes of a new snapshot wait for
  // this one rendering (and compressing) instead of each doing it.
  std::lock_guard<std::mutex> lock(mutex_);
  Slot& slot = slots_[format == Format::kOpenMetrics ? 1 : 0];
  if (!slot.prepared || slot.snapshot != snapshot ||
      !(slot.exporter == exporter) || slot.extra != shape) {
    slot.prepared = std::make_shared<const PreparedMetrics>(
        PrepareMetrics(*snapshot, exporter, extra, format));
    slot.snapshot = snapshot;
    slot.exporter = exporter;
    slot.extra = std::move(shape);
    slot.segments.reset();
    ++preparations_;
  }
  if (gzip && !slot.segments) {
    http::SegmentCompressor compressor;
    auto segments = std::make_shared<Segments>();
    segments->reserve(slot.prepared->pieces.size());
    for (const PreparedMetrics::Piece& piece : slot.prepared->pieces) {
      segments->push_back(IsLive(piece) ? http::DeflateSegment{}
                                        : compressor.Compress(piece.text));
    }
    slot.segments = std::move(segments);
    ++compressions_;
  }
  return {slot.prepared, slot.segments};
}

std::string MetricsCache::Render(const model::SnapshotPtr& snapshot,
                                 const model::ExporterInfo& exporter,
                                 const ProcessStats& process,
                                 const std::vector<ExtraFamily>& extra,
                                 Format format) {
  const auto prepared =
      Prepare(snapshot, exporter, extra, format, /*gzip=*/false).first;
  return CompleteMetrics(*prepared, process, extra);
}

std::string MetricsCache::RenderGzip(const model::SnapshotPtr& snapshot,
                                     const model::ExporterInfo& exporter,
                                     const ProcessStats& process,
                                     const std::vector<ExtraFamily>& extra,
                                     Format format) {
  const auto [prepared, segments] =
      Prepare(snapshot, exporter, extra, format, /*gzip=*/true);
  const LiveMetrics live = RenderLiveMetrics(*prepared, process, extra);
  http::SegmentCompressor compressor;
  std::vector<http::DeflateSegment> live_segments;
  live_segments.reserve(prepared->pieces.size() + 1);
  std::vector<const http::DeflateSegment*> order;
  order.reserve(prepared->pieces.size() + 1);
  for (std::size_t i = 0; i < prepared->pieces.size(); ++i) {
    if (!IsLive(prepared->pieces[i])) {
      order.push_back(&(*segments)[i]);
    } else if (!live.pieces[i].empty()) {
      // reserve() above keeps these pointers valid.
      order.push_back(
          &live_segments.emplace_back(compressor.Compress(live.pieces[i])));
    }
  }
  if (!live.end.empty()) {
    order.push_back(&live_segments.emplace_back(compressor.Compress(live.end)));
  }
  return http::JoinGzip(order);
}

std::size_t MetricsCache::preparations() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return preparations_;
}

std::size_t MetricsCache::compressions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return compressions_;
}

}  // namespace stackprobe::expose
