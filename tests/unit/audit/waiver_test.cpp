// The one waiver matcher (audit/waiver.h) and its use by the runner: dates and expiry boundaries
// on an injected day, what a waiver covers, critical findings, and the gate and score.
#include "hardock/audit/waiver.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "hardock/audit/registry.h"
#include "hardock/audit/run.h"

namespace hardock::audit {
namespace {

Waiver waiver_of(std::string check, std::string target, std::string until) {
  Waiver waiver;
  waiver.check = std::move(check);
  waiver.target = std::move(target);
  waiver.reason = "legacy app";
  waiver.owner = "ops";
  waiver.until = std::move(until);
  waiver.source = "test";
  return waiver;
}

TEST(Dates, OnlyRealCalendarDates) {
  EXPECT_TRUE(is_date("2026-02-28"));
  EXPECT_TRUE(is_date("2028-02-29"));
  EXPECT_FALSE(is_date("2026-02-29"));  // not a leap year
  EXPECT_FALSE(is_date("2026-13-01"));
  EXPECT_FALSE(is_date("2026-04-31"));
  EXPECT_FALSE(is_date("2026-4-1"));
  EXPECT_FALSE(is_date("tomorrow"));
  EXPECT_FALSE(is_date(""));
  EXPECT_EQ(days_between("2026-12-31", "2027-01-01"), 1);
  EXPECT_EQ(days_between("2028-02-28", "2028-03-01"), 2);
  EXPECT_EQ(days_between("2026-06-10", "2026-06-01"), -9);
  EXPECT_TRUE(is_date(today_utc()));
}

TEST(WaiverMatch, HoldsThroughItsLastDayAndExpiresTheDayAfter) {
  const std::vector<Waiver> waivers{waiver_of("HDK-C-002", "web", "2026-06-01")};
  const core::Target web{core::TargetKind::kContainer, "abc123", "web"};
  const WaiverSubject subject{"HDK-C-002", web, core::Severity::kHigh};
  EXPECT_EQ(match_waiver(waivers, subject, "2026-05-31").state,
            WaiverState::kInForce);  // yesterday
  EXPECT_EQ(match_waiver(waivers, subject, "2026-06-01").state, WaiverState::kInForce);  // today
  EXPECT_EQ(match_waiver(waivers, subject, "2026-06-02").state, WaiverState::kExpired);  // tomorrow
  EXPECT_TRUE(expired(waivers[0], "2026-06-02"));
  EXPECT_FALSE(expired(waivers[0], "2026-06-01"));
}

TEST(WaiverMatch, CoversOnlyItsCheckAndTarget) {
  const std::vector<Waiver> waivers{waiver_of("HDK-C-002", "web", "2026-06-01"),
                                    waiver_of("HDK-C-003", "*", "2026-06-01"),
                                    waiver_of("HDK-C-005", "0123456789ab", "2026-06-01")};
  const core::Target web{core::TargetKind::kContainer, "0123456789abcdef", "web"};
  const core::Target db{core::TargetKind::kContainer, "fedcba9876543210", "db"};
  EXPECT_EQ(match_waiver(waivers, {"HDK-C-002", db, core::Severity::kHigh}, "2026-06-01").state,
            WaiverState::kNone);
  EXPECT_EQ(match_waiver(waivers, {"HDK-C-009", web, core::Severity::kHigh}, "2026-06-01").state,
            WaiverState::kNone);
  EXPECT_EQ(match_waiver(waivers, {"HDK-C-003", db, core::Severity::kHigh}, "2026-06-01").state,
            WaiverState::kInForce);
  // A short id of 12 hex digits names the container.
  EXPECT_EQ(match_waiver(waivers, {"HDK-C-005", web, core::Severity::kHigh}, "2026-06-01").state,
            WaiverState::kInForce);
}

TEST(WaiverMatch, ACriticalFindingNeedsAllowCritical) {
  std::vector<Waiver> waivers{waiver_of("HDK-C-004", "web", "2026-06-01")};
  const core::Target web{core::TargetKind::kContainer, "abc", "web"};
  const WaiverSubject subject{"HDK-C-004", web, core::Severity::kCritical};
  EXPECT_EQ(match_waiver(waivers, subject, "2026-06-01").state, WaiverState::kNotAllowed);
  EXPECT_TRUE(waives_critical(waivers[0]));
  waivers[0].allow_critical = true;
  EXPECT_EQ(match_waiver(waivers, subject, "2026-06-01").state, WaiverState::kInForce);
}

TEST(WaiverMatch, AppliedMatchesMarkOrExplain) {
  const std::vector<Waiver> waivers{waiver_of("HDK-C-002", "web", "2026-06-01")};
  core::Finding finding;
  finding.check_code = "HDK-C-002";
  finding.target = {core::TargetKind::kContainer, "abc", "web"};
  finding.evidence = "seen";
  apply_match(match_waiver(waivers, {"HDK-C-002", finding.target, finding.severity}, "2026-06-01"),
              finding);
  ASSERT_NE(finding.accepted, nullptr);
  EXPECT_EQ(finding.accepted->text(), "ops until 2026-06-01: legacy app");
  EXPECT_FALSE(finding.counts());

  core::Finding later = finding;
  later.accepted = nullptr;
  apply_match(match_waiver(waivers, {"HDK-C-002", later.target, later.severity}, "2026-06-02"),
              later);
  EXPECT_EQ(later.accepted, nullptr);
  EXPECT_TRUE(later.counts());
  EXPECT_NE(later.evidence.find("expired after 2026-06-01"), std::string::npos);

  // Could-not-look is never accepted.
  core::Finding unchecked = finding;
  unchecked.accepted = nullptr;
  unchecked.status = core::FindingStatus::kError;
  apply_match(
      match_waiver(waivers, {"HDK-C-002", unchecked.target, unchecked.severity}, "2026-06-01"),
      unchecked);
  EXPECT_EQ(unchecked.accepted, nullptr);
}

TEST(WaiverValidation, NamesARealCheckAndNeedsReasonOwnerAndDate) {
  Waiver good = waiver_of("privileged-container", "web", "2026-06-01");
  ASSERT_TRUE(validate_waiver(good, "w").has_value());
  EXPECT_EQ(good.check, "HDK-C-004");  // the slug became its code
  struct Case {
    Waiver waiver;
    const char* message;
  };
  const Case cases[] = {
      {waiver_of("HDK-Z-999", "web", "2026-06-01"), "names no check"},
      {waiver_of("HDK-C-004", "", "2026-06-01"), "target must not be empty"},
      {waiver_of("HDK-C-004", "web", "2026-02-30"), "is not a date"},
      {waiver_of("HDK-C-004", "web", ""), "is not a date"},
  };
  for (const auto& item : cases) {
    Waiver waiver = item.waiver;
    auto checked = validate_waiver(waiver, "w");
    ASSERT_FALSE(checked.has_value()) << item.message;
    EXPECT_NE(checked.error().message.find(item.message), std::string::npos)
        << checked.error().message;
    EXPECT_EQ(checked.error().message.find('\n'), std::string::npos);
  }
  Waiver no_reason = waiver_of("HDK-C-004", "web", "2026-06-01");
  no_reason.reason = "  ";
  EXPECT_FALSE(validate_waiver(no_reason, "w").has_value());
  Waiver no_owner = waiver_of("HDK-C-004", "web", "2026-06-01");
  no_owner.owner.clear();
  EXPECT_FALSE(validate_waiver(no_owner, "w").has_value());
  Waiver multi_line = waiver_of("HDK-C-004", "web", "2026-06-01");
  multi_line.reason = "a\nb";
  EXPECT_FALSE(validate_waiver(multi_line, "w").has_value());
}

TEST(WaiverMatch, ExpiringSoonIsWithinTheWindowAndInForce) {
  const std::vector<Waiver> waivers{
      waiver_of("HDK-C-002", "a", "2026-06-15"), waiver_of("HDK-C-002", "b", "2026-06-14"),
      waiver_of("HDK-C-002", "c", "2026-05-31"), waiver_of("HDK-C-002", "d", "2026-06-16")};
  const auto soon = expiring_within(waivers, "2026-06-01", 14);
  ASSERT_EQ(soon.size(), 2u);
  EXPECT_EQ(soon[0]->target, "b");
  EXPECT_EQ(soon[1]->target, "a");
}

// Through the runner: an accepted finding is kept, does not fail its check, the gate or the
// score; expired, it counts again and HDK-G-001 reports the waiver.
TEST(WaiverRun, AcceptedFindingsDoNotFailTheGateOrTheScore) {
  auto engine = docker::decode_snapshot_text(
      R"({"containers":[{"inspect":{"Id":"abc","Name":"/web","HostConfig":{"Privileged":true}}}]})");
  ASSERT_TRUE(engine.has_value()) << engine.error().to_string();
  Selection selection;
  selection.only = {"HDK-C-004", "HDK-G-001", "HDK-G-002"};
  AuditConfig config;
  Waiver waiver = waiver_of("HDK-C-004", "web", "2026-06-01");
  waiver.allow_critical = true;
  config.waivers = {waiver};

  config.today = "2026-06-01";
  auto result = run_audit(*engine, config, selection);
  ASSERT_TRUE(result.has_value()) << result.error().to_string();
  ASSERT_EQ(result->findings.size(), 1u);
  ASSERT_NE(result->findings[0].accepted, nullptr);
  EXPECT_EQ(result->find("HDK-C-004")->outcome, Outcome::kPass);
  EXPECT_EQ(result->find("HDK-C-004")->accepted, 1);
  EXPECT_FALSE(gate_fails(*result, core::Severity::kInfo, false));
  for (const auto& summary : summarize_domains(*result)) {
    if (summary.score) {
      EXPECT_EQ(*summary.score, 100) << core::to_string(summary.domain);
    }
  }

  config.today = "2026-06-02";
  auto later = run_audit(*engine, config, selection);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->find("HDK-C-004")->outcome, Outcome::kFail);
  EXPECT_EQ(later->find("HDK-G-001")->outcome, Outcome::kFail);
  EXPECT_TRUE(gate_fails(*later, core::Severity::kInfo, false));

  // Without allow_critical the critical finding counts, and the waiver is a finding.
  config.waivers[0].allow_critical = false;
  config.today = "2026-06-01";
  auto refused = run_audit(*engine, config, selection);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->find("HDK-C-004")->outcome, Outcome::kFail);
  EXPECT_EQ(refused->find("HDK-G-002")->outcome, Outcome::kFail);
}

TEST(WaiverConfig, TheAuditConfigReadsWaiversAndRefusesBadOnes) {
  auto config = parse_audit_config(
      R"({"waivers":[{"check":"HDK-C-002","target":"web","reason":"r","owner":"o",
          "until":"2026-06-01"}],
          "vulnerabilities":{"waivers":[{"id":"CVE-1","reason":"r"}]}})",
      "c.json");
  ASSERT_TRUE(config.has_value()) << config.error().to_string();
  ASSERT_EQ(config->waivers.size(), 2u);
  // vulnerabilities.waivers are waivers of HDK-I-014 for one advisory id.
  const auto vulnerability = std::find_if(config->waivers.begin(), config->waivers.end(),
                                          [](const Waiver& w) { return w.check == "HDK-I-014"; });
  ASSERT_NE(vulnerability, config->waivers.end());
  EXPECT_EQ(vulnerability->vulnerability, "CVE-1");
  EXPECT_EQ(vulnerability->target, "*");
  for (
      const char* bad :
      {R"({"waivers":[{"check":"NOPE","target":"web","reason":"r","owner":"o","until":"2026-06-01"}]})",
       R"({"waivers":[{"check":"HDK-C-002","target":"web","reason":"r","owner":"o","until":"soon"}]})",
       R"({"waivers":[{"check":"HDK-C-002","target":"web","reason":"","owner":"o","until":"2026-06-01"}]})",
       R"({"waivers":{"check":"HDK-C-002"}})",
       R"({"waivers":[{"check":"HDK-C-002","target":"web","reason":"r","owner":"o","until":"2026-06-01","allow_critical":"yes"}]})"}) {
    auto refused = parse_audit_config(bad, "c.json");
    ASSERT_FALSE(refused.has_value()) << bad;
    EXPECT_EQ(refused.error().message.find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace hardock::audit
