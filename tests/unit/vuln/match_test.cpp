// OSV evaluation on hand-written records, one per range shape, and the rule for versions the
// ecosystem rejects.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hardock/vuln/match.h"

namespace hardock::vuln {
namespace {

using Kind = RangeEvent::Kind;

Affected record(std::vector<std::vector<RangeEvent>> ranges,
                std::vector<std::string> versions = {}) {
  Affected affected;
  affected.ecosystem = "Debian:12";
  affected.package = "openssl";
  for (auto& events : ranges) affected.ranges.push_back(AffectedRange{std::move(events)});
  affected.versions = std::move(versions);
  return affected;
}

Verdict verdict(const Affected& affected, std::string_view installed,
                Ecosystem ecosystem = Ecosystem::kDpkg) {
  auto result = evaluate(ecosystem, affected, installed);
  EXPECT_TRUE(result) << result.error().to_string();
  return result.value_or(Verdict{});
}

TEST(Match, IntroducedZeroAndFixed) {
  const Affected affected =
      record({{{Kind::kIntroduced, "0"}, {Kind::kFixed, "3.0.11-1~deb12u2"}}});
  const Verdict old = verdict(affected, "3.0.9-1");
  EXPECT_TRUE(old.affected);
  EXPECT_EQ(old.fixed, "3.0.11-1~deb12u2");
  EXPECT_TRUE(old.warnings.empty());
  EXPECT_TRUE(verdict(affected, "0~0").affected);  // "0" is before every version, even 0~0
  EXPECT_FALSE(verdict(affected, "3.0.11-1~deb12u2").affected);
  EXPECT_FALSE(verdict(affected, "3.0.11-1").affected);
}

TEST(Match, SeveralIntervalsInOneRangeInAnyOrder) {
  const Affected affected = record({{{Kind::kFixed, "3.2.5"},
                                     {Kind::kIntroduced, "3.0"},
                                     {Kind::kFixed, "1.0.2"},
                                     {Kind::kIntroduced, "1.0"}}});
  EXPECT_FALSE(verdict(affected, "0.9").affected);
  EXPECT_EQ(verdict(affected, "1.0").fixed, "1.0.2");
  EXPECT_TRUE(verdict(affected, "1.0.1").affected);
  EXPECT_FALSE(verdict(affected, "1.0.2").affected);
  EXPECT_FALSE(verdict(affected, "2.0").affected);
  EXPECT_EQ(verdict(affected, "3.1").fixed, "3.2.5");
  EXPECT_FALSE(verdict(affected, "3.2.5").affected);
}

TEST(Match, LastAffectedIsInclusiveAndNamesNoFix) {
  const Affected affected = record({{{Kind::kIntroduced, "1.0"}, {Kind::kLastAffected, "2.0"}}});
  const Verdict at_last = verdict(affected, "2.0");
  EXPECT_TRUE(at_last.affected);
  EXPECT_EQ(at_last.fixed, "");
  EXPECT_FALSE(verdict(affected, "2.0+b1").affected);
  EXPECT_FALSE(verdict(affected, "0.9").affected);
}

TEST(Match, LimitBoundsTheRange) {
  const Affected limited = record({{{Kind::kIntroduced, "0"}, {Kind::kLimit, "2.0"}}});
  EXPECT_TRUE(verdict(limited, "1.9").affected);
  EXPECT_FALSE(verdict(limited, "2.0").affected);
  EXPECT_FALSE(verdict(limited, "3").affected);
  const Affected unlimited = record({{{Kind::kIntroduced, "0"}, {Kind::kLimit, "*"}}});
  EXPECT_TRUE(verdict(unlimited, "99").affected);
  // Below any one of several limits.
  const Affected two =
      record({{{Kind::kIntroduced, "0"}, {Kind::kLimit, "1.0"}, {Kind::kLimit, "5.0"}}});
  EXPECT_TRUE(verdict(two, "4").affected);
}

TEST(Match, VersionsListMatchesEqualVersions) {
  const Affected affected = record({}, {"1.5", "2.0-1"});
  EXPECT_TRUE(verdict(affected, "1.5-0").affected);  // equal in dpkg's order
  EXPECT_TRUE(verdict(affected, "2.0-1").affected);
  EXPECT_FALSE(verdict(affected, "2.0-2").affected);
  EXPECT_EQ(verdict(affected, "1.5").fixed, "");
}

TEST(Match, SeveralRangesNeedTheLargestFix) {
  const Affected both = record({{{Kind::kIntroduced, "0"}, {Kind::kFixed, "2.0"}},
                                {{Kind::kIntroduced, "1.0"}, {Kind::kFixed, "3.0"}}});
  EXPECT_EQ(verdict(both, "1.5").fixed, "3.0");
  EXPECT_EQ(verdict(both, "0.5").fixed, "2.0");
  const Affected one_unfixed =
      record({{{Kind::kIntroduced, "0"}, {Kind::kFixed, "2.0"}}, {{Kind::kIntroduced, "1.0"}}});
  const Verdict unfixed = verdict(one_unfixed, "1.5");
  EXPECT_TRUE(unfixed.affected);
  EXPECT_EQ(unfixed.fixed, "");  // one range has no fix: no version cures it
}

TEST(Match, SmallestFixAboveTheInstalledVersion) {
  const Affected affected = record({{{Kind::kIntroduced, "0"},
                                     {Kind::kFixed, "1.5"},
                                     {Kind::kIntroduced, "2.0"},
                                     {Kind::kFixed, "2.4"},
                                     {Kind::kFixed, "2.2"}}});
  EXPECT_EQ(verdict(affected, "2.1").fixed, "2.2");
}

TEST(Match, EmptyAndDegenerateRanges) {
  EXPECT_FALSE(verdict(record({{{Kind::kFixed, "2.0"}}}), "1.0").affected);  // no introduced
  EXPECT_FALSE(verdict(record({}), "1.0").affected);
  // Introduced and fixed at the same version: nothing in between.
  const Affected same = record({{{Kind::kFixed, "1.0"}, {Kind::kIntroduced, "1.0"}}});
  EXPECT_FALSE(verdict(same, "1.0").affected);
  EXPECT_FALSE(verdict(same, "2.0").affected);
  const Verdict open = verdict(record({{{Kind::kIntroduced, "0"}}}), "1.0");
  EXPECT_TRUE(open.affected);
  EXPECT_EQ(open.fixed, "");
}

TEST(Match, RpmEpochsAsAlmaLinuxGivesThem) {
  Affected affected = record({{{Kind::kIntroduced, "0"}, {Kind::kFixed, "1:3.5.5-4.el9_8"}}});
  affected.ecosystem = "AlmaLinux:9";
  EXPECT_EQ(verdict(affected, "1:3.0.7-27.el9", Ecosystem::kRpm).fixed, "1:3.5.5-4.el9_8");
  EXPECT_FALSE(verdict(affected, "1:3.5.5-4.el9_8", Ecosystem::kRpm).affected);
  EXPECT_TRUE(verdict(affected, "3.6.0-1.el9", Ecosystem::kRpm).affected);  // epoch 0
}

// Alpine secdb has fixed versions apk rejects ("10.0.11-0"): the event is skipped and
// reported, never ordered by guesswork.
TEST(Match, RejectedEventVersionsAreSkippedAndReported) {
  Affected affected = record({{{Kind::kIntroduced, "0"}, {Kind::kFixed, "10.0.11-0"}}});
  affected.ecosystem = "Alpine:v3.21";
  affected.package = "mariadb";
  const Verdict skipped = verdict(affected, "10.0.10-r0", Ecosystem::kApk);
  EXPECT_TRUE(skipped.affected);  // affected from "0" with no usable fix
  EXPECT_EQ(skipped.fixed, "");
  ASSERT_EQ(skipped.warnings.size(), 1u);
  EXPECT_NE(skipped.warnings[0].find("fixed event skipped"), std::string::npos);
  EXPECT_NE(skipped.warnings[0].find("10.0.11-0"), std::string::npos);

  // A rejected introduced version: the range has no start left, so nothing is affected by
  // it, and the warning says why.
  Affected no_start = record({{{Kind::kIntroduced, "2021-03-27-r5"}, {Kind::kFixed, "2.0-r0"}}});
  const Verdict unstarted = verdict(no_start, "1.0-r0", Ecosystem::kApk);
  EXPECT_FALSE(unstarted.affected);
  ASSERT_EQ(unstarted.warnings.size(), 1u);
  EXPECT_NE(unstarted.warnings[0].find("introduced event skipped"), std::string::npos);

  // A rejected listed version is compared as a string only.
  Affected listed = record({}, {"10.0.11-0"});
  EXPECT_TRUE(verdict(listed, "10.0.11-r0", Ecosystem::kApk).warnings.size() == 1u);
  EXPECT_FALSE(verdict(listed, "10.0.11-r0", Ecosystem::kApk).affected);
}

TEST(Match, RejectedInstalledVersionIsAnError) {
  const Affected affected = record({{{Kind::kIntroduced, "0"}}});
  auto result = evaluate(Ecosystem::kApk, affected, "1.0-1");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().to_string().find("openssl"), std::string::npos);
  EXPECT_FALSE(evaluate(Ecosystem::kDpkg, affected, ""));
}

}  // namespace
}  // namespace hardock::vuln
