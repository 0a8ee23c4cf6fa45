// SPDX-License-Identifier: Apache-2.0
#include "isolate/protocol.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace stackprobe::isolate {
namespace {

using nlohmann::json;

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json EncodeValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return value;
}

double DecodeValue(const json& value) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "NaN") return std::nan("");
    if (text == "+Inf") return INFINITY;
    if (text == "-Inf") return -INFINITY;
    throw std::invalid_argument("sample value \"" + text + "\"");
  }
  return value.get<double>();
}

}  // namespace

std::string EncodeRunRequest(const RunRequest& request) {
  return Dump(json{{"type", "run"},
                   {"plugin_path", request.plugin_path},
                   {"plugin", request.plugin},
                   {"instance", request.instance},
                   {"config", json::parse(request.config_json)},
                   {"deadline_ms", request.deadline.count()}});
}

bool DecodeRunRequest(std::string_view text, RunRequest& out,
                      std::string& error) {
  try {
    const auto message = json::parse(text);
    if (message.at("type").get<std::string>() != "run") {
      error = "not a run request";
      return false;
    }
    out.plugin_path = message.at("plugin_path").get<std::string>();
    out.plugin = message.at("plugin").get<std::string>();
    out.instance = message.at("instance").get<std::string>();
    out.config_json = Dump(message.at("config"));
    out.deadline =
        std::chrono::milliseconds(message.at("deadline_ms").get<long long>());
    return true;
  } catch (const std::exception& e) {
    error = std::string("bad run request: ") + e.what();
    return false;
  }
}

std::string EncodeResult(const ProbeResult& result) {
  json samples = json::array();
  for (const auto& sample : result.samples) {
    samples.push_back({{"name", sample.name},
                       {"help", sample.help},
                       {"type", static_cast<int>(sample.type)},
                       {"labels", sample.labels},
                       {"value", EncodeValue(sample.value)}});
  }
  return Dump(json{{"type", "result"},
                   {"result",
                    {{"state", std::string(StateName(result.state))},
                     {"reason", result.reason},
                     {"message", result.message},
                     {"samples", std::move(samples)},
                     {"details_json", result.details_json}}}});
}

bool DecodeResult(std::string_view text, ProbeResult& out, std::string& error) {
  try {
    const auto message = json::parse(text);
    if (message.at("type").get<std::string>() != "result") {
      error = "not a result";
      return false;
    }
    const auto& result = message.at("result");
    const auto state = result.at("state").get<std::string>();
    bool known = false;
    for (int i = 0; i < kStateCount; ++i) {
      if (StateName(static_cast<State>(i)) == state) {
        out.state = static_cast<State>(i);
        known = true;
      }
    }
    if (!known) {
      error = "unknown state \"" + state + "\"";
      return false;
    }
    out.reason = result.at("reason").get<std::string>();
    out.message = result.at("message").get<std::string>();
    out.details_json = result.at("details_json").get<std::string>();
    out.samples.clear();
    for (const auto& item : result.at("samples")) {
      Sample sample;
      sample.name = item.at("name").get<std::string>();
      sample.help = item.at("help").get<std::string>();
      const int type = item.at("type").get<int>();
      if (type < 0 || type > static_cast<int>(SampleType::kStateSet)) {
        error = "unknown sample type " + std::to_string(type);
        return false;
      }
      sample.type = static_cast<SampleType>(type);
      sample.labels = item.at("labels").get<Labels>();
      sample.value = DecodeValue(item.at("value"));
      out.samples.push_back(std::move(sample));
    }
    return true;
  } catch (const std::exception& e) {
    error = std::string("bad result: ") + e.what();
    return false;
  }
}

}  // namespace stackprobe::isolate
