// SPDX-License-Identifier: Apache-2.0
//
// The messages of the worker protocol, as JSON text inside frames (frame.h).
//
//   host -> worker  {"type":"run","plugin_path":...,"plugin":...,
//                    "instance":...,"config":{...},"deadline_ms":N}
//   worker -> host  {"type":"result","result":{"state":"up","reason":...,
//                    "message":...,"samples":[...],"details_json":"{}"}}
//
// The worker loads and creates the plugin on the first request and reuses the
// object for the following ones (the plugin fields must not change). Sample
// values that JSON cannot hold (NaN, +Inf, -Inf) travel as those strings.
#ifndef STACKPROBE_ISOLATE_PROTOCOL_H_
#define STACKPROBE_ISOLATE_PROTOCOL_H_

#include <chrono>
#include <string>
#include <string_view>

#include "stackprobe/plugin.h"

namespace stackprobe::isolate {

/// What the host asks a worker to do: run the probe once.
struct RunRequest {
  std::string plugin_path;  ///< Absolute path of the plugin library.
  std::string plugin;       ///< Plugin name (the descriptor's name).
  std::string instance;     ///< Configured probe name.
  std::string config_json;  ///< The probe's config object, as configured.
  std::chrono::milliseconds deadline{0};  ///< Time left for the run.
};

/// Encodes a request as JSON text.
std::string EncodeRunRequest(const RunRequest& request);

/// Decodes a request; false with `error` set when the text is not one.
bool DecodeRunRequest(std::string_view text, RunRequest& out,
                      std::string& error);

/// Encodes a result answer as JSON text. Invalid UTF-8 in strings is replaced
/// (U+FFFD), as the host's result sanitizer would do anyway.
std::string EncodeResult(const ProbeResult& result);

/// Decodes a result answer; false with `error` set when the text is not one
/// (unknown state or sample type, wrong shapes).
bool DecodeResult(std::string_view text, ProbeResult& out, std::string& error);

}  // namespace stackprobe::isolate

#endif  // STACKPROBE_ISOLATE_PROTOCOL_H_
