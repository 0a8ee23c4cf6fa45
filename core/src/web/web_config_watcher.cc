// SPDX-License-Identifier: Apache-2.0
#include "web/web_config_watcher.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <exception>
#include <stdexcept>
#include <utility>

#include "config/config_error.h"
#include "web/basic_auth.h"
#include "web/tls_context.h"

namespace stackprobe::web {

std::shared_ptr<const http::SecurityPolicy> BuildSecurityPolicy(
    const WebConfig& web) {
  auto policy = std::make_shared<http::SecurityPolicy>();
  if (web.tls) policy->tls = MakeServerTlsContext(*web.tls);
  if (!web.basic_auth_users.empty()) {
    policy->authenticator =
        std::make_shared<BasicAuthenticator>(web.basic_auth_users);
  }
  policy->headers = web.headers;
  return policy;
}

WebConfigWatcher::WebConfigWatcher(std::string path,
                                   std::chrono::milliseconds check_interval)
    : path_(std::move(path)), check_interval_(check_interval) {
  // Stamped before reading: a change during the read is seen next time.
  std::vector<Stamp> before = StampsOf({path_});
  start_config_ = LoadWebConfigFile(path_);
  files_ = FilesOf(path_, start_config_);
  stamps_ = StampsOf(files_);
  stamps_.front() = before.front();
  policy_ = BuildSecurityPolicy(start_config_);
  last_check_ = std::chrono::steady_clock::now();
}

std::vector<std::string> WebConfigWatcher::FilesOf(const std::string& path,
                                                   const WebConfig& web) {
  std::vector<std::string> files = {path};
  if (web.tls) {
    files.push_back(web.tls->cert_file);
    files.push_back(web.tls->key_file);
    if (!web.tls->client_ca_file.empty()) {
      files.push_back(web.tls->client_ca_file);
    }
  }
  return files;
}

std::vector<WebConfigWatcher::Stamp> WebConfigWatcher::StampsOf(
    const std::vector<std::string>& files) {
  std::vector<Stamp> stamps;
  stamps.reserve(files.size());
  for (const std::string& file : files) {
    struct stat info {};
    Stamp stamp;
    if (::stat(file.c_str(), &info) == 0) {
      stamp.exists = true;
      stamp.device = info.st_dev;
      stamp.inode = info.st_ino;
      stamp.size = info.st_size;
      stamp.mtime_ns =
          info.st_mtim.tv_sec * 1'000'000'000LL + info.st_mtim.tv_nsec;
      stamp.ctime_ns =
          info.st_ctim.tv_sec * 1'000'000'000LL + info.st_ctim.tv_nsec;
    }
    stamps.push_back(stamp);
  }
  return stamps;
}

std::shared_ptr<const http::SecurityPolicy> WebConfigWatcher::Current() {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - last_check_ < check_interval_) return policy_;
  last_check_ = now;
  std::vector<Stamp> stamps = StampsOf(files_);
  if (stamps == stamps_) return policy_;
  // Something changed: read everything again. The config file is stamped
  // before it is read, the files it names before they are loaded.
  const Stamp config_stamp = StampsOf({path_}).front();
  try {
    const WebConfig web = LoadWebConfigFile(path_);
    // Fail closed: a file emptied, cut short or rewritten without a section
    // must not switch TLS or basic auth off under a running listener.
    // Turning protection off takes a restart.
    if (policy_->tls && !web.tls) {
      throw std::runtime_error(
          "the new file has no tls_server_config: TLS stays on (turning it "
          "off takes a restart)");
    }
    if (policy_->authenticator && web.basic_auth_users.empty()) {
      throw std::runtime_error(
          "the new file has no basic_auth_users: basic auth stays on "
          "(turning it off takes a restart)");
    }
    files_ = FilesOf(path_, web);
    stamps_ = StampsOf(files_);
    stamps_.front() = config_stamp;
    policy_ = BuildSecurityPolicy(web);
    ++reloads_;
    spdlog::info("event=web_config_reloaded file={} tls={} basic_auth={}",
                 path_, policy_->tls != nullptr,
                 policy_->authenticator != nullptr);
  } catch (const std::exception& e) {
    // Keep serving with what worked; retry once the files change again.
    stamps_ = std::move(stamps);
    stamps_.front() = config_stamp;
    ++failed_reloads_;
    spdlog::error(
        "event=web_config_reload_failed file={} error=\"{}\" "
        "action=\"previous settings kept\"",
        path_, e.what());
  }
  return policy_;
}

std::uint64_t WebConfigWatcher::Reloads() const {
  std::lock_guard lock(mutex_);
  return reloads_;
}

std::uint64_t WebConfigWatcher::FailedReloads() const {
  std::lock_guard lock(mutex_);
  return failed_reloads_;
}

}  // namespace stackprobe::web
