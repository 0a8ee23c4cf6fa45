// SPDX-License-Identifier: Apache-2.0
//
// disk_free: free and total bytes of the file system holding a path, from
// statvfs(3). `degraded` when the free share falls below a threshold, `down`
// when the path cannot be examined. A complete plugin in one file, built
// against nothing but the installed SDK headers (<stackprobe/plugin.h> and
// the config reader, which uses nlohmann/json).
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "stackprobe/plugin.h"
#include "stackprobe/sdk/config_reader.h"

namespace {

class DiskFreeProbe final : public stackprobe::Probe {
 public:
  // The host validated the config against kSchema and wrote its defaults
  // in: read the values; check only what a schema cannot say.
  explicit DiskFreeProbe(const std::string& config_json) {
    const stackprobe::sdk::ConfigReader config(config_json);
    path_ = config.String("path");
    min_free_ratio_ = config.Number("min_free_ratio");
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
  double min_free_ratio_ = 0;
};

constexpr const char* kSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "path": {"type": "string", "pattern": "^/", "default": "/",
             "description": "An absolute path on the file system to watch"},
    "min_free_ratio": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.1,
                       "description": "Below this share of free space: degraded"}
  }
})json";

constexpr const char* kExtraReasons[] = {"low_space", nullptr};

}  // namespace

STACKPROBE_PLUGIN(DiskFreeProbe, "disk_free", "1.0.0",
                  "Free space of the file system holding a path.", kSchema,
                  kExtraReasons)
