// SPDX-License-Identifier: Apache-2.0
// The AIDB plugin's /health body handling: the whole Run() on any body. An
// input starting with three digits and a newline ("503\n{...}") answers that
// status, else 200. It must return a bounded result (never throw, never
// crash).
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "aidb_probe.h"
#include "canned_context.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto body = stackprobe::fuzz::AsText(data, size);
  stackprobe::HttpResponse response;
  response.status = 200;
  if (body.size() >= 4 && body[3] == '\n' &&
      std::isdigit(static_cast<unsigned char>(body[0])) &&
      std::isdigit(static_cast<unsigned char>(body[1])) &&
      std::isdigit(static_cast<unsigned char>(body[2]))) {
    response.status =
        (body[0] - '0') * 100 + (body[1] - '0') * 10 + (body[2] - '0');
    body.remove_prefix(4);
  }
  response.body = std::string(body);
  response.headers = {{"content-type", "application/json"}};
  stackprobe::fuzz::CannedContext context(response);
  stackprobe::aidb::AidbProbe probe(R"({"base_url":"http://127.0.0.1:8091"})");
  const auto result = probe.Run(context);
  if (result.message.size() > 4096 || result.samples.size() > 1000 ||
      result.details_json.empty()) {
    std::abort();
  }
  for (const auto& sample : result.samples) {
    for (const auto& [name, value] : sample.labels) {
      if (value.size() > 256) std::abort();  // labels stay bounded
    }
  }
  return 0;
}
