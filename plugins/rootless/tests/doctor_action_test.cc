// SPDX-License-Identifier: Apache-2.0
#include "doctor_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "check.h"
#include "fake_context.h"
#include "fake_host.h"

namespace stackprobe::rootless {
namespace {

using testing::FakeHost;
using ::testing::HasSubstr;

std::string LastLine(const std::string& text) {
  return text.substr(text.rfind('\n') + 1);
}

class DoctorActionTest : public ::testing::Test {
 protected:
  ActionResult Run(const std::vector<std::string>& args) {
    DoctorAction doctor(host_.Config());
    return doctor.Run(fake_.context(), args);
  }
  FakeHost host_;
  stackprobe::testing::FakeActionContext fake_;
};

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + what.size())) {
    ++count;
  }
  return count;
}

// The incident's PATH (plain copies first): stackprobe start repairs it, so
// the doctor warns, names the repair and the unit's fix, and exits 0.
TEST_F(DoctorActionTest, WrongPathThatStartRepairsWarnsAndExitsZero) {
  const std::string path = host_.SwBin() + ":" + host_.Wrappers() + ":/usr/bin";
  const ActionResult result = Run({"--user", "hyperd", "--path", path});
  EXPECT_EQ(result.exit_code, 0) << result.summary;
  const std::string& text = result.summary;
  EXPECT_THAT(text, HasSubstr("PATH podman gets from stackprobe start (setuid "
                              "folders first):\n  " +
                              host_.Wrappers() + ":"));
  EXPECT_THAT(text,
              HasSubstr("WARN newuidmap_setuid: first newuidmap in PATH, " +
                        host_.SwBin() + "/newuidmap, is not setuid"));
  EXPECT_THAT(text, HasSubstr("stackprobe start repairs this: podman gets " +
                              host_.Wrappers() + "/newuidmap"));
  EXPECT_THAT(text, HasSubstr("WARN newgidmap_setgid"));
  EXPECT_THAT(text, HasSubstr("fix (NixOS):   systemd.user.services.<unit>."
                              "environment.PATH = lib.mkForce \"" +
                              host_.Wrappers() + ":"));
  // newuidmap and newgidmap share the fix: printed once.
  EXPECT_EQ(Occurrences(text, "lib.mkForce"), 1U) << text;
  EXPECT_EQ(Occurrences(text, "Environment=\"PATH="), 1U) << text;
  EXPECT_THAT(text, HasSubstr("fix (NixOS):   the same as for "
                              "newuidmap_setuid above"));
  EXPECT_EQ(LastLine(text), "containers can start");
}

TEST_F(DoctorActionTest, NoRepairJudgesThePathAsGivenAndExitsOne) {
  const std::string path = host_.SwBin() + ":" + host_.Wrappers() + ":/usr/bin";
  const ActionResult result =
      Run({"--user", "hyperd", "--path", path, "--no-repair"});
  EXPECT_EQ(result.exit_code, 1) << result.summary;
  const std::string& text = result.summary;
  EXPECT_THAT(text,
              HasSubstr("FAIL newuidmap_setuid: first newuidmap in PATH, " +
                        host_.SwBin() + "/newuidmap, is not setuid"));
  EXPECT_THAT(text, HasSubstr("FAIL newgidmap_setgid"));
  EXPECT_THAT(text, HasSubstr("evidence:      " + host_.SwBin() +
                              "/newuidmap: -r-xr-xr-x owner 0:0"));
  EXPECT_THAT(text, HasSubstr("a working copy: " + host_.Wrappers() +
                              "/newuidmap: -r-s--x--x owner 0:0"));
  EXPECT_THAT(text, HasSubstr("fix (generic): put " + host_.Wrappers() +
                              " before " + host_.SwBin() + " in PATH"));
  EXPECT_THAT(text, HasSubstr("fix (NixOS):   systemd.user.services.<unit>."
                              "environment.PATH = lib.mkForce \"" +
                              host_.Wrappers() + ":" + host_.SwBin()));
  EXPECT_EQ(Occurrences(text, "lib.mkForce"), 1U) << text;
  EXPECT_THAT(text, ::testing::Not(HasSubstr("PATH podman gets")));
  EXPECT_EQ(LastLine(text), "containers cannot start: 2 problem(s)");
}

TEST_F(DoctorActionTest, UnrepairablePathFailsWithTheReason) {
  const ActionResult result = Run({"--path", host_.SwBin()});
  EXPECT_EQ(result.exit_code, 1) << result.summary;
  EXPECT_THAT(result.summary,
              HasSubstr("FAIL newuidmap_setuid: first newuidmap in PATH, " +
                        host_.SwBin() + "/newuidmap, is not setuid"));
  EXPECT_THAT(result.summary,
              HasSubstr("stackprobe start cannot repair this: no folder in "
                        "PATH or in its setuid_dirs (none)"));
  EXPECT_THAT(result.summary, HasSubstr("security.wrappers.newuidmap"));
  EXPECT_EQ(LastLine(result.summary), "containers cannot start: 2 problem(s)");
}

TEST_F(DoctorActionTest, UnitFixesNameTheUnit) {
  const ActionResult result =
      Run({"--unit", host_.Unit("ai-stack-wrong-order.service")});
  EXPECT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(result.summary,
              HasSubstr("fix (NixOS):   systemd.user.services.ai-stack-wrong-"
                        "order.environment.PATH = lib.mkForce \"" +
                        host_.Wrappers() + ":"));
  EXPECT_THAT(result.summary,
              HasSubstr("(systemctl --user edit ai-stack-wrong-order)"));
}

TEST_F(DoctorActionTest, HelpListsEveryOption) {
  const ActionResult result = Run({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* option : {"--user NAME|UID", "--path PATH", "--unit FILE",
                             "--no-repair", "--json", "-h, --help"}) {
    EXPECT_THAT(result.summary, HasSubstr(std::string("\n  ") + option))
        << option;
  }
}

TEST_F(DoctorActionTest, CorrectUnitExitsZeroWithWarnings) {
  std::filesystem::remove(host_.tree().Path("var/lib/systemd/linger/hyperd"));
  const ActionResult result = Run({"--unit=" + host_.Unit("ai-stack.service")});
  EXPECT_EQ(result.exit_code, 0) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("WARN linger"));
  EXPECT_THAT(result.summary,
              HasSubstr("fix (generic): loginctl enable-linger hyperd"));
  EXPECT_THAT(result.summary, HasSubstr("PATH from Environment= of "));
  EXPECT_EQ(LastLine(result.summary), "containers can start");
}

TEST_F(DoctorActionTest, SubuidProblemsNameUsermodAndNixosRanges) {
  host_.tree().File("etc/subuid", "other:100000:65536\n");
  const ActionResult result =
      Run({"--path", host_.Wrappers() + ":" + host_.SwBin()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(
      result.summary,
      HasSubstr("fix (generic): usermod --add-subuids 165536-231071 hyperd"));
  EXPECT_THAT(result.summary, HasSubstr("users.users.hyperd.subUidRanges"));
  EXPECT_EQ(LastLine(result.summary), "containers cannot start: 1 problem(s)");
}

TEST_F(DoctorActionTest, JsonPrintsTheDetails) {
  const ActionResult result =
      Run({"--json", "--path", host_.Wrappers() + ":" + host_.SwBin()});
  EXPECT_EQ(result.exit_code, 0);
  const nlohmann::json details = nlohmann::json::parse(result.summary);
  EXPECT_EQ(details.at("user"), "hyperd");
  EXPECT_EQ(details.at("path"), host_.Wrappers() + ":" + host_.SwBin());
  EXPECT_EQ(details.at("checks").size(), AllCheckIds().size());
  EXPECT_EQ(details.at("checks")[0].at("id"), "newuidmap_setuid");
  EXPECT_EQ(result.details_json, result.summary);
}

TEST_F(DoctorActionTest, BadArgumentsExitTwo) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--frobnicate"},
                                             {"--user"},
                                             {"--path", "/a", "--unit", "/b"},
                                             {"--user", "no-such-user"},
                                             {"--unit", "/nonexistent.service"},
                                             {"--json=yes"},
                                             {"--no-repair=1"}}) {
    const ActionResult result = Run(args);
    EXPECT_EQ(result.exit_code, 2) << args[0];
    EXPECT_THAT(result.summary, HasSubstr("usage: stackprobe doctor"));
  }
}

}  // namespace
}  // namespace stackprobe::rootless
