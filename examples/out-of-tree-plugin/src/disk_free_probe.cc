// SPDX-License-Identifier: Apache-2.0
//
// disk_free: free and total bytes of the file system holding a path, from
// statvfs(3). `degraded` when the free share falls below a threshold, `down`
// when the path cannot be examined. A complete plugin in one file, built
// against nothing but the installed <stackprobe/plugin.h>.
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "stackprobe/plugin.h"

namespace {

// The config arrives validated against kSchema with defaults filled in, so
// a small scan for two known keys is enough; a real plugin would use a JSON
// library.
std::string StringField(const std::string& json, const std::string& key) {
  const std::string marker = "\"" + key + "\":\"";
  const auto start = json.find(marker);
  if (start == std::string::npos) return {};
  const auto end = json.find('"', start + marker.size());
  return json.substr(start + marker.size(), end - start - marker.size());
}

double NumberField(const std::string& json, const std::string& key) {
  const std::string marker = "\"" + key + "\":";
  const auto start = json.find(marker);
  return start == std::string::npos
             ? 0
             : std::stod(json.substr(start + marker.size()));
}

class DiskFreeProbe final : public stackprobe::Probe {
 public:
  explicit DiskFreeProbe(const std::string& config_json)
      : path_(StringField(config_json, "path")),
        min_free_ratio_(NumberField(config_json, "min_free_ratio")) {
    if (path_.empty() || path_[0] != '/') {
      throw std::invalid_argument("path: expected an absolute path, got \"" +
                                  path_ + "\"");
    }
  }

  stackprobe::ProbeResult Run(stackprobe::ProbeContext&) override {
    struct statvfs info {};
    if (statvfs(path_.c_str(), &info) != 0) {
      return stackprobe::MakeResult(stackprobe::State::kDown,
                                    stackprobe::reason::kNotFound,
                                    path_ + ": " + std::strerror(errno));
    }
    const double block = static_cast<double>(info.f_frsize);
    const double total = block * static_cast<double>(info.f_blocks);
    const double available = block * static_cast<double>(info.f_bavail);
    const double ratio = total > 0 ? available / total : 0;
    auto result =
        ratio < min_free_ratio_
            ? stackprobe::MakeResult(stackprobe::State::kDegraded, "low_space",
                                     path_ + " is nearly full")
            : stackprobe::MakeResult(stackprobe::State::kUp,
                                     stackprobe::reason::kNone, "");
    stackprobe::AddGauge(result, "available_bytes",
                         "Bytes available to unprivileged users, statvfs "
                         "f_bavail * f_frsize.",
                         available);
    stackprobe::AddGauge(
        result, "size_bytes",
        "Size of the file system, statvfs f_blocks * f_frsize.", total);
    return result;
  }

 private:
  std::string path_;
  double min_free_ratio_;
};

constexpr const char* kSchema = R"({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "path": {"type": "string", "default": "/"},
    "min_free_ratio": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.1}
  }
})";

constexpr const char* kExtraReasons[] = {"low_space", nullptr};

}  // namespace

STACKPROBE_PLUGIN(DiskFreeProbe, "disk_free", "1.0.0",
                  "Free space of the file system holding a path.", kSchema,
                  kExtraReasons)
