// Daemon checks judged from the engine's view (/info, the default bridge): the cases beyond
// each check's bad/good pair, that none of them passes when /info could not be read, and that a
// check with both views reports one finding carrying both. The retired HDK-D-001..010 codes
// still name the merged HDK-H checks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "check_runner.h"

#include "hardock/audit/registry.h"
#include "hardock/host/host_snapshot.h"

namespace hardock::audit {
namespace {

using check_test::contains;
using check_test::run_check;

TEST(DaemonChecks, EveryCheckReportsAnErrorWhenInfoWasNotRead) {
  constexpr std::string_view fragment = R"({"endpoint":"unix:///run/d.sock",
    "errors":[{"what":"GET /info","message":"permission denied"}]})";
  for (const Check* check : all_checks()) {
    if (check->needs == Input::kHost || check->info.target_kind != core::TargetKind::kDaemon) {
      continue;
    }
    if (check->info.code == "HDK-H-002") continue;  // its engine view is the default bridge
    SCOPED_TRACE(std::string(check->info.code));
    auto findings = run_check(check->info.code, fragment);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].status, core::FindingStatus::kError);
    EXPECT_EQ(findings[0].evidence, "engine: could not read GET /info: permission denied");
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
  EXPECT_EQ(findings[0].evidence, "engine: RegistryConfig.InsecureRegistryCIDRs: 192.168.0.0/16");
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
            "engine: SecurityOptions has no name=seccomp (kernel or engine without seccomp)");
  // Newer engines show Docker's default profile as "builtin".
  EXPECT_TRUE(
      run_check("HDK-D-009", R"({"info":{"SecurityOptions":["name=seccomp,profile=builtin"]}})")
          .empty());
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
  EXPECT_EQ(manager[0].evidence, "engine: Swarm.LocalNodeState=active (manager)");
  EXPECT_EQ(manager[0].cis, "5.1");
}

// Runs a check over an engine fragment and a host daemon configuration together.
std::vector<core::Finding> run_both(std::string_view code, std::string_view engine_fragment,
                                    std::string_view daemon_json) {
  const Check* check = find_check(code);
  auto engine = docker::decode_snapshot_text(engine_fragment);
  auto host = host::decode_host_snapshot(
      nlohmann::json{{"root", "/"}, {"daemon", nlohmann::json::parse(daemon_json)}});
  if (check == nullptr || !engine || !host) {
    ADD_FAILURE() << code << ": bad test input";
    return {};
  }
  return check->run(*check, AuditContext{*engine, AuditConfig{}, &*host, true});
}

constexpr std::string_view kLiveRestoreUnset =
    R"({"sources":["/etc/docker/daemon.json"],"settings":[]})";
constexpr std::string_view kLiveRestoreOn = R"({"sources":["/etc/docker/daemon.json"],
  "settings":[{"key":"live-restore","values":["true"],"origin":"file","source":"d:2"}]})";

TEST(DaemonBothViews, OneFindingCarriesTheEvidenceOfBoth) {
  auto findings = run_both("HDK-H-015", R"({"endpoint":"unix:///d.sock",
    "info":{"Name":"node1","LiveRestoreEnabled":false}})",
                           kLiveRestoreUnset);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check_code, "HDK-H-015");
  EXPECT_EQ(findings[0].cis, "2.15");
  EXPECT_EQ(findings[0].target.kind, core::TargetKind::kDaemon);
  EXPECT_EQ(findings[0].target.id, "unix:///d.sock");  // the engine's identity, not the host's
  EXPECT_TRUE(contains(findings[0].evidence,
                       "engine: LiveRestoreEnabled=false; configuration: "
                       "live-restore is not set"))
      << findings[0].evidence;
}

TEST(DaemonBothViews, EitherViewFailingFails) {
  // The files say on, the running daemon says off (not restarted since): a finding.
  auto findings = run_both("HDK-H-015", R"({"info":{"LiveRestoreEnabled":false}})", kLiveRestoreOn);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "engine: LiveRestoreEnabled=false");
  EXPECT_TRUE(
      run_both("HDK-H-015", R"({"info":{"LiveRestoreEnabled":true}})", kLiveRestoreOn).empty());
}

TEST(DaemonBothViews, AnUnreadableEngineLeavesTheConfigurationToDecide) {
  auto findings = run_both("HDK-H-015", R"({"errors":[{"what":"GET /info","message":"denied"}]})",
                           kLiveRestoreUnset);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kFail);
  EXPECT_TRUE(contains(findings[0].evidence, "(also: engine: could not read GET /info: denied)"))
      << findings[0].evidence;
  EXPECT_TRUE(run_both("HDK-H-015", R"({"errors":[{"what":"GET /info","message":"denied"}]})",
                       kLiveRestoreOn)
                  .empty());
}

TEST(DaemonBothViews, DefaultBridgeIccIsJudgedFromTheEngine) {
  auto findings = run_both("HDK-H-002", R"({"networks":[{"Name":"bridge","Id":"n1",
    "Driver":"bridge","Options":{"com.docker.network.bridge.default_bridge":"true"}}]})",
                           R"({"sources":["d"],"settings":[{"key":"icc","values":["false"],
                              "origin":"file","source":"d:2"}]})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence,
            "engine: default bridge bridge: Options has no com.docker.network.bridge.enable_icc "
            "(defaults to true)");
  // No default bridge (--bridge=none): nothing to restrict.
  EXPECT_TRUE(run_check("HDK-H-002", R"({"networks":[]})").empty());
}

}  // namespace
}  // namespace hardock::audit
