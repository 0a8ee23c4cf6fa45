// SPDX-License-Identifier: Apache-2.0
//
// The label set of one exposed series: labels the host sets (probe, state,
// reason, ...), the probe's configured labels and the plugin's own labels.
#ifndef STACKPROBE_EXPOSE_SERIES_LABELS_H_
#define STACKPROBE_EXPOSE_SERIES_LABELS_H_

#include <span>
#include <string_view>
#include <utility>

#include "expose/text_writer.h"
#include "stackprobe/plugin.h"

namespace stackprobe::expose {

/// A label name and value, borrowed from the caller.
using LabelRef = std::pair<std::string_view, std::string_view>;

/// An empty label set, for the `configured` or `plugin` argument of
/// AddSeriesLabels when a series has none of those. Immutable.
extern const Labels kNoLabels;

/// Adds the labels of one series to the writer's current sample, in order of
/// authority: `host` (set by stackprobe), then `configured` (the operator's),
/// then `plugin` (the plugin's). A label whose name was already used by a
/// more authoritative source is renamed `exported_<name>`, as Prometheus
/// renames target labels that clash on ingestion; if that name is taken too,
/// the label is dropped. Names that are not [a-z_][a-z0-9_]* or start with
/// "__" are dropped. Not thread-safe (writes to `writer`).
void AddSeriesLabels(TextWriter& writer, std::span<const LabelRef> host,
                     const Labels& configured, const Labels& plugin);

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_SERIES_LABELS_H_
