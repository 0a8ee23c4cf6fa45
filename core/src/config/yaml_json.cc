// SPDX-License-Identifier: Apache-2.0
//
// Built on yaml-cpp's event parser rather than YAML::Node: the events carry
// the position of every value and whether a scalar was quoted, and they let
// duplicate keys be caught (YAML::Node keeps both silently).
#include "config/yaml_json.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/json_path.h"

namespace stackprobe::config {
namespace {

using nlohmann::json;

// Tag yaml-cpp reports for plain (unquoted) scalars with no explicit tag.
constexpr std::string_view kPlainTag = "?";
constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

bool AllOf(std::string_view text, std::string_view allowed) {
  return !text.empty() && text.find_first_not_of(allowed) == text.npos;
}

std::optional<json> ParseInteger(std::string_view text) {
  bool negative = false;
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  std::string_view allowed = "0123456789";
  if (digits.size() > 2 && digits[0] == '0' &&
      (digits[1] == 'x' || digits[1] == 'o')) {
    base = digits[1] == 'x' ? 16 : 8;
    allowed = base == 16 ? "0123456789abcdefABCDEF" : "01234567";
    digits.remove_prefix(2);
  }
  if (!AllOf(digits, allowed)) return std::nullopt;
  const std::string copy(digits);
  errno = 0;
  const unsigned long long magnitude =
      std::strtoull(copy.c_str(), nullptr, base);
  if (errno == ERANGE) return std::nullopt;
  constexpr auto kMaxNegative =
      static_cast<unsigned long long>(INT64_MAX) + 1ULL;
  if (negative) {
    if (magnitude > kMaxNegative) return std::nullopt;
    if (magnitude == kMaxNegative) return json(INT64_MIN);
    return json(-static_cast<std::int64_t>(magnitude));
  }
  if (magnitude > static_cast<unsigned long long>(INT64_MAX)) {
    return json(static_cast<std::uint64_t>(magnitude));
  }
  return json(static_cast<std::int64_t>(magnitude));
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? from the core schema.
// .inf and .nan are left as strings: JSON has no such numbers.
std::optional<json> ParseFloat(std::string_view text) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const std::size_t whole = digits();
  std::size_t fraction = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole == 0 && fraction == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  const std::string copy(text);
  errno = 0;
  const double value = std::strtod(copy.c_str(), nullptr);
  if (errno == ERANGE && value != 0) return std::nullopt;
  return json(value);
}

json PlainScalar(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" ||
      text == "NULL") {
    return nullptr;
  }
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (auto integer = ParseInteger(text)) return *integer;
  if (auto number = ParseFloat(text)) return *number;
  return text;
}

std::string Where(const std::string& file_label, const YAML::Mark& mark) {
  if (mark.is_null()) return file_label;
  return file_label + ":" + std::to_string(mark.line + 1) + ":" +
         std::to_string(mark.column + 1);
}

// Builds the JSON value from the parser's events with an explicit stack, so
// depth is bounded by kMaxYamlDepth and not by the C++ stack.
class JsonBuilder : public YAML::EventHandler {
 public:
  explicit JsonBuilder(const std::string& file_label)
      : file_label_(file_label) {}

  json TakeResult() { return std::move(result_); }
  bool document_seen() const { return document_seen_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (document_seen_) Fail(mark, "expected one document, found another");
    document_seen_ = true;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(mark, anchor, nullptr);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto found = anchors_.find(anchor);
    if (found == anchors_.end()) Fail(mark, "alias to an unknown anchor");
    Count(mark, found->second.nodes);
    Add(mark, 0, found->second.value);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag,
                YAML::anchor_t anchor, const std::string& value) override {
    if (tag == kPlainTag) {
      Add(mark, anchor, PlainScalar(value));
    } else if (tag == kStrTag || tag == "!") {
      Add(mark, anchor, value);
    } else {
      // Other explicit tags (!!int, custom ones): read the text as if plain.
      Add(mark, anchor, PlainScalar(value));
    }
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/,
                       YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor, json::array());
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/,
                  YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor, json::object());
  }
  void OnMapEnd() override {
    if (stack_.back().key) {
      // yaml-cpp ends a map with a pending key only on malformed input it
      // has already reported; be safe anyway.
      stack_.back().value[*stack_.back().key] = nullptr;
    }
    Close();
  }

 private:
  struct Frame {
    json value;
    YAML::anchor_t anchor = 0;
    std::size_t first_node = 0;      // nodes_ when the frame was opened.
    std::optional<std::string> key;  // Maps: the key awaiting its value.
  };
  struct Anchored {
    json value;
    std::size_t nodes = 0;
  };

  [[noreturn]] void Fail(const YAML::Mark& mark, const std::string& what) {
    throw ConfigError(Where(file_label_, mark) + ": " + what);
  }

  void Count(const YAML::Mark& mark, std::size_t nodes) {
    nodes_ += nodes;
    if (nodes_ > kMaxYamlNodes) {
      Fail(mark, "expected at most " + std::to_string(kMaxYamlNodes) +
                     " values (aliases included)");
    }
  }

  void Open(const YAML::Mark& mark, YAML::anchor_t anchor, json container) {
    if (!stack_.empty() && stack_.back().value.is_object() &&
        !stack_.back().key) {
      Fail(mark,
           "expected a scalar mapping key, got a " +
               std::string(container.is_object() ? "mapping" : "sequence"));
    }
    if (stack_.empty() && !container.is_object()) {
      Fail(mark, "expected a mapping at the top level, got a sequence");
    }
    if (static_cast<int>(stack_.size()) >= kMaxYamlDepth) {
      Fail(mark, "expected at most " + std::to_string(kMaxYamlDepth) +
                     " levels of nesting");
    }
    Count(mark, 1);
    stack_.push_back(Frame{std::move(container), anchor, nodes_ - 1, {}});
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Remember(frame.anchor, frame.value, nodes_ - frame.first_node);
    Place(std::move(frame.value));
  }

  void Add(const YAML::Mark& mark, YAML::anchor_t anchor, json value) {
    if (stack_.empty()) {
      if (value.is_null()) {
        // `---` alone, or only comments: an empty config.
        result_ = json::object();
        return;
      }
      Fail(mark, "expected a mapping at the top level, got a scalar");
    }
    Count(mark, 1);
    Remember(anchor, value, 1);
    Frame& top = stack_.back();
    if (top.value.is_object() && !top.key) {
      if (value.is_object() || value.is_array()) {
        Fail(mark, "expected a scalar mapping key");
      }
      std::string key = value.is_string() ? value.get<std::string>()
                        : value.is_null() ? std::string()
                                          : value.dump();
      if (top.value.contains(key)) {
        Fail(mark, "duplicate key " + Excerpt(key));
      }
      top.key = std::move(key);
      return;
    }
    Place(std::move(value));
  }

  void Place(json value) {
    if (stack_.empty()) {
      result_ = std::move(value);
      return;
    }
    Frame& top = stack_.back();
    if (top.value.is_array()) {
      top.value.push_back(std::move(value));
    } else {
      top.value[*top.key] = std::move(value);
      top.key.reset();
    }
  }

  void Remember(YAML::anchor_t anchor, const json& value, std::size_t nodes) {
    if (anchor != 0) anchors_[anchor] = Anchored{value, nodes};
  }

  const std::string& file_label_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::size_t nodes_ = 0;
  bool document_seen_ = false;
  json result_ = json::object();
};

}  // namespace

nlohmann::json YamlToJson(std::string_view yaml_text,
                          const std::string& file_label) {
  std::istringstream in{std::string(yaml_text)};
  JsonBuilder builder(file_label);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    std::string what = e.msg;
    throw ConfigError(Where(file_label, e.mark) + ": " + what);
  }
  return builder.TakeResult();
}

}  // namespace stackprobe::config
