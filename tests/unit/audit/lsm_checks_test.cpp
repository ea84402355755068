// The HDK-L checks (paper section C) on one generated tree per LSM branch.
#include <gtest/gtest.h>

#include <gmock/gmock.h>

#include "host_check_runner.h"

namespace hardock::audit {
namespace {

using check_test::evidence_of;
using check_test::run_on_tree;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> lsm_evidence(const char* code, const char* tree) {
  return evidence_of(run_on_tree(code, test::HostFixtures::root(tree)));
}

TEST(LsmChecks, NoLsmAtAll) {
  HARDOCK_HOST_ROOT(bad, "bad");  // no /sys at all
  auto findings = run_on_tree("HDK-L-001", bad);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].severity, core::Severity::kHigh);
  EXPECT_THAT(lsm_evidence("HDK-L-001", "apparmor-off"), ElementsAre(HasSubstr("is not Y")));
  EXPECT_THAT(lsm_evidence("HDK-L-001", "apparmor-enforce"), IsEmpty());
  EXPECT_THAT(lsm_evidence("HDK-L-001", "apparmor-complain"), IsEmpty());
  EXPECT_THAT(lsm_evidence("HDK-L-001", "selinux-enforcing"), IsEmpty());
  EXPECT_THAT(lsm_evidence("HDK-L-001", "selinux-permissive"), IsEmpty());
}

TEST(LsmChecks, AppArmorDockerDefault) {
  HARDOCK_HOST_ROOT(enforce, "apparmor-enforce");
  EXPECT_THAT(evidence_of(run_on_tree("HDK-L-002", enforce)), IsEmpty());
  EXPECT_THAT(lsm_evidence("HDK-L-002", "apparmor-complain"),
              ElementsAre(HasSubstr("docker-default (complain)")));
  EXPECT_THAT(lsm_evidence("HDK-L-002", "apparmor-missing"),
              ElementsAre(HasSubstr("docker-default not loaded (1 profiles)")));
  // AppArmor off or absent: the profile question does not arise (L-001 covers it): skipped,
  // never passed.
  for (const char* tree : {"apparmor-off", "selinux-enforcing"}) {
    auto findings = run_on_tree("HDK-L-002", test::HostFixtures::root(tree));
    ASSERT_EQ(findings.size(), 1U) << tree;
    EXPECT_EQ(findings[0].status, core::FindingStatus::kSkipped) << tree;
  }
  // Enabled, but the profile list could not be read: an error, never a pass.
  auto error = run_on_tree("HDK-L-002", test::HostFixtures::root("error"));
  ASSERT_EQ(error.size(), 1U);
  EXPECT_EQ(error[0].status, core::FindingStatus::kError);
}

TEST(LsmChecks, SelinuxModes) {
  HARDOCK_HOST_ROOT(enforcing, "selinux-enforcing");
  EXPECT_THAT(evidence_of(run_on_tree("HDK-L-003", enforcing)), IsEmpty());
  EXPECT_THAT(lsm_evidence("HDK-L-003", "selinux-permissive"),
              ElementsAre("/sys/fs/selinux/enforce is 0 (permissive)"));
  EXPECT_THAT(lsm_evidence("HDK-L-003", "selinux-disabled"),
              ElementsAre("/etc/selinux/config: SELINUX=disabled"));
  auto no_selinux = run_on_tree("HDK-L-003", test::HostFixtures::root("apparmor-enforce"));
  ASSERT_EQ(no_selinux.size(), 1U);
  EXPECT_EQ(no_selinux[0].status, core::FindingStatus::kSkipped);
}

TEST(LsmChecks, SeccompSupport) {
  HARDOCK_HOST_ROOT(good, "good");
  EXPECT_THAT(evidence_of(run_on_tree("HDK-L-004", good)), IsEmpty());
  EXPECT_THAT(lsm_evidence("HDK-L-004", "seccomp-bootconfig"), IsEmpty());
  EXPECT_THAT(lsm_evidence("HDK-L-004", "bad"),
              ElementsAre("/proc/self/status has no Seccomp: field"));
  auto unknown = run_on_tree("HDK-L-004", test::HostFixtures::root("empty"));
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_EQ(unknown[0].status, core::FindingStatus::kError);
}

}  // namespace
}  // namespace hardock::audit
