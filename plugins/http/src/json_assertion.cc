// SPDX-License-Identifier: Apache-2.0
#include "json_assertion.h"

#include <array>
#include <stdexcept>
#include <utility>

#include "stackprobe/plugin_common/text.h"

namespace stackprobe::plugins::http {
namespace {

using nlohmann::json;
using plugin_common::TruncateUtf8;

// Keeps the parts of a failure message short enough that pointer, operator,
// expected and actual all fit in kMaxAssertionMessageBytes.
constexpr std::size_t kMaxValueBytes = 60;
// RE2's default is 8 MiB per pattern; configs hold a handful of patterns.
constexpr std::int64_t kMaxPatternMemory = 2 << 20;

struct OpSpelling {
  std::string_view name;
  AssertionOp op;
};

constexpr std::array<OpSpelling, 10> kOps{{
    {"==", AssertionOp::kEqual},
    {"!=", AssertionOp::kNotEqual},
    {"<", AssertionOp::kLess},
    {"<=", AssertionOp::kLessEqual},
    {">", AssertionOp::kGreater},
    {">=", AssertionOp::kGreaterEqual},
    {"exists", AssertionOp::kExists},
    {"not_exists", AssertionOp::kNotExists},
    {"one_of", AssertionOp::kOneOf},
    {"regex", AssertionOp::kRegex},
}};

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string Short(const json& value) {
  return TruncateUtf8(Dump(value), kMaxValueBytes);
}

// Compares as doubles: 64-bit integers beyond 2^53 lose precision, which is
// acceptable for thresholds in health checks.
bool CompareNumbers(AssertionOp op, double actual, double expected) {
  switch (op) {
    case AssertionOp::kLess:
      return actual < expected;
    case AssertionOp::kLessEqual:
      return actual <= expected;
    case AssertionOp::kGreater:
      return actual > expected;
    case AssertionOp::kGreaterEqual:
      return actual >= expected;
    default:
      return false;
  }
}

// The pointer's target, or nullptr. json::contains(json_pointer) throws for
// some malformed array indices, so resolve with at() and catch instead.
const json* Resolve(const json& document, const json::json_pointer& pointer) {
  try {
    return &document.at(pointer);
  } catch (const json::exception&) {
    return nullptr;
  }
}

}  // namespace

std::string_view AssertionOpName(AssertionOp op) {
  for (const auto& spelling : kOps) {
    if (spelling.op == op) return spelling.name;
  }
  return "?";
}

std::shared_ptr<const RE2> CompilePattern(const std::string& pattern,
                                          const std::string& where) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kMaxPatternMemory);
  auto regex = std::make_shared<const RE2>(pattern, options);
  if (!regex->ok()) {
    throw std::invalid_argument(
        where + ": expected an RE2 regular expression, got " +
        Short(json(pattern)) + " (" + regex->error() + ")");
  }
  return regex;
}

std::vector<JsonAssertion> ParseJsonAssertions(const json& list,
                                               const std::string& where) {
  if (!list.is_array()) {
    throw std::invalid_argument(where + ": expected an array, got " +
                                Short(list));
  }
  std::vector<JsonAssertion> assertions;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    const json& item = list[i];
    if (!item.is_object()) {
      throw std::invalid_argument(at + ": expected an object, got " +
                                  Short(item));
    }
    JsonAssertion assertion;
    const json pointer = item.value("pointer", json());
    if (!pointer.is_string()) {
      throw std::invalid_argument(
          at + ".pointer: expected a JSON Pointer, got " + Short(pointer));
    }
    assertion.pointer_text = pointer.get<std::string>();
    try {
      assertion.pointer = json::json_pointer(assertion.pointer_text);
    } catch (const json::exception&) {
      throw std::invalid_argument(
          at + ".pointer: expected a JSON Pointer (RFC 6901), got " +
          Short(pointer));
    }
    const json op = item.value("op", json());
    bool known = false;
    if (op.is_string()) {
      for (const auto& spelling : kOps) {
        if (spelling.name == op.get<std::string>()) {
          assertion.op = spelling.op;
          known = true;
        }
      }
    }
    if (!known) {
      throw std::invalid_argument(at +
                                  ".op: expected one of ==, !=, <, <=, "
                                  ">, >=, exists, not_exists, one_of, regex, "
                                  "got " +
                                  Short(op));
    }
    const bool has_value = item.contains("value");
    if (has_value) assertion.value = item["value"];
    const std::string value_at = at + ".value";
    switch (assertion.op) {
      case AssertionOp::kExists:
      case AssertionOp::kNotExists:
        if (has_value) {
          throw std::invalid_argument(
              value_at + ": expected no value for op " +
              std::string(AssertionOpName(assertion.op)) + ", got " +
              Short(assertion.value));
        }
        break;
      case AssertionOp::kEqual:
      case AssertionOp::kNotEqual:
        if (!has_value) {
          throw std::invalid_argument(value_at +
                                      ": expected a value to compare with, got "
                                      "nothing");
        }
        break;
      case AssertionOp::kOneOf:
        if (!assertion.value.is_array() || assertion.value.empty()) {
          throw std::invalid_argument(
              value_at + ": expected a non-empty array for op one_of, got " +
              (has_value ? Short(assertion.value) : "nothing"));
        }
        break;
      case AssertionOp::kRegex:
        if (!assertion.value.is_string()) {
          throw std::invalid_argument(
              value_at + ": expected a pattern string for op regex, got " +
              (has_value ? Short(assertion.value) : "nothing"));
        }
        assertion.regex =
            CompilePattern(assertion.value.get<std::string>(), value_at);
        break;
      default:  // The numeric comparisons.
        if (!assertion.value.is_number()) {
          throw std::invalid_argument(
              value_at + ": expected a number for op " +
              std::string(AssertionOpName(assertion.op)) + ", got " +
              (has_value ? Short(assertion.value) : "nothing"));
        }
        break;
    }
    assertions.push_back(std::move(assertion));
  }
  return assertions;
}

AssertionOutcome EvaluateAssertion(const JsonAssertion& assertion,
                                   const json& document) {
  const json* actual = Resolve(document, assertion.pointer);
  std::string head = "\"" + assertion.pointer_text + "\" " +
                     std::string(AssertionOpName(assertion.op));
  if (assertion.op != AssertionOp::kExists &&
      assertion.op != AssertionOp::kNotExists) {
    head += " " + Short(assertion.value);
  }
  auto fail = [&head](const std::string& why) {
    return AssertionOutcome{false, TruncateUtf8(head + " failed: " + why,
                                                kMaxAssertionMessageBytes)};
  };
  if (assertion.op == AssertionOp::kNotExists) {
    if (actual == nullptr) return {true, ""};
    return fail("found " + Short(*actual));
  }
  if (actual == nullptr) return fail("not found");
  bool passed = false;
  switch (assertion.op) {
    case AssertionOp::kExists:
      passed = true;
      break;
    case AssertionOp::kEqual:
      passed = *actual == assertion.value;
      break;
    case AssertionOp::kNotEqual:
      passed = *actual != assertion.value;
      break;
    case AssertionOp::kOneOf:
      for (const auto& candidate : assertion.value) {
        if (*actual == candidate) passed = true;
      }
      break;
    case AssertionOp::kRegex:
      if (!actual->is_string()) {
        return fail("actual " + Short(*actual) + " is not a string");
      }
      passed = RE2::PartialMatch(actual->get_ref<const std::string&>(),
                                 *assertion.regex);
      break;
    default:
      if (!actual->is_number()) {
        return fail("actual " + Short(*actual) + " is not a number");
      }
      passed = CompareNumbers(assertion.op, actual->get<double>(),
                              assertion.value.get<double>());
      break;
  }
  if (passed) return {true, ""};
  return fail("actual " + Short(*actual));
}

}  // namespace stackprobe::plugins::http
