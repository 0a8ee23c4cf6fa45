// SPDX-License-Identifier: Apache-2.0
#include "rootless_probe.h"

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

const Sample* FindStateSample(const ProbeResult& result,
                              const std::string& check,
                              const std::string& status) {
  for (const Sample& sample : result.samples) {
    if (sample.name == "check_status" && sample.labels.at("check") == check &&
        sample.labels.at("status") == status) {
      return &sample;
    }
  }
  return nullptr;
}

nlohmann::json CheckById(const ProbeResult& result, const std::string& id) {
  const nlohmann::json details = nlohmann::json::parse(result.details_json);
  for (const nlohmann::json& check : details.at("checks")) {
    if (check.at("id") == id) return check;
  }
  ADD_FAILURE() << "no check " << id;
  return {};
}

class RootlessProbeTest : public ::testing::Test {
 protected:
  ProbeResult RunWith(const std::string& config) {
    RootlessProbe probe(config);
    return probe.Run(fake_.context());
  }
  FakeHost host_;
  stackprobe::testing::FakeProbeContext fake_;
};

TEST_F(RootlessProbeTest, LegacyUnitIsUp) {
  const ProbeResult result =
      RunWith(host_.Config({{"unit_file", host_.Unit("ai-stack.service")}}));
  EXPECT_EQ(result.state, State::kUp) << result.message << result.details_json;
  EXPECT_EQ(result.reason, reason::kNone);
  EXPECT_EQ(result.message, "containers can start");
  // One StateSet per check, four states each.
  std::size_t state_samples = 0;
  for (const Sample& sample : result.samples) {
    if (sample.name == "check_status") ++state_samples;
  }
  EXPECT_EQ(state_samples, AllCheckIds().size() * 4);
  const Sample* ok = FindStateSample(result, "newuidmap_setuid", "ok");
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->value, 1.0);
  EXPECT_EQ(FindStateSample(result, "newuidmap_setuid", "fail")->value, 0.0);
  // podman info needs the probe to run as hyperd; the tests run as root.
  EXPECT_EQ(FindStateSample(result, "podman_info", "skipped")->value, 1.0);
  const nlohmann::json details = nlohmann::json::parse(result.details_json);
  EXPECT_EQ(details.at("user"), "hyperd");
  EXPECT_EQ(
      details.at("path").get<std::string>().rfind(host_.Wrappers() + ":", 0),
      0U);
}

double GaugeValue(const ProbeResult& result, const std::string& name) {
  for (const Sample& sample : result.samples) {
    if (sample.name == name) return sample.value;
  }
  ADD_FAILURE() << "no sample " << name;
  return -1;
}

// The incident's unit: plain copies first. stackprobe start puts the setuid
// folder first, so this must not page anyone: a warning that names the
// repair and the unit's fix.
TEST_F(RootlessProbeTest, WrongOrderUnitIsDegradedWithTheRepair) {
  const ProbeResult result = RunWith(host_.Config(
      {{"unit_file", host_.Unit("ai-stack-wrong-order.service")}}));
  EXPECT_EQ(result.state, State::kDegraded) << result.details_json;
  EXPECT_EQ(result.reason, kReasonPreflight);
  EXPECT_EQ(result.message,
            "containers can start (newuidmap_setuid, newgidmap_setgid)");
  for (const char* id : {"newuidmap_setuid", "newgidmap_setgid"}) {
    EXPECT_EQ(FindStateSample(result, id, "warn")->value, 1.0) << id;
    EXPECT_EQ(FindStateSample(result, id, "fail")->value, 0.0) << id;
  }
  EXPECT_EQ(GaugeValue(result, "path_repaired"), 1.0);
  const nlohmann::json details = nlohmann::json::parse(result.details_json);
  EXPECT_EQ(details.at("path_repaired"), true);
  EXPECT_EQ(details.at("podman_path")
                .get<std::string>()
                .rfind(host_.Wrappers() + ":", 0),
            0U);
  const nlohmann::json check = CheckById(result, "newuidmap_setuid");
  EXPECT_EQ(check.at("status"), "warn");
  EXPECT_THAT(check.at("title").get<std::string>(),
              HasSubstr("stackprobe start repairs this: podman gets " +
                        host_.Wrappers() + "/newuidmap"));
  EXPECT_THAT(check.at("evidence").get<std::string>(), HasSubstr("-r-xr-xr-x"));
  EXPECT_THAT(check.at("evidence").get<std::string>(),
              HasSubstr("PATH reordered: " + host_.Wrappers() + " first"));
  EXPECT_EQ(check.at("fix_nixos"),
            "systemd.user.services.ai-stack-wrong-order.environment.PATH = "
            "lib.mkForce \"" +
                details.at("podman_path").get<std::string>() + "\";");
}

// Nothing to put first: no setuid copy in PATH and none in setuid_dirs.
TEST_F(RootlessProbeTest, UnrepairablePathIsDown) {
  const ProbeResult result = RunWith(host_.Config({{"path", host_.SwBin()}}));
  EXPECT_EQ(result.state, State::kDown) << result.details_json;
  EXPECT_EQ(result.reason, kReasonPreflight);
  EXPECT_THAT(result.message,
              HasSubstr("containers cannot start: 2 problem(s)"));
  EXPECT_EQ(FindStateSample(result, "newuidmap_setuid", "fail")->value, 1.0);
  EXPECT_EQ(GaugeValue(result, "path_repaired"), 0.0);
  const nlohmann::json check = CheckById(result, "newuidmap_setuid");
  EXPECT_THAT(check.at("evidence").get<std::string>(),
              HasSubstr("stackprobe start cannot repair this: no folder in "
                        "PATH or in its setuid_dirs (none) holds a "
                        "setuid-root newuidmap and newgidmap"));
}

// repair_path false: the PATH as given, as podman run by hand would use it.
TEST_F(RootlessProbeTest, RepairOffJudgesThePathAsGiven) {
  const ProbeResult result = RunWith(
      host_.Config({{"unit_file", host_.Unit("ai-stack-wrong-order.service")},
                    {"repair_path", false}}));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_THAT(result.message,
              HasSubstr("containers cannot start: 2 problem(s)"));
  const nlohmann::json check = CheckById(result, "newuidmap_setuid");
  EXPECT_EQ(check.at("status"), "fail");
  EXPECT_THAT(check.at("fix_generic").get<std::string>(),
              HasSubstr("put " + host_.Wrappers() + " before " + host_.SwBin() +
                        " in PATH"));
}

// A setuid_dirs folder outside PATH repairs a PATH without any setuid copy,
// as the starter's setuid_dirs do.
TEST_F(RootlessProbeTest, SetuidDirsRepairAPathWithoutWrappers) {
  const ProbeResult result = RunWith(host_.Config(
      {{"path", host_.SwBin()}, {"setuid_dirs", {host_.Wrappers()}}}));
  EXPECT_EQ(result.state, State::kDegraded) << result.details_json;
  EXPECT_EQ(CheckById(result, "newuidmap_setuid").at("status"), "warn");
  const nlohmann::json details = nlohmann::json::parse(result.details_json);
  EXPECT_EQ(details.at("podman_path"), host_.Wrappers() + ":" + host_.SwBin());
}

TEST_F(RootlessProbeTest, WarningsMakeItDegraded) {
  std::filesystem::remove(host_.tree().Path("var/lib/systemd/linger/hyperd"));
  const ProbeResult result =
      RunWith(host_.Config({{"path", host_.Wrappers() + ":" + host_.SwBin()}}));
  EXPECT_EQ(result.state, State::kDegraded) << result.details_json;
  EXPECT_EQ(result.reason, kReasonPreflight);
  EXPECT_THAT(result.message, HasSubstr("linger"));
  EXPECT_EQ(FindStateSample(result, "linger", "warn")->value, 1.0);
}

TEST_F(RootlessProbeTest, ReportsRangeAndPathGauges) {
  const ProbeResult result = RunWith(host_.Config(
      {{"path", host_.Wrappers() + ":" + host_.SwBin() + ":relative"}}));
  std::map<std::string, double> gauges;
  for (const Sample& sample : result.samples) {
    if (sample.type == SampleType::kGauge) gauges[sample.name] = sample.value;
  }
  EXPECT_EQ(gauges.at("path_entries"), 2.0);
  EXPECT_EQ(gauges.at("subuid_range_size"), 65536.0);
  EXPECT_EQ(gauges.at("subgid_range_size"), 65536.0);
  EXPECT_EQ(gauges.at("max_user_namespaces"), 15000.0);
}

TEST_F(RootlessProbeTest, MissingUnitFileIsDownNotFound) {
  const ProbeResult result = RunWith(
      host_.Config({{"unit_file", host_.tree().Path("absent.service")}}));
  EXPECT_EQ(result.state, State::kDown);
  EXPECT_EQ(result.reason, reason::kNotFound);
  EXPECT_THAT(result.message, HasSubstr("absent.service"));
}

TEST_F(RootlessProbeTest, BadConfigsThrowFromTheConstructor) {
  EXPECT_THROW(RootlessProbe(host_.Config({{"user", "nobody-here"}})),
               std::invalid_argument);
  const std::string both =
      host_.Config({{"path", "/bin"}, {"unit_file", "/x"}});
  EXPECT_THROW(RootlessProbe{both}, std::invalid_argument);
  const std::string zero = host_.Config({{"command_timeout", "0s"}});
  EXPECT_THROW(RootlessProbe{zero}, std::invalid_argument);
  EXPECT_NO_THROW(RootlessProbe(host_.Config({{"user", "1000"}})));
}

TEST_F(RootlessProbeTest, TheSchemaRefusesWhatItCanExpress) {
  EXPECT_THROW(host_.Config({{"command_timeout", "soon"}}),
               stackprobe::testing::SchemaViolation);
  EXPECT_THROW(host_.Config({{"min_range", 0}}),
               stackprobe::testing::SchemaViolation);
  EXPECT_THROW(host_.Config({{"search_dirs", {"relative/bin"}}}),
               stackprobe::testing::SchemaViolation);
}

TEST_F(RootlessProbeTest, RootSkipsTheRootlessOnlyChecks) {
  // No subordinate ranges for root in the files: that must not matter.
  const ProbeResult result =
      RunWith(host_.Config({{"user", "root"},
                            {"podman_info", false},
                            {"path", host_.Wrappers() + ":" + host_.SwBin()}}));
  EXPECT_EQ(result.state, State::kUp) << result.details_json;
  for (const char* id : {"newuidmap_setuid", "subuid_range", "linger"}) {
    EXPECT_EQ(FindStateSample(result, id, "skipped")->value, 1.0) << id;
  }
}

}  // namespace
}  // namespace stackprobe::rootless
