// SPDX-License-Identifier: Apache-2.0
//
// Finds, checks and loads plugin libraries. Loading a library runs its code,
// so every file is opened once (never through a symbolic link), checked
// through that descriptor (a regular file, not writable by group or others,
// owned by root or the running user, in a folder with the same properties)
// and loaded from that same descriptor. After dlopen the descriptor's ABI
// version is read before any C++ type is touched, then the toolchain id and
// the name are checked. Libraries are never unloaded, refused ones included:
// objects and code from them may live as long as the process.
#ifndef STACKPROBE_LOADER_PLUGIN_LOADER_H_
#define STACKPROBE_LOADER_PLUGIN_LOADER_H_

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "stackprobe/plugin.h"

namespace stackprobe::loader {

/// A plugin library that passed every check.
struct LoadedPlugin {
  std::string name;
  std::string version;
  std::string description;
  std::string config_schema;  ///< JSON Schema text from the descriptor.
  std::string path;           ///< Absolute path of the library.
  PluginKind kind = PluginKind::kProbe;
  std::set<std::string> allowed_reasons;  ///< Core reasons + the plugin's own.
  const PluginDescriptor* descriptor = nullptr;
};

/// A plugin file that was refused, and why (one line, for the log).
struct Refusal {
  std::string path;
  std::string reason;
};

/// The outcome of scanning plugin folders.
struct ScanResult {
  std::vector<std::shared_ptr<const LoadedPlugin>>
      plugins;  ///< Sorted by name.
  std::vector<Refusal> refusals;
};

/// "probe", "action" or "sink".
std::string KindName(PluginKind kind);

/// The reasons every plugin may report (namespace reason of plugin.h).
const std::set<std::string>& CoreReasons();

/// Loads plugin libraries and keeps them loaded for its own lifetime, which
/// should be the process's (own it from main). Thread-safe.
class PluginLoader {
 public:
  PluginLoader();
  ~PluginLoader();
  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;

  /// Loads every `*.so` of `dirs` (missing folders are refusals). A name
  /// seen in an earlier folder wins over a later one (refusal "shadowed").
  /// Already-loaded files (same device and inode) are reused, so a reload
  /// rescans cheaply; a file refused after loading stays refused. With
  /// `only`, files named after other plugins are not opened at all (a
  /// plugin's file is named after it: `<name>.so`), so a one-shot command
  /// loads just what its config uses.
  ScanResult Scan(const std::vector<std::string>& dirs,
                  const std::set<std::string>* only = nullptr);

  /// Checks and loads one file; on refusal returns nullptr and sets `why`.
  std::shared_ptr<const LoadedPlugin> LoadFile(const std::string& path,
                                               std::string& why);

 private:
  struct Library;
  std::mutex mutex_;
  std::map<std::pair<unsigned long, unsigned long>, std::unique_ptr<Library>>
      libraries_;  // by (device, inode)
};

/// Deletes a plugin object through its own library's destroy function.
class PluginDeleter {
 public:
  PluginDeleter() = default;
  explicit PluginDeleter(const PluginDescriptor* descriptor)
      : descriptor_(descriptor) {}
  void operator()(Plugin* plugin) const noexcept {
    if (plugin != nullptr && descriptor_ != nullptr) {
      descriptor_->destroy(plugin);
    }
  }

 private:
  const PluginDescriptor* descriptor_ = nullptr;
};

/// A plugin object owned by the host.
using PluginObject = std::unique_ptr<Plugin, PluginDeleter>;

/// Creates an object from `config_json` (already validated against the
/// schema). On failure returns nullptr and sets `error` to the plugin's
/// message.
PluginObject CreateInstance(const LoadedPlugin& plugin,
                            const std::string& config_json, std::string& error);

}  // namespace stackprobe::loader

#endif  // STACKPROBE_LOADER_PLUGIN_LOADER_H_
