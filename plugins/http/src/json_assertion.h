// SPDX-License-Identifier: Apache-2.0
//
// Assertions on a JSON response body: a JSON Pointer (RFC 6901), an operator
// and an expected value, as configured in the http plugin's json_assertions.
#ifndef STACKPROBE_PLUGINS_HTTP_JSON_ASSERTION_H_
#define STACKPROBE_PLUGINS_HTTP_JSON_ASSERTION_H_

#include <re2/re2.h>

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackprobe::plugins::http {

/// The operators of a JSON assertion.
enum class AssertionOp {
  kEqual,         ///< "==": deep JSON equality (1 equals 1.0).
  kNotEqual,      ///< "!=": the negation of "==" (a missing value fails).
  kLess,          ///< "<": numbers only.
  kLessEqual,     ///< "<=": numbers only.
  kGreater,       ///< ">": numbers only.
  kGreaterEqual,  ///< ">=": numbers only.
  kExists,        ///< The pointer resolves.
  kNotExists,     ///< The pointer does not resolve.
  kOneOf,         ///< Deep-equal to one element of the expected array.
  kRegex,         ///< A string that the RE2 pattern matches (partially).
};

/// The configured spelling of `op` ("==", "exists", ...).
std::string_view AssertionOpName(AssertionOp op);

/// One parsed assertion. Immutable after parsing; safe to evaluate from
/// several threads at once.
struct JsonAssertion {
  std::string pointer_text;              ///< As configured, e.g. "/data/0/id".
  nlohmann::json::json_pointer pointer;  ///< Parsed pointer_text.
  AssertionOp op = AssertionOp::kExists;
  nlohmann::json value;  ///< Expected value; null for exists/not_exists.
  /// Compiled pattern for kRegex, else null. Shared so copies stay cheap.
  std::shared_ptr<const RE2> regex;
};

/// The outcome of evaluating one assertion.
struct AssertionOutcome {
  bool passed = false;
  /// Empty when passed; else names the pointer, the operator, the expected
  /// and the actual value, at most kMaxAssertionMessageBytes bytes.
  std::string message;
};

/// Upper bound of AssertionOutcome::message, in bytes.
inline constexpr std::size_t kMaxAssertionMessageBytes = 200;

/// Compiles an RE2 pattern for matching response data (never logs; memory
/// bounded). Throws std::invalid_argument("<where>: expected ...") when the
/// pattern does not compile.
std::shared_ptr<const RE2> CompilePattern(const std::string& pattern,
                                          const std::string& where);

/// Parses the config array `list` (objects with pointer, op and value).
/// `where` prefixes error messages ("json_assertions"). Throws
/// std::invalid_argument("json_assertions[2].value: expected ..., got ...")
/// for a bad pointer, unknown op, a missing or ill-typed value, or a pattern
/// that does not compile.
std::vector<JsonAssertion> ParseJsonAssertions(
    const nlohmann::json& list, const std::string& where = "json_assertions");

/// Evaluates `assertion` against `document`. Never throws for any document:
/// a type mismatch (e.g. "<" on a string) is a failed assertion with a
/// message. Thread-safe.
AssertionOutcome EvaluateAssertion(const JsonAssertion& assertion,
                                   const nlohmann::json& document);

}  // namespace stackprobe::plugins::http

#endif  // STACKPROBE_PLUGINS_HTTP_JSON_ASSERTION_H_
