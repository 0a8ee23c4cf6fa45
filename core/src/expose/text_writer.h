// SPDX-License-Identifier: Apache-2.0
//
// Writes metric families straight into a string, in Prometheus text 0.0.4 or
// OpenMetrics 1.0.0. stackprobe does not use prometheus-cpp's TextSerializer
// (1.0.1) because it writes HELP text unescaped (a backslash or a newline in
// HELP breaks the scrape), passes invalid UTF-8 through (Prometheus then
// refuses the whole scrape), writes NaN as "Nan" (not OpenMetrics), prints
// values with 16 significant digits (not round-trip exact), and allocates per
// sample through an ostringstream.
#ifndef STACKPROBE_EXPOSE_TEXT_WRITER_H_
#define STACKPROBE_EXPOSE_TEXT_WRITER_H_

#include <string>
#include <string_view>

#include "expose/format.h"
#include "stackprobe/plugin.h"

namespace stackprobe::expose {

/// The name a family carries on its HELP and TYPE lines in `format`: in
/// OpenMetrics a counter loses its `_total` suffix and an info its `_info`
/// suffix (those belong to the sample names); otherwise `name` itself.
std::string_view FamilyNameIn(Format format, std::string_view name,
                              SampleType type);

/// Appends metric families to a caller-owned string. Usage per family:
/// BeginFamily, then for each sample BeginSample, AddLabel..., EndSample;
/// after the last family, Finish. The HELP/TYPE header of a family is written
/// with its first sample, so a family without samples leaves no trace.
/// Label values and HELP are escaped and repaired to valid UTF-8 here; names
/// are written as given (callers pass validated names). Not thread-safe.
class TextWriter {
 public:
  /// Writes into `out`, which must outlive the writer.
  TextWriter(Format format, std::string& out);

  /// Starts a family. `name` is the text 0.0.4 name (counters end in
  /// `_total`, infos in `_info`). StateSet and info are gauges in 0.0.4, info
  /// stays info in OpenMetrics, StateSet is a gauge in both. `name` and
  /// `help` must stay valid until the next BeginFamily or Finish.
  void BeginFamily(std::string_view name, std::string_view help,
                   SampleType type);

  /// Starts a histogram family (TYPE histogram in both formats): its
  /// samples are `name` + "_bucket" (with an `le` label), "_sum", "_count".
  /// `name` and `help` must stay valid until the next BeginFamily or Finish.
  void BeginHistogramFamily(std::string_view name, std::string_view help);

  /// Starts a sample of the current family; `suffix` follows the family name
  /// (a histogram's "_bucket", "_sum", "_count").
  void BeginSample(std::string_view suffix = {});

  /// Adds one label to the current sample. `name` must be a valid label name
  /// and not repeat within the sample.
  void AddLabel(std::string_view name, std::string_view value);

  /// Ends the current sample with `value` (NaN and infinities allowed).
  void EndSample(double value);

  /// Ends the exposition: `# EOF` in OpenMetrics, nothing in 0.0.4.
  void Finish();

  /// Appends `value` as the exposition formats spell it: shortest text that
  /// reads back to the same double, "NaN", "+Inf", "-Inf".
  static void AppendValue(double value, std::string& out);

  /// Appends `value` escaped for a label value (backslash, double quote,
  /// newline), invalid UTF-8 bytes replaced by U+FFFD.
  static void AppendLabelValue(std::string_view value, std::string& out);

 private:
  void WriteHeader();

  Format format_;
  std::string& out_;
  std::string_view name_;
  std::string_view help_;
  SampleType type_ = SampleType::kGauge;
  bool histogram_ = false;
  std::string_view family_name_;
  std::string_view sample_suffix_;
  bool header_written_ = true;
  bool has_labels_ = false;
};

}  // namespace stackprobe::expose

#endif  // STACKPROBE_EXPOSE_TEXT_WRITER_H_
