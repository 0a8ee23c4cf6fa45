// SPDX-License-Identifier: Apache-2.0
#include "expose/result_validation.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "expose/names.h"
#include "expose/utf8.h"

namespace stackprobe::expose {
namespace {

// Records the first problem only: later ones add nothing a log line needs
// and building their text would cost on every bad sample.
class Problems {
 public:
  explicit Problems(ValidationOutcome& outcome) : outcome_(outcome) {}

  template <typename... Parts>
  void Drop(const Parts&... parts) {
    ++outcome_.dropped_samples;
    Note(parts...);
  }

  template <typename... Parts>
  void Repair(const Parts&... parts) {
    ++outcome_.repaired_fields;
    Note(parts...);
  }

 private:
  template <typename... Parts>
  void Note(const Parts&... parts) {
    if (!outcome_.first_problem.empty()) return;
    (outcome_.first_problem.append(std::string_view(parts)), ...);
  }

  ValidationOutcome& outcome_;
};

// True when the exposed name `stackprobe_<plugin>_<name>` ends in
// `_<word>`; the prefix always supplies the underscore before a bare word.
bool HasSuffixWord(std::string_view name, std::string_view word) {
  if (name == word) return true;
  return name.size() > word.size() && name.ends_with(word) &&
         name[name.size() - word.size() - 1] == '_';
}

// Makes `text` valid UTF-8 on one line and at most `max_bytes` long.
// Returns true when it changed anything.
bool RepairLine(std::string& text, std::size_t max_bytes) {
  bool changed = false;
  if (!IsValidUtf8(text)) {
    std::string repaired;
    repaired.reserve(text.size() + 8);
    AppendValidUtf8(text, repaired);
    text = std::move(repaired);
    changed = true;
  }
  for (char& c : text) {
    if (c == '\n' || c == '\r') {
      c = ' ';
      changed = true;
    }
  }
  return TruncateUtf8(text, max_bytes) || changed;
}

// Why a sample cannot be kept; empty when it can.
std::string_view NameProblem(const Sample& sample) {
  if (!IsSnakeCaseName(sample.name)) {
    return "sample name does not match [a-z_][a-z0-9_]*";
  }
  const auto type = static_cast<unsigned>(sample.type);
  if (type > static_cast<unsigned>(SampleType::kStateSet)) {
    return "sample type is not a SampleType";
  }
  const bool counter = sample.type == SampleType::kCounter;
  const bool info = sample.type == SampleType::kInfo;
  if (counter != HasSuffixWord(sample.name, "total")) {
    return counter ? "counter name does not end in _total"
                   : "only counter names may end in _total";
  }
  if (info != HasSuffixWord(sample.name, "info")) {
    return info ? "info name does not end in _info"
                : "only info names may end in _info";
  }
  for (const std::string_view reserved : {"count", "sum", "bucket"}) {
    if (HasSuffixWord(sample.name, reserved)) {
      return "name ends in a suffix reserved for histograms and summaries";
    }
  }
  if (info && sample.value != 1.0) return "info value is not 1";
  if (sample.type == SampleType::kStateSet && sample.value != 0.0 &&
      sample.value != 1.0) {
    return "StateSet value is not 0 or 1";
  }
  for (const auto& [label, value] : sample.labels) {
    if (!IsSnakeCaseName(label)) {
      return "label name does not match [a-z_][a-z0-9_]*";
    }
    if (label == "probe" || label == "le" || label == "quantile" ||
        label.starts_with("__")) {
      return "label name is reserved";
    }
  }
  return {};
}

// A key unique per series. 0xFF and 0xFE never occur in valid UTF-8, so
// they separate the parts unambiguously once values are repaired.
std::string SeriesKey(const Sample& sample) {
  std::string key = sample.name;
  for (const auto& [label, value] : sample.labels) {
    key.push_back('\xFF');
    key.append(label);
    key.push_back('\xFE');
    key.append(value);
  }
  return key;
}

bool IsJsonObject(const std::string& text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || text[start] != '{') return false;
  // accept() runs the parser without building a document: no recursion on
  // deep input and no allocation per element.
  return nlohmann::json::accept(text);
}

void SanitizeReason(ProbeResult& result,
                    const std::set<std::string>& allowed_reasons,
                    Problems& problems) {
  if (static_cast<int>(result.state) >= kStateCount) {
    result.state = State::kError;
    result.reason = reason::kPluginError;
    problems.Repair("state is not a State");
    return;
  }
  if (allowed_reasons.contains(result.reason)) return;
  const bool working =
      result.state == State::kUp || result.state == State::kDegraded;
  problems.Repair("reason \"", result.reason, "\" is not allowed");
  result.reason = working ? reason::kNone : reason::kPluginError;
  if (!working) result.state = State::kError;
}

void SanitizeSamples(ProbeResult& result, const std::string& plugin_name,
                     Problems& problems) {
  if (result.samples.empty()) return;
  if (!IsSnakeCaseName(plugin_name)) {
    for (std::size_t i = 0; i < result.samples.size(); ++i) {
      problems.Drop("plugin name \"", plugin_name,
                    "\" cannot prefix metric names");
    }
    result.samples.clear();
    return;
  }
  struct FirstOfName {
    SampleType type;
    std::string help;
  };
  std::map<std::string, FirstOfName, std::less<>> first_of_name;
  std::unordered_set<std::string> series;
  std::vector<Sample> kept;
  kept.reserve(std::min(result.samples.size(), kMaxSamplesPerResult));
  for (Sample& sample : result.samples) {
    if (kept.size() >= kMaxSamplesPerResult) {
      problems.Drop("more than 2000 samples");
      continue;
    }
    if (const auto problem = NameProblem(sample); !problem.empty()) {
      problems.Drop(sample.name.substr(0, 100), ": ", problem);
      continue;
    }
    for (auto& [label, value] : sample.labels) {
      if (RepairLine(value, kMaxLabelValueBytes)) {
        problems.Repair(sample.name, ": label ", label,
                        " value was not valid UTF-8, too long or multi-line");
      }
    }
    const auto first = first_of_name.find(sample.name);
    if (first != first_of_name.end()) {
      if (first->second.type != sample.type) {
        problems.Drop(sample.name, ": type differs from the first sample");
        continue;
      }
      if (sample.help != first->second.help) sample.help = first->second.help;
    } else {
      if (RepairLine(sample.help, kMaxHelpBytes)) {
        problems.Repair(sample.name, ": HELP was not one valid UTF-8 line");
      }
      if (sample.help.empty()) {
        sample.help = "Reported by the " + plugin_name + " plugin.";
        problems.Repair(sample.name, ": HELP is empty");
      }
      first_of_name.emplace(sample.name, FirstOfName{sample.type, sample.help});
    }
    if (!series.insert(SeriesKey(sample)).second) {
      problems.Drop(sample.name, ": duplicate series");
      continue;
    }
    kept.push_back(std::move(sample));
  }
  result.samples = std::move(kept);
}

}  // namespace

ValidationOutcome SanitizeResult(ProbeResult& result,
                                 const std::string& plugin_name,
                                 const std::set<std::string>& allowed_reasons) {
  ValidationOutcome outcome;
  Problems problems(outcome);
  SanitizeReason(result, allowed_reasons, problems);
  SanitizeSamples(result, plugin_name, problems);
  if (RepairLine(result.message, kMaxMessageBytes)) {
    problems.Repair(
        "message was not one valid UTF-8 line of at most 512 "
        "bytes");
  }
  if (!IsJsonObject(result.details_json)) {
    result.details_json = "{}";
    problems.Repair("details_json is not a JSON object");
  }
  // The problem quotes names and reasons the plugin chose; keep the log line
  // one bounded line of valid UTF-8.
  RepairLine(outcome.first_problem, kMaxMessageBytes);
  return outcome;
}

}  // namespace stackprobe::expose
