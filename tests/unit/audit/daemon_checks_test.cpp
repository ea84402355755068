// Daemon checks (HDK-D-*) judge /info: the cases beyond each check's bad/good
// pair, and that none of them passes when /info could not be read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "check_runner.h"
#include "hardock/audit/registry.h"
#include "hardock/audit/registry.h"

namespace hardock::audit {
namespace {

using check_test::run_check;

TEST(DaemonChecks, EveryCheckReportsAnErrorWhenInfoWasNotRead) {
  constexpr std::string_view fragment = R"({"endpoint":"unix:///run/d.sock",
    "errors":[{"what":"GET /info","message":"permission denied"}]})";
  for (const Check* check : checks_with_prefix("HDK-D-")) {
    SCOPED_TRACE(std::string(check->info.code));
    auto findings = run_check(check->info.code, fragment);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
    EXPECT_EQ(findings[0].evidence, "could not read GET /info: permission denied");
    EXPECT_EQ(findings[0].target.kind, core::TargetKind::kDaemon);
  }
}

TEST(DaemonChecks, AnotherObjectsErrorDoesNotStopThem) {
  auto findings = run_check("HDK-D-002", R"({"info":{"Debug":true},
    "errors":[{"what":"GET /containers/abc/top","message":"gone"}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kFail);
}

TEST(InsecureRegistry, LoopbackDefaultsAreIgnored) {
  EXPECT_TRUE(run_check("HDK-D-003", R"({"info":{"RegistryConfig":{
    "InsecureRegistryCIDRs":["127.0.0.0/8","::1/128"]}}})")
                  .empty());
  auto findings = run_check("HDK-D-003", R"({"info":{"RegistryConfig":{
    "InsecureRegistryCIDRs":["127.0.0.0/8","192.168.0.0/16"]}}})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "RegistryConfig.InsecureRegistryCIDRs: 192.168.0.0/16");
}

TEST(DeprecatedStorageDriver, DevicemapperIsInfoAufsIsMedium) {
  auto devicemapper = run_check("HDK-D-004", R"({"info":{"Driver":"devicemapper"}})");
  ASSERT_EQ(devicemapper.size(), 1u);
  EXPECT_EQ(devicemapper[0].severity, core::Severity::kInfo);
  auto aufs = run_check("HDK-D-004", R"({"info":{"Driver":"aufs"}})");
  ASSERT_EQ(aufs.size(), 1u);
  EXPECT_EQ(aufs[0].severity, core::Severity::kMedium);
  EXPECT_EQ(aufs[0].cis, "2.6");
}

TEST(UsernsRemap, RootlessDaemonNeedsNoRemap) {
  EXPECT_TRUE(run_check("HDK-D-005", R"({"info":{"SecurityOptions":["name=rootless"]}})").empty());
}

TEST(RemoteLogging, LocalDriversFailJournaldAndRemotePass) {
  for (std::string_view driver : {"json-file", "local", "none"}) {
    EXPECT_EQ(run_check("HDK-D-007", R"({"info":{"LoggingDriver":")" + std::string(driver) + "\"}}")
                  .size(),
              1u)
        << driver;
  }
  for (std::string_view driver : {"journald", "fluentd", "gelf"}) {
    EXPECT_TRUE(
        run_check("HDK-D-007", R"({"info":{"LoggingDriver":")" + std::string(driver) + "\"}}")
            .empty())
        << driver;
  }
}

TEST(LiveRestore, SwarmModeIsSkippedNotPassed) {
  auto findings = run_check("HDK-D-008", R"({"info":{"LiveRestoreEnabled":false,
    "Swarm":{"LocalNodeState":"active"}}})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kSkipped);
}

TEST(SeccompProfile, MissingFailsDefaultAndCustomPass) {
  auto missing = run_check("HDK-D-009", R"({"info":{"SecurityOptions":["name=apparmor"]}})");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].evidence,
            "SecurityOptions has no name=seccomp (kernel or engine without seccomp)");
  EXPECT_TRUE(
      run_check("HDK-D-009", R"({"info":{"SecurityOptions":["name=seccomp,profile=default"]}})")
          .empty());
  EXPECT_TRUE(
      run_check("HDK-D-009",
                R"({"info":{"SecurityOptions":["name=seccomp,profile=/etc/docker/s.json"]}})")
          .empty());
}

TEST(NoLsm, AppArmorAloneIsEnough) {
  EXPECT_TRUE(run_check("HDK-D-011", R"({"info":{"SecurityOptions":["name=apparmor"]}})").empty());
  auto none = run_check("HDK-D-011", R"({"info":{"SecurityOptions":[]}})");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].severity, core::Severity::kInfo);
}

TEST(SwarmMode, LockedAndPendingAreSwarmModeToo) {
  EXPECT_EQ(run_check("HDK-D-012", R"({"info":{"Swarm":{"LocalNodeState":"locked"}}})").size(), 1u);
  EXPECT_EQ(run_check("HDK-D-012", R"({"info":{"Swarm":{"LocalNodeState":"pending"}}})").size(),
            1u);
  EXPECT_TRUE(run_check("HDK-D-012", R"({"info":{}})").empty());
  auto manager = run_check("HDK-D-012", R"({"info":{"Swarm":{"LocalNodeState":"active",
    "ControlAvailable":true}}})");
  ASSERT_EQ(manager.size(), 1u);
  EXPECT_EQ(manager[0].evidence, "Swarm.LocalNodeState=active (manager)");
}

}  // namespace
}  // namespace hardock::audit
