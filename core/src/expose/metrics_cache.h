// SPDX-License-Identifier: Apache-2.0
//
// Shares the rendering of one snapshot between the scrapes that read it.
#ifndef STACKPROBE_EXPOSE_METRICS_CACHE_H_
#define STACKPROBE_EXPOSE_METRICS_CACHE_H_

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "expose/metrics_renderer.h"
#include "http/gzip.h"

namespace stackprobe::expose {

/// Renders /metrics like RenderMetrics, but writes the snapshot's families
/// (every family except process_* and the caller's `extra`) once per
/// snapshot, exporter info and set of extra family names, per format; every
/// scrape of the same snapshot copies that text and writes only the live
/// families. A scrape that finds a new snapshot renders it while the others
/// wait for it, so overlapping scrapers do the work once. Thread-safe.
class MetricsCache {
 public:
  std::string Render(const model::SnapshotPtr& snapshot,
                     const model::ExporterInfo& exporter,
                     const ProcessStats& process,
                     const std::vector<ExtraFamily>& extra, Format format);

  /// Render(), gzipped (the body of a `Content-Encoding: gzip` response).
  /// The snapshot's text is compressed once per snapshot and format, on the
  /// first gzip scrape of it, and joined with the live families, which each
  /// scrape compresses (a few KiB): concurrent scrapers (an HA pair of
  /// Prometheus servers, Grafana's direct queries) share the work.
  std::string RenderGzip(const model::SnapshotPtr& snapshot,
                         const model::ExporterInfo& exporter,
                         const ProcessStats& process,
                         const std::vector<ExtraFamily>& extra, Format format);

  /// How many times a snapshot part was written (for tests).
  std::size_t preparations() const;
  /// How many times a snapshot part was compressed (for tests).
  std::size_t compressions() const;

 private:
  using ExtraShape = std::vector<std::pair<std::string, SampleType>>;
  // One compressed segment per prepared piece (empty for live pieces).
  using Segments = std::vector<http::DeflateSegment>;
  struct Slot {
    model::SnapshotPtr snapshot;
    model::ExporterInfo exporter;
    ExtraShape extra;
    std::shared_ptr<const PreparedMetrics> prepared;
    std::shared_ptr<const Segments> segments;  // Null until a gzip scrape.
  };

  // The slot's prepared text for these inputs, written when they changed;
  // with `gzip` its segments too. Locks mutex_.
  std::pair<std::shared_ptr<const PreparedMetrics>,
            std::shared_ptr<const Segments>>
  Prepare(const model::SnapshotPtr& snapshot,
          const model::ExporterInfo& exporter,
          const std::vector<ExtraFamily>& extra, Format format, bool gzip);

  mutable std::mutex mutex_;   // guards slots_ and the counts
  std::array<Slot, 2> slots_;  // by Format
  std::size_t preparations_ = 0;
  std::size_t compressions_ = 0;
};

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_METRICS_CACHE_H_
