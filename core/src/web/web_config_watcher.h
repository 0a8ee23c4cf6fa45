// SPDX-License-Identifier: Apache-2.0
//
// Keeps the server's SecurityPolicy in step with the web config file and the
// certificate files it names, so that a rotated certificate is served on the
// next connection without a restart.
#ifndef STACKPROBE_WEB_WEB_CONFIG_WATCHER_H_
#define STACKPROBE_WEB_WEB_CONFIG_WATCHER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/security.h"
#include "web/web_config.h"

namespace stackprobe::web {

/// The policy `web` describes: an SSL_CTX when it has TLS, a
/// BasicAuthenticator when it has users, its headers. Reads the certificate
/// files now. Throws config::ConfigError.
std::shared_ptr<const http::SecurityPolicy> BuildSecurityPolicy(
    const WebConfig& web);

/// Serves the current policy of a web config file. Thread-safe.
class WebConfigWatcher {
 public:
  /// How often the files are looked at, at most.
  static constexpr std::chrono::milliseconds kDefaultCheckInterval{1000};

  /// Loads `path` and the files it names now; throws config::ConfigError
  /// when they are unusable (the daemon should not start then).
  explicit WebConfigWatcher(
      std::string path,
      std::chrono::milliseconds check_interval = kDefaultCheckInterval);

  /// The newest good policy. At most once per check interval it compares
  /// the files' identity, size and modification time with what was loaded;
  /// on a change it loads them again. A load that fails logs an error and
  /// keeps the previous policy (until the files change again). Never throws.
  std::shared_ptr<const http::SecurityPolicy> Current();

  /// The web config loaded at construction: what guards the listeners from
  /// the start (a reload never switches TLS or basic auth off).
  const WebConfig& StartConfig() const { return start_config_; }

  /// Loads that succeeded / failed after the first one.
  std::uint64_t Reloads() const;
  std::uint64_t FailedReloads() const;  ///< See Reloads().

 private:
  struct Stamp {
    bool exists = false;
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  static std::vector<Stamp> StampsOf(const std::vector<std::string>& files);
  static std::vector<std::string> FilesOf(const std::string& path,
                                          const WebConfig& web);

  const std::string path_;
  const std::chrono::milliseconds check_interval_;
  WebConfig start_config_;
  mutable std::mutex mutex_;
  std::shared_ptr<const http::SecurityPolicy> policy_;  // guarded by mutex_
  std::vector<std::string> files_;  // guarded by mutex_; config file first
  std::vector<Stamp> stamps_;       // guarded by mutex_; of the last attempt
  std::chrono::steady_clock::time_point last_check_;  // guarded by mutex_
  std::uint64_t reloads_ = 0;                         // guarded by mutex_
  std::uint64_t failed_reloads_ = 0;                  // guarded by mutex_
};

}  // namespace stackprobe::web

#endif  // STACKPROBE_WEB_WEB_CONFIG_WATCHER_H_
