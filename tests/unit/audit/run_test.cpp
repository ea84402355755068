// The runner over whole snapshots: one finding per CIS item and target, exact ids, outcomes, the
// exit gate and the domain scores.
#include "hardock/audit/run.h"

#include <gtest/gtest.h>
#include <algorithm>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "../host/host_fixtures.h"
#include "hardock/audit/cis.h"
#include "hardock/audit/registry.h"
#include "hardock/core/finding_order.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/host/daemon_config.h"
#include "hardock/host/host_snapshot.h"

namespace hardock::audit {
namespace {

docker::EngineSnapshot engine_fixture() {
  std::ifstream in(std::string(HARDOCK_TEST_DATA) + "/docker/snapshot-dockerd-20.10.json");
  std::stringstream text;
  text << in.rdbuf();
  auto snapshot = docker::decode_snapshot_text(text.str());
  EXPECT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  return snapshot ? *snapshot : docker::EngineSnapshot{};
}

host::HostSnapshot host_fixture(const std::string& tree) {
  host::ReadContext context;
  context.root = test::HostFixtures::root(tree);
  context.live = false;
  context.probe = false;
  auto snapshot = host::read_host_snapshot(context);
  EXPECT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
  return snapshot ? *snapshot : host::HostSnapshot{};
}

TEST(Run, OneFindingPerCisItemAndTargetWithAnExactId) {
  HARDOCK_HOST_ROOT(root, "bad");
  (void)root;
  const auto engine = engine_fixture();
  const auto host = host_fixture("bad");
  auto result = run_audit(engine, AuditConfig{}, Selection{}, &host);
  ASSERT_TRUE(result.has_value());
  std::map<std::tuple<std::string, core::TargetKind, std::string>, std::string> seen;
  int with_cis = 0;
  for (const auto& finding : result->findings) {
    if (finding.status != core::FindingStatus::kFail || finding.cis.empty()) continue;
    ++with_cis;
    const CisItem* item = find_cis_item(finding.cis);
    ASSERT_NE(item, nullptr) << finding.check_code << " cites " << finding.cis;
    EXPECT_NE(item->kind, CisKind::kSection) << finding.check_code;
    auto key = std::make_tuple(finding.cis, finding.target.kind, finding.target.id);
    auto [it, inserted] = seen.emplace(key, finding.check_code);
    EXPECT_TRUE(inserted) << "CIS " << finding.cis << " on " << finding.target.id << ": "
                          << it->second << " and " << finding.check_code;
  }
  EXPECT_GT(with_cis, 20);  // the fixtures fail many items: the test looks at something
}

TEST(Run, EveryCheckIsAccountedForOnce) {
  const auto engine = engine_fixture();
  auto result = run_audit(engine, AuditConfig{}, Selection{}, nullptr);
  ASSERT_TRUE(result.has_value());
  // Every check but the Dockerfile ones, which belong to `hardock lint`.
  const auto dockerfile_checks =
      std::count_if(all_checks().begin(), all_checks().end(),
                    [](const Check* check) { return check->needs == Input::kDockerfile; });
  EXPECT_GT(dockerfile_checks, 0);
  EXPECT_EQ(result->checks.size(), all_checks().size() - dockerfile_checks);
  std::set<std::string_view> codes;
  for (const auto& check_result : result->checks) {
    EXPECT_TRUE(codes.insert(check_result.check->info.code).second);
    EXPECT_NE(check_result.check->needs, Input::kDockerfile);
  }
  // Named, a Dockerfile check is listed as not run, with the reason.
  Selection named;
  named.only = {"HDK-B-001"};
  auto asked = run_audit(engine, AuditConfig{}, named, nullptr);
  ASSERT_TRUE(asked.has_value());
  ASSERT_EQ(asked->checks.size(), 1u);
  EXPECT_EQ(asked->checks[0].outcome, Outcome::kNotRun);
  EXPECT_EQ(asked->checks[0].reason, "no Dockerfile was given (hardock lint)");
}

// The checks run worst first (so that a lint's findings arrive in their final order), yet the
// results stay in registry order and the findings come out sorted whichever way they arrived.
TEST(Run, FindingsSortedAndResultsInRegistryOrder) {
  const auto in_registry_order = [](const AuditResult& result) {
    std::size_t at = 0;
    for (const auto& check_result : result.checks) {
      while (at < all_checks().size() && all_checks()[at] != check_result.check) ++at;
      if (at == all_checks().size()) return false;
      ++at;
    }
    return true;
  };
  const auto engine = engine_fixture();
  auto audited = run_audit(engine, AuditConfig{}, Selection{}, nullptr);
  ASSERT_TRUE(audited.has_value());
  EXPECT_TRUE(in_registry_order(*audited));
  EXPECT_GT(audited->findings.size(), 10u);
  EXPECT_TRUE(
      std::is_sorted(audited->findings.begin(), audited->findings.end(), core::report_before));

  std::vector<dockerfile::DockerfileSubject> files;
  files.push_back(dockerfile::make_subject(
      "b/Dockerfile", "FROM debian\nRUN apt-get install curl\nUSER root\nEXPOSE 22\n"));
  files.push_back(dockerfile::make_subject(
      "a/Dockerfile", "FROM alpine:latest\nRUN apk add git && curl -k https://x | sh\n"));
  auto linted =
      run_audit(docker::EngineSnapshot{}, AuditConfig{}, Selection{}, nullptr, nullptr, &files);
  ASSERT_TRUE(linted.has_value());
  EXPECT_TRUE(in_registry_order(*linted));
  EXPECT_GT(linted->findings.size(), 5u);
  EXPECT_TRUE(
      std::is_sorted(linted->findings.begin(), linted->findings.end(), core::report_before));
}

TEST(Run, AnErroredCheckLowersTheScoreAndFailsTheGate) {
  docker::EngineSnapshot engine;
  engine.endpoint = "unix:///d.sock";
  engine.errors.push_back({"GET /info", "permission denied"});
  Selection selection;
  selection.only = {"HDK-H-015"};  // live restore: low severity, judged from /info here
  auto result = run_audit(engine, AuditConfig{}, selection, nullptr);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->checks.size(), 1u);
  EXPECT_EQ(result->checks[0].outcome, Outcome::kError);
  for (const auto& summary : summarize_domains(*result)) {
    if (summary.checks == 0) {
      EXPECT_FALSE(summary.score.has_value());
      continue;
    }
    EXPECT_EQ(summary.errored, 1);
    ASSERT_TRUE(summary.score.has_value());
    EXPECT_EQ(*summary.score, 0);  // could not look: never counted as passed
  }
  EXPECT_TRUE(gate_fails(*result, core::Severity::kInfo, false));
  EXPECT_FALSE(gate_fails(*result, core::Severity::kInfo, true));   // --allow-unchecked
  EXPECT_FALSE(gate_fails(*result, core::Severity::kHigh, false));  // below --fail-on
}

TEST(Run, NotRunChecksAreOutsideTheScoreAndTheGate) {
  const auto engine = engine_fixture();
  Selection selection;
  selection.no_host_reason = "remote engine";
  auto result = run_audit(engine, AuditConfig{}, selection, nullptr);
  ASSERT_TRUE(result.has_value());
  EXPECT_GT(result->count(Outcome::kNotRun), 30);
  for (const auto& check_result : result->checks) {
    if (check_result.outcome != Outcome::kNotRun) continue;
    const Input needs = check_result.check->needs;
    if (needs == Input::kImage || needs == Input::kImageFiles || needs == Input::kVulnerabilities) {
      continue;  // no image given
    }
    EXPECT_EQ(needs, Input::kHost) << check_result.check->info.code;
    EXPECT_EQ(check_result.reason, "remote engine");
    EXPECT_EQ(check_result.findings, 0);
  }
}

TEST(Run, HostRootAloneRunsTheDaemonConfigurationChecks) {
  HARDOCK_HOST_ROOT(root, "bad");
  (void)root;
  const auto host = host_fixture("bad");
  Selection selection;
  selection.engine_present = false;
  auto result = run_audit(docker::EngineSnapshot{}, AuditConfig{}, selection, &host);
  ASSERT_TRUE(result.has_value());
  for (const Check* check : checks_with_prefix("HDK-H-")) {
    const CheckResult* check_result = result->find(check->info.code);
    ASSERT_NE(check_result, nullptr);
    EXPECT_NE(check_result->outcome, Outcome::kNotRun) << check->info.code;
  }
  for (const Check* check : checks_with_prefix("HDK-C-")) {
    EXPECT_EQ(result->find(check->info.code)->outcome, Outcome::kNotRun) << check->info.code;
  }
}

TEST(Run, SeverityFilterHidesLowerFindingsOfAHigherCheck) {
  docker::EngineSnapshot engine;
  engine.containers.push_back(docker::Container{});
  engine.containers.back().name = "plain";  // keeps Docker's default capabilities (low)
  Selection selection;
  selection.only = {"HDK-C-003"};
  selection.min_severity = core::Severity::kHigh;
  auto result = run_audit(engine, AuditConfig{}, selection, nullptr);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->findings.empty());
  selection.min_severity = core::Severity::kLow;
  result = run_audit(engine, AuditConfig{}, selection, nullptr);
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].severity, core::Severity::kLow);
}

TEST(Run, HugeEngineStringsAreTruncatedWithTheirLengthShown) {
  docker::EngineSnapshot engine;
  engine.containers.push_back(docker::Container{});
  engine.containers.back().name = std::string(20 * 1024 * 1024, 'n');
  engine.containers.back().id = "c1";
  engine.containers.back().privileged = true;
  Selection selection;
  selection.only = {"HDK-C-004"};
  auto result = run_audit(engine, AuditConfig{}, selection, nullptr);
  ASSERT_TRUE(result.has_value());
  ASSERT_EQ(result->findings.size(), 1u);
  const auto& name = result->findings[0].target.name;
  EXPECT_LT(name.size(), 2048u);
  EXPECT_TRUE(name.ends_with("... [20971520 bytes]")) << name.substr(name.size() - 40);
}

}  // namespace
}  // namespace hardock::audit
