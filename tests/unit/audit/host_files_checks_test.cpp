// The HDK-F checks (CIS 3.x files, 1.x host items) on generated host-root trees.
#include <gtest/gtest.h>

#include <gmock/gmock.h>

#include "hardock/audit/run.h"
#include "host_check_runner.h"

namespace hardock::audit {
namespace {

using check_test::evidence_of;
using check_test::run_on_tree;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kFileChecks[] = {
    "HDK-F-001", "HDK-F-002", "HDK-F-003", "HDK-F-004", "HDK-F-005", "HDK-F-006",
    "HDK-F-007", "HDK-F-008", "HDK-F-009", "HDK-F-010", "HDK-F-011", "HDK-F-012",
    "HDK-F-013", "HDK-F-014", "HDK-F-015", "HDK-F-016", "HDK-F-017", "HDK-F-018",
    "HDK-F-019", "HDK-F-020", "HDK-F-021", "HDK-F-022", "HDK-F-023", "HDK-F-024"};

TEST(HostFilesChecks, GoodTreePassesEveryCheck) {
  HARDOCK_HOST_ROOT(root, "good");
  for (const Check* check : all_checks()) {
    if (check->info.code.substr(0, 6) != "HDK-F-") continue;
    auto findings = run_on_tree(check->info.code, root, {"alice"});
    EXPECT_TRUE(findings.empty()) << check->info.code << ": " << findings[0].evidence;
  }
}

TEST(HostFilesChecks, BadTreeFailsEveryFileCheck) {
  HARDOCK_HOST_ROOT(root, "bad");
  for (const char* code : kFileChecks) {
    auto findings = run_on_tree(code, root);
    ASSERT_FALSE(findings.empty()) << code;
    for (const auto& finding : findings) {
      EXPECT_EQ(finding.status, core::FindingStatus::kFail) << code;
      EXPECT_EQ(finding.target.kind, core::TargetKind::kHost);
    }
  }
}

TEST(HostFilesChecks, ModeIsComparedAsBits) {
  HARDOCK_HOST_ROOT(root, "bad");
  // 0466 is numerically below 0644 yet grants group and others write.
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-002", root)),
              ElementsAre("/lib/systemd/system/docker.service mode 0466 (allowed 0644: extra "
                          "bits 0022)"));
  // 0440 is below 0644 but above the key's 0400: group read.
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-014", root)),
              ElementsAre("/etc/docker/tls/server-key.pem mode 0440 (allowed 0400: extra bits "
                          "0040)"));
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-016", root)),
              ElementsAre("/var/run/docker.sock mode 0666 (allowed 0660: extra bits 0006)"));
}

TEST(HostFilesChecks, OwnerNamesComeFromTheTreesAccounts) {
  HARDOCK_HOST_ROOT(root, "bad");
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-001", root)),
              ElementsAre("/lib/systemd/system/docker.service owner alice:root (uid 1000, gid 0; "
                          "expected root:root)"));
  // docker.sock must be root:docker; root:root is wrong too.
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-015", root)),
              ElementsAre(HasSubstr("/var/run/docker.sock owner root:root")));
  // containerd.sock must be root:root; the docker group is wrong there.
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-023", root)),
              ElementsAre(HasSubstr("owner root:docker")));
}

TEST(HostFilesChecks, TlsFilesNamedByDaemonJsonAreJudged) {
  HARDOCK_HOST_ROOT(root, "bad");
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-010", root)),
              ElementsAre(HasSubstr("/etc/docker/tls/ca.pem mode 0644")));
  // /etc/docker/ca.pem (the default location) is sound in the bad tree too.
  for (const auto& text : evidence_of(run_on_tree("HDK-F-009", root))) {
    EXPECT_THAT(text, HasSubstr("/etc/docker/tls/ca.pem"));
  }
}

TEST(HostFilesChecks, AbsentFilesAreNotApplicable) {
  HARDOCK_HOST_ROOT(root, "empty");
  for (const Check* check : all_checks()) {
    if (check->info.code.substr(0, 6) != "HDK-F-" || check->info.code >= "HDK-F-025") continue;
    EXPECT_TRUE(run_on_tree(check->info.code, root).empty()) << check->info.code;
  }
}

TEST(HostFilesChecks, UnreadableFilesAreErrorsNeverPasses) {
  HARDOCK_HOST_ROOT(root, "error");
  for (const char* code : {"HDK-F-001", "HDK-F-002", "HDK-F-015", "HDK-F-016"}) {
    auto findings = run_on_tree(code, root);
    ASSERT_EQ(findings.size(), 1U) << code;
    EXPECT_EQ(findings[0].status, core::FindingStatus::kError) << code;
    EXPECT_THAT(findings[0].evidence, HasSubstr("could not look at"));
  }
  auto group = run_on_tree("HDK-F-026", root);
  ASSERT_EQ(group.size(), 1U);
  EXPECT_EQ(group[0].status, core::FindingStatus::kError);
  auto mounts = run_on_tree("HDK-F-025", root);
  ASSERT_EQ(mounts.size(), 1U);
  EXPECT_EQ(mounts[0].status, core::FindingStatus::kError);
}

TEST(HostFilesChecks, DataRootPartition) {
  HARDOCK_HOST_ROOT(good, "good");
  EXPECT_TRUE(run_on_tree("HDK-F-025", good).empty());
  // /var/lib/docker-old is not above /var/lib/docker: a prefix of the text only.
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-025", test::HostFixtures::root("bad"))),
              ElementsAre(HasSubstr("no mount point at or above /var/lib/docker")));
}

TEST(HostFilesChecks, DockerGroupMembersAgainstTrustedList) {
  HARDOCK_HOST_ROOT(root, "bad");
  // One finding for the host (CIS 1.1.2) naming every untrusted member.
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-026", root, {"alice"})),
              ElementsAre(HasSubstr("has members mallory, bob (not in the trusted list)")));
  EXPECT_THAT(evidence_of(run_on_tree("HDK-F-026", root)),  // no trusted list: everyone
              ElementsAre(HasSubstr("has members alice, mallory, bob (no trusted users")));
  EXPECT_TRUE(run_on_tree("HDK-F-026", root, {"alice", "bob", "mallory"}).empty());
}

TEST(HostFilesChecks, AuditRulesPresentAndMissing) {
  HARDOCK_HOST_ROOT(good, "good");
  EXPECT_TRUE(run_on_tree("HDK-F-027", good).empty());
  const auto findings = run_on_tree("HDK-F-027", test::HostFixtures::root("bad"));
  auto missing = evidence_of(findings);
  // The bad tree audits only dockerd; every other present path is reported once, each with the
  // one CIS item of its path.
  EXPECT_EQ(missing.size(), 12U);
  auto cis_of = [&](std::string_view path) {
    for (const auto& finding : findings) {
      if (finding.evidence.find(std::string(path) + " (") != std::string::npos) return finding.cis;
    }
    return std::string("<none>");
  };
  EXPECT_EQ(cis_of("/etc/docker"), "1.1.6");
  EXPECT_EQ(cis_of("/var/lib/docker"), "1.1.5");
  EXPECT_EQ(cis_of("/lib/systemd/system/docker.service"), "1.1.7");
  EXPECT_EQ(cis_of("/lib/systemd/system/docker.socket"), "1.1.9");
  EXPECT_EQ(cis_of("/usr/bin/runc"), "1.1.18");
  EXPECT_THAT(missing, ::testing::Not(::testing::Contains(HasSubstr("/usr/bin/dockerd"))));
  // Absent paths (containerd-shim, /etc/sysconfig/docker) are not applicable.
  EXPECT_THAT(missing, ::testing::Not(::testing::Contains(HasSubstr("containerd-shim (CIS"))));
}

TEST(HostFilesChecks, KernelVersion) {
  HARDOCK_HOST_ROOT(good, "good");
  EXPECT_TRUE(run_on_tree("HDK-F-028", good).empty());
  auto old = run_on_tree("HDK-F-028", test::HostFixtures::root("bad"));
  ASSERT_EQ(old.size(), 1U);
  EXPECT_EQ(old[0].severity, core::Severity::kHigh);
  EXPECT_THAT(old[0].evidence, HasSubstr("kernel 3.2.0-4-amd64 (from /proc/version)"));
  auto unknown = run_on_tree("HDK-F-028", test::HostFixtures::root("empty"));
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_EQ(unknown[0].status, core::FindingStatus::kError);
}

// Without a host part the runner does not run host checks: each is reported as not run, with
// the reason, and never as passed.
TEST(HostFilesChecks, NoHostPartMeansNotRunNeverPassed) {
  const docker::EngineSnapshot engine;
  Selection selection;
  selection.no_host_reason = "the snapshot holds no host part";
  auto result = run_audit(engine, AuditConfig{}, selection, nullptr);
  ASSERT_TRUE(result.has_value());
  int host_checks = 0;
  for (const CheckResult& check_result : result->checks) {
    if (check_result.check->needs != Input::kHost) continue;
    ++host_checks;
    EXPECT_EQ(check_result.outcome, Outcome::kNotRun) << check_result.check->info.code;
    EXPECT_EQ(check_result.reason, "the snapshot holds no host part");
  }
  EXPECT_GT(host_checks, 0);
  for (const auto& summary : summarize_domains(*result)) {
    EXPECT_EQ(summary.passed + summary.failed + summary.errored + summary.skipped + summary.not_run,
              summary.checks);
  }
}

}  // namespace
}  // namespace hardock::audit
