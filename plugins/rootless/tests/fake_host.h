// SPDX-License-Identifier: Apache-2.0
//
// A whole NixOS-like host in a temp folder for the probe and doctor tests:
// user hyperd (uid 1000), /run/wrappers/bin with setuid copies,
// /run/current-system/sw/bin with plain ones and the podman tools.
#ifndef STACKPROBE_PLUGINS_ROOTLESS_TESTS_FAKE_HOST_H_
#define STACKPROBE_PLUGINS_ROOTLESS_TESTS_FAKE_HOST_H_

#include <nlohmann/json.hpp>
#include <string>

#include "host_config.h"
#include "schema.h"
#include "test_tree.h"

namespace stackprobe::rootless::testing {

class FakeHost {
 public:
  FakeHost() {
    tree_.File("etc/passwd",
               "root:x:0:0:root:/root:/bin/sh\nhyperd:x:1000:1000::" +
                   tree_.Path("home/hyperd") + ":/bin/sh\n");
    tree_.File("etc/subuid", "hyperd:100000:65536\n");
    tree_.File("etc/subgid", "hyperd:100000:65536\n");
    tree_.File("proc/sys/user/max_user_namespaces", "15000\n");
    tree_.File("var/lib/systemd/linger/hyperd", "");
    tree_.Dir("home/hyperd");
    const std::string run_user = tree_.Dir("run/user/1000");
    if (chown(run_user.c_str(), 1000, 1000) != 0) {
      throw std::runtime_error("chown " + run_user);
    }
    for (const char* tool : {"newuidmap", "newgidmap"}) {
      tree_.Tool(std::string("run/wrappers/bin/") + tool, 04511);
      tree_.Tool(std::string("run/current-system/sw/bin/") + tool, 0555);
    }
    for (const char* tool : {"podman", "conmon", "slirp4netns"}) {
      tree_.Tool(std::string("run/current-system/sw/bin/") + tool, 0555);
    }
  }

  /// The config the host passes for user hyperd with every path inside the
  /// tree (no search_dirs, setuid_dirs or libexec_dirs of the real host),
  /// merged with `extra`.
  std::string Config(
      const nlohmann::json& extra = nlohmann::json::object()) const {
    nlohmann::json config = {
        {"user", "hyperd"},
        {"passwd_file", tree_.Path("etc/passwd")},
        {"subuid_file", tree_.Path("etc/subuid")},
        {"subgid_file", tree_.Path("etc/subgid")},
        {"proc_sys_dir", tree_.Path("proc/sys")},
        {"linger_dir", tree_.Path("var/lib/systemd/linger")},
        {"xdg_runtime_dir", tree_.Path("run/user/1000")},
        {"search_dirs", nlohmann::json::array()},
        {"setuid_dirs", nlohmann::json::array()},
        {"libexec_dirs", nlohmann::json::array()}};
    config.update(extra);
    return stackprobe::testing::HostConfig(kConfigSchema, config.dump());
  }

  /// Writes a legacy unit fixture with its /run/ folders moved into the
  /// tree; returns the unit's path.
  std::string Unit(const std::string& fixture) const {
    std::string text = ReadFixture(fixture);
    const std::string from = "/run/";
    const std::string to = tree_.Path("run/");
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
    return tree_.File("units/" + fixture, text);
  }

  std::string Wrappers() const { return tree_.Path("run/wrappers/bin"); }
  std::string SwBin() const { return tree_.Path("run/current-system/sw/bin"); }
  TestTree& tree() { return tree_; }

 private:
  TestTree tree_;
};

}  // namespace stackprobe::rootless::testing

#endif  // STACKPROBE_PLUGINS_ROOTLESS_TESTS_FAKE_HOST_H_
