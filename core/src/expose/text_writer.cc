// SPDX-License-Identifier: Apache-2.0
#include "expose/text_writer.h"

#include <array>
#include <charconv>
#include <cmath>

#include "expose/utf8.h"

namespace stackprobe::expose {
namespace {

constexpr std::string_view kTotal = "_total";
constexpr std::string_view kInfo = "_info";

// True when `text` needs no escaping and no UTF-8 repair: the common case,
// which then costs one scan and one append.
bool IsPlain(std::string_view text, bool escape_quote) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || c == '\\' || c == '\n' || (escape_quote && c == '"')) {
      return false;
    }
  }
  return true;
}

void AppendEscaped(std::string_view text, bool escape_quote, std::string& out) {
  if (IsPlain(text, escape_quote)) {
    out.append(text);
    return;
  }
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (static_cast<unsigned char>(c) >= 0x80) {
      const std::size_t length = Utf8SequenceLength(text, pos);
      if (length == 0) {
        out.append("\xEF\xBF\xBD");  // U+FFFD
        ++pos;
      } else {
        out.append(text.substr(pos, length));
        pos += length;
      }
      continue;
    }
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else if (escape_quote && c == '"') {
      out.append("\\\"");
    } else {
      out.push_back(c);
    }
    ++pos;
  }
}

std::string_view TypeName(Format format, SampleType type) {
  switch (type) {
    case SampleType::kCounter:
      return "counter";
    case SampleType::kInfo:
      return format == Format::kOpenMetrics ? "info" : "gauge";
    case SampleType::kGauge:
    case SampleType::kStateSet:
      return "gauge";
  }
  return "gauge";
}

}  // namespace

std::string_view FamilyNameIn(Format format, std::string_view name,
                              SampleType type) {
  if (format != Format::kOpenMetrics) return name;
  if (type == SampleType::kCounter && name.ends_with(kTotal) &&
      name.size() > kTotal.size()) {
    return name.substr(0, name.size() - kTotal.size());
  }
  if (type == SampleType::kInfo && name.ends_with(kInfo) &&
      name.size() > kInfo.size()) {
    return name.substr(0, name.size() - kInfo.size());
  }
  return name;
}

TextWriter::TextWriter(Format format, std::string& out)
    : format_(format), out_(out) {}

void TextWriter::BeginFamily(std::string_view name, std::string_view help,
                             SampleType type) {
  name_ = name;
  help_ = help;
  type_ = type;
  family_name_ = FamilyNameIn(format_, name, type);
  sample_suffix_ = {};
  // In OpenMetrics the sample names of counters and infos carry a suffix the
  // family name does not; a 0.0.4 name that lacked it gets it added.
  if (format_ == Format::kOpenMetrics) {
    if (type == SampleType::kCounter) sample_suffix_ = kTotal;
    if (type == SampleType::kInfo) sample_suffix_ = kInfo;
  }
  histogram_ = false;
  header_written_ = false;
}

void TextWriter::BeginHistogramFamily(std::string_view name,
                                      std::string_view help) {
  BeginFamily(name, help, SampleType::kGauge);
  histogram_ = true;
}

void TextWriter::WriteHeader() {
  if (!help_.empty()) {
    out_.append("# HELP ");
    out_.append(family_name_);
    out_.push_back(' ');
    AppendEscaped(help_, format_ == Format::kOpenMetrics, out_);
    out_.push_back('\n');
  }
  out_.append("# TYPE ");
  out_.append(family_name_);
  out_.push_back(' ');
  out_.append(histogram_ ? "histogram" : TypeName(format_, type_));
  out_.push_back('\n');
  header_written_ = true;
}

void TextWriter::BeginSample(std::string_view suffix) {
  if (!header_written_) WriteHeader();
  out_.append(family_name_);
  out_.append(sample_suffix_);
  out_.append(suffix);
  has_labels_ = false;
}

void TextWriter::AddLabel(std::string_view name, std::string_view value) {
  out_.push_back(has_labels_ ? ',' : '{');
  has_labels_ = true;
  out_.append(name);
  out_.append("=\"");
  AppendLabelValue(value, out_);
  out_.push_back('"');
}

void TextWriter::EndSample(double value) {
  if (has_labels_) out_.push_back('}');
  out_.push_back(' ');
  AppendValue(value, out_);
  out_.push_back('\n');
}

void TextWriter::Finish() {
  if (format_ == Format::kOpenMetrics) out_.append("# EOF\n");
}

void TextWriter::AppendValue(double value, std::string& out) {
  if (std::isnan(value)) {
    out.append("NaN");
  } else if (std::isinf(value)) {
    out.append(value > 0 ? "+Inf" : "-Inf");
  } else {
    std::array<char, 32> buffer;
    const auto result =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), result.ptr);
  }
}

void TextWriter::AppendLabelValue(std::string_view value, std::string& out) {
  AppendEscaped(value, /*escape_quote=*/true, out);
}

}  // namespace stackprobe::expose
