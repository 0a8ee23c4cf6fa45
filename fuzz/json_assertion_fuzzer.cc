// SPDX-License-Identifier: Apache-2.0
// The http plugin's JSON assertions: the input is "<assertions JSON>\n<body>".
// Parsing the assertions may refuse them (std::invalid_argument); evaluating
// them against any body must never throw or crash, and a failed assertion's
// message stays within its bound.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "fuzz_input.h"
#include "json_assertion.h"

namespace {

using nlohmann::json;
namespace http = stackprobe::plugins::http;

// A few fixed assertions, so every body meets every operator even when the
// first line is not a valid assertion list.
const std::vector<http::JsonAssertion>& FixedAssertions() {
  static const auto assertions = http::ParseJsonAssertions(json::parse(R"([
    {"pointer": "/status", "op": "==", "value": "ok"},
    {"pointer": "/data/0/id", "op": "!=", "value": 1},
    {"pointer": "/count", "op": ">=", "value": 1.5},
    {"pointer": "/count", "op": "<", "value": 10},
    {"pointer": "/a~1b/~0c", "op": "exists"},
    {"pointer": "/missing", "op": "not_exists"},
    {"pointer": "/mode", "op": "one_of", "value": ["a", 2, null, {"x": [1]}]},
    {"pointer": "/name", "op": "regex", "value": "^(a+)+$"}
  ])"));
  return assertions;
}

void Check(const http::JsonAssertion& assertion, const json& document) {
  const auto outcome = http::EvaluateAssertion(assertion, document);
  if (outcome.passed != outcome.message.empty() ||
      outcome.message.size() > http::kMaxAssertionMessageBytes) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const auto fields =
      stackprobe::fuzz::Fields(stackprobe::fuzz::AsText(data, size), 2, '\n');
  // The plugin parses bodies with a depth bound; do the same here.
  auto depth_bound = [](int depth, json::parse_event_t, json&) {
    return depth <= 64;
  };
  std::vector<http::JsonAssertion> configured;
  const auto list = json::parse(fields[0], depth_bound, false);
  if (!list.is_discarded()) {
    try {
      configured = http::ParseJsonAssertions(list);
    } catch (const std::invalid_argument&) {
    }
  }
  json document;
  try {
    document = json::parse(fields[1], depth_bound);
  } catch (const json::exception&) {
    document = fields[1];  // a body that is not JSON is compared as text
  }
  for (const auto& assertion : FixedAssertions()) Check(assertion, document);
  for (const auto& assertion : configured) Check(assertion, document);
  return 0;
}
