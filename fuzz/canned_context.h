// SPDX-License-Identifier: Apache-2.0
//
// A ProbeContext whose every HTTP request answers one canned response, for
// running a probe's whole Run() on fuzzed bodies without a network.
#ifndef STACKPROBE_FUZZ_CANNED_CONTEXT_H_
#define STACKPROBE_FUZZ_CANNED_CONTEXT_H_

#include <chrono>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::fuzz {

/// Answers Http/HttpMany with `response`; every other service fails.
class CannedContext final : public ProbeContext {
 public:
  explicit CannedContext(HttpResponse response)
      : response_(std::move(response)),
        deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(5)) {}
  ~CannedContext() = default;

  std::chrono::steady_clock::time_point Deadline() const override {
    return deadline_;
  }
  bool Cancelled() const override { return false; }
  const std::string& InstanceName() const override { return name_; }
  HttpResponse Http(const HttpRequest&) override { return response_; }
  std::vector<HttpResponse> HttpMany(
      const std::vector<HttpRequest>& requests) override {
    return std::vector<HttpResponse>(requests.size(), response_);
  }
  CommandResult RunCommand(const CommandRequest&) override {
    CommandResult result;
    result.error = "no commands in the fuzzer";
    return result;
  }
  Connection* Connect(const ConnectRequest&, std::string& error) override {
    error = "no connections in the fuzzer";
    return nullptr;
  }
  bool LatestResult(const std::string&, ProbeRecord&) override { return false; }
  bool WriteFileAtomically(const std::string&, std::string_view, std::uint32_t,
                           std::string& error) override {
    error = "no files in the fuzzer";
    return false;
  }
  void Log(LogLevel, std::string_view) override {}

 private:
  HttpResponse response_;
  std::chrono::steady_clock::time_point deadline_;
  std::string name_ = "fuzz";
};

}  // namespace stackprobe::fuzz

#endif  // STACKPROBE_FUZZ_CANNED_CONTEXT_H_
