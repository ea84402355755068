// Trends over stored runs: times, a stored run read back as the audit result it was, time to
// fix from fingerprints, and waiver states.
#include "hardock/trends/trends.h"

#include <gtest/gtest.h>

#include "hardock/audit/registry.h"

namespace hardock::trends {
namespace {

TEST(ParseTime, ReadsRfc3339AndDates) {
  EXPECT_EQ(parse_time("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_time("1970-01-02"), 86400);
  EXPECT_EQ(parse_time("2026-11-30T07:58:02Z"), 1796025482);
  EXPECT_EQ(parse_time("2026-11-30T07:58:02.123456789Z"), 1796025482);
  EXPECT_EQ(parse_time("2026-11-30T08:58:02+01:00"), 1796025482);
  EXPECT_EQ(parse_time("2026-11-30T06:28:02-01:30"), 1796025482);
  EXPECT_EQ(parse_time("2024-02-29"), parse_time("2024-02-28").value() + 86400);
}

TEST(ParseTime, RefusesWhatIsNotATime) {
  for (std::string_view bad :
       {"", "2026", "2026-13-01", "2023-02-29", "2026-11-30T07:58:02", "2026-11-30T25:00:00Z",
        "2026-11-30T07:58:02+0100", "2026-11-30T07:58:02Zjunk", "yesterday", "2026-11-3x"}) {
    EXPECT_FALSE(parse_time(bad).has_value()) << bad;
  }
}

TEST(DateOf, IsTheInverseOfParseTime) {
  for (std::string_view date : {"1970-01-01", "2000-02-29", "2026-11-30", "2100-03-01"}) {
    EXPECT_EQ(date_of(parse_time(date).value()), date);
  }
  EXPECT_EQ(date_of(parse_time("2026-11-30T23:59:59Z").value()), "2026-11-30");
}

TEST(HumanDuration, ShowsTheTwoLargestUnits) {
  EXPECT_EQ(human_duration(12), "12s");
  EXPECT_EQ(human_duration(40 * 60 + 5), "40m");
  EXPECT_EQ(human_duration(5 * 3600 + 12 * 60), "5h 12m");
  EXPECT_EQ(human_duration(3 * 86400 + 4 * 3600 + 59), "3d 4h");
  EXPECT_EQ(human_duration(-5), "0s");
}

TEST(RunPoint, CountsFailingFindingsAndScoresAsTheAuditDoes) {
  audit::AuditResult result;
  const auto checks = audit::all_checks();
  for (std::size_t index = 0; index < checks.size(); ++index) {
    audit::CheckResult check_result;
    check_result.check = checks[index];
    check_result.outcome = index % 3 == 0 ? audit::Outcome::kFail : audit::Outcome::kPass;
    if (check_result.outcome == audit::Outcome::kFail) {
      result.findings.push_back(core::make_finding(
          checks[index]->info, {core::TargetKind::kContainer, "id", "web"}, "evidence"));
    }
    result.checks.push_back(check_result);
  }
  result.findings.push_back(core::make_unchecked(checks[1]->info,
                                                 {core::TargetKind::kEngine, "e", "e"},
                                                 core::FindingStatus::kError, "denied"));
  store::RunInfo info;
  info.id = 7;
  info.started_at = "2026-11-30T07:58:02Z";
  const RunPoint point = run_point(info, result);
  EXPECT_EQ(point.run, 7);
  EXPECT_EQ(point.failing_total(), static_cast<int>(result.findings.size()) - 1);
  EXPECT_EQ(point.unchecked, 1);
  const auto expected = audit::summarize_domains(result);
  ASSERT_EQ(point.domains.size(), expected.size());
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(point.domains[index].score, expected[index].score);
    for (const auto& [severity, count] : expected[index].counts) {
      EXPECT_EQ(point.domains[index].failing[static_cast<std::size_t>(severity)], count);
    }
  }
}

store::RunInfo run_info(std::int64_t id, std::string host, std::string started) {
  store::RunInfo info;
  info.id = id;
  info.host = std::move(host);
  info.target = "unix:///var/run/docker.sock";
  info.started_at = std::move(started);
  return info;
}

store::FingerprintSeen seen(std::string fingerprint, core::Severity severity, std::int64_t first,
                            std::string first_at, std::int64_t last, std::string last_at) {
  store::FingerprintSeen out;
  out.fingerprint = std::move(fingerprint);
  out.severity = severity;
  out.first_run = first;
  out.first_seen = std::move(first_at);
  out.last_run = last;
  out.last_seen = std::move(last_at);
  return out;
}

TEST(TimeToFix, FixedByTheNextRunOfTheSameSeriesOpenOtherwise) {
  const std::vector<store::RunInfo> runs = {
      run_info(1, "a", "2026-11-01T00:00:00Z"), run_info(2, "a", "2026-11-02T00:00:00Z"),
      run_info(3, "a", "2026-11-04T00:00:00Z"), run_info(4, "b", "2026-11-03T00:00:00Z"),
      run_info(5, "b", "2026-11-05T00:00:00Z")};
  const std::vector<store::FingerprintSeen> fingerprints = {
      // seen in runs 1-2 of host a, gone in run 3: fixed after 3 days
      seen("f1", core::Severity::kCritical, 1, "2026-11-01T00:00:00Z", 2, "2026-11-02T00:00:00Z"),
      // seen in run 1 only: fixed by run 2, one day
      seen("f2", core::Severity::kCritical, 1, "2026-11-01T00:00:00Z", 1, "2026-11-01T00:00:00Z"),
      // still in host a's newest run: open
      seen("f3", core::Severity::kHigh, 1, "2026-11-01T00:00:00Z", 3, "2026-11-04T00:00:00Z"),
      // host b's newest run is 5: in run 4 only, fixed by run 5 (2 days); another host's later
      // run (3 of a) changes nothing
      seen("f4", core::Severity::kHigh, 4, "2026-11-03T00:00:00Z", 4, "2026-11-03T00:00:00Z"),
      // from a run the store no longer lists: left out
      seen("f5", core::Severity::kLow, 99, "2026-11-01T00:00:00Z", 99, "2026-11-01T00:00:00Z"),
  };
  const auto result = time_to_fix(fingerprints, runs, "2026-11-06T00:00:00Z");
  ASSERT_EQ(result.size(), 5u);
  const TimeToFix& critical = result[0];
  EXPECT_EQ(critical.severity, core::Severity::kCritical);
  EXPECT_EQ(critical.fixed, 2);
  EXPECT_EQ(critical.open, 0);
  EXPECT_EQ(critical.median_seconds, 86400);
  EXPECT_EQ(critical.max_seconds, 3 * 86400);
  EXPECT_EQ(critical.p90_seconds, 3 * 86400);
  const TimeToFix& high = result[1];
  EXPECT_EQ(high.fixed, 1);
  EXPECT_EQ(high.median_seconds, 2 * 86400);
  EXPECT_EQ(high.open, 1);
  EXPECT_EQ(high.oldest_open_seconds, 5 * 86400);
  EXPECT_EQ(result[3].fixed + result[3].open, 0);  // low: f5 left out
}

TEST(WaiverStates, ExpiredSoonInForceAndRevoked) {
  std::vector<store::Waiver> waivers(6);
  waivers[0].id = 1;
  waivers[0].until = "2026-12-31";  // in force
  waivers[1].id = 2;
  waivers[1].until = "2026-12-14";  // 14 days left: soon
  waivers[2].id = 3;
  waivers[2].until = "2026-11-30";  // last day today: soon
  waivers[3].id = 4;
  waivers[3].until = "2026-11-29";  // expired
  waivers[4].id = 5;
  waivers[4].until = "next year";  // not a date: expired, never trusted to hold
  waivers[5].id = 6;
  waivers[5].until = "2027-01-01";
  waivers[5].revoked_at = "2026-11-01T00:00:00Z";
  const auto states = waiver_states(waivers, "2026-11-30");
  ASSERT_EQ(states.size(), 6u);
  auto state_of = [&](std::int64_t id) {
    for (const auto& status : states) {
      if (status.waiver.id == id) return status;
    }
    return WaiverStatus{};
  };
  EXPECT_EQ(state_of(1).state, WaiverState::kInForce);
  EXPECT_EQ(state_of(2).state, WaiverState::kExpiringSoon);
  EXPECT_EQ(state_of(2).days_left, 14);
  EXPECT_EQ(state_of(3).state, WaiverState::kExpiringSoon);
  EXPECT_EQ(state_of(3).days_left, 0);
  EXPECT_EQ(state_of(4).state, WaiverState::kExpired);
  EXPECT_EQ(state_of(5).state, WaiverState::kExpired);
  EXPECT_FALSE(state_of(5).days_left.has_value());
  EXPECT_EQ(state_of(6).state, WaiverState::kRevoked);
  // Expired first, then expiring soon, in force, revoked.
  EXPECT_EQ(states.front().state, WaiverState::kExpired);
  EXPECT_EQ(states.back().state, WaiverState::kRevoked);
}

}  // namespace
}  // namespace hardock::trends
