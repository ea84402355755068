// CVSS v3.x base scores of vectors with published scores, the two Roundups, and vectors that
// must be refused.
#include "hardock/vuln/cvss.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hardock/vuln/rating.h"

namespace hardock::vuln {
namespace {

TEST(Cvss, BaseScoresOfKnownVectors) {
  struct Case {
    const char* vector;
    double score;
    core::Severity severity;
  };
  // Scores as the CVSS v3.1 specification's examples document and FIRST's calculator give.
  const std::vector<Case> cases = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, core::Severity::kCritical},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, core::Severity::kHigh},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, core::Severity::kMedium},
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4, core::Severity::kMedium},
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, core::Severity::kLow},
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, core::Severity::kCritical},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, core::Severity::kCritical},
      {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, core::Severity::kHigh},
      {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6, core::Severity::kLow},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, core::Severity::kInfo},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8, core::Severity::kHigh},
      // Temporal and environmental metrics do not change the base score.
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:R/CR:H/MAV:L", 9.8,
       core::Severity::kCritical},
      // Metric order is free.
      {"CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N", 9.8, core::Severity::kCritical},
  };
  for (const Case& c : cases) {
    auto score = parse_cvss(c.vector);
    ASSERT_TRUE(score) << c.vector << ": " << score.error().to_string();
    EXPECT_DOUBLE_EQ(*score->base_score, c.score) << c.vector;
    EXPECT_EQ(score->severity, c.severity) << c.vector;
    EXPECT_EQ(score->vector, c.vector);
  }
}

TEST(Cvss, RoundupDiffersBetweenV30AndV31) {
  // v3.1 Appendix A: floating-point noise above a one-decimal number no longer rounds up.
  EXPECT_DOUBLE_EQ(cvss_roundup(CvssVersion::kV3_1, 4.000001), 4.0);
  EXPECT_DOUBLE_EQ(cvss_roundup(CvssVersion::kV3_0, 4.000001), 4.1);
  EXPECT_DOUBLE_EQ(cvss_roundup(CvssVersion::kV3_1, 4.02), 4.1);
  EXPECT_DOUBLE_EQ(cvss_roundup(CvssVersion::kV3_0, 4.02), 4.1);
  EXPECT_DOUBLE_EQ(cvss_roundup(CvssVersion::kV3_1, 4.0), 4.0);
}

TEST(Cvss, RefusesMalformedVectors) {
  const std::vector<std::string> bad = {
      "",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",           // A missing
      "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",  // duplicate
      "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",       // undefined value
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y",  // unknown metric
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:HH",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
      "CVSS:3.1//AV:N",
      "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:3.1",
      "hello",
      std::string("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/") + std::string(600, 'x'),
  };
  for (const std::string& vector : bad) {
    auto score = parse_cvss(vector);
    EXPECT_FALSE(score) << "accepted " << vector;
    if (!score) {
      EXPECT_EQ(score.error().code, core::ErrorCode::kMalformedInput);
    }
  }
}

TEST(Cvss, V2AndV4AreKeptAsGiven) {
  auto v2 = parse_cvss("AV:N/AC:L/Au:N/C:P/I:P/A:P");
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->version, CvssVersion::kV2);
  EXPECT_FALSE(v2->base_score);
  EXPECT_TRUE(parse_cvss("(AV:N/AC:L/Au:N/C:P/I:P/A:P)"));
  auto v4 = parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->version, CvssVersion::kV4_0);
  EXPECT_FALSE(v4->severity);
  EXPECT_FALSE(parse_cvss("CVSS:4.0/AV:N/AV:L"));  // duplicate
}

TEST(Rating, DistributionWords) {
  EXPECT_EQ(distribution_rating("Debian:12", "high**")->severity, core::Severity::kHigh);
  EXPECT_EQ(distribution_rating("Debian:12", "high**")->basis, "Debian urgency high");
  EXPECT_EQ(distribution_rating("Debian", "unimportant")->severity, core::Severity::kInfo);
  EXPECT_EQ(distribution_rating("Debian", "low")->severity, core::Severity::kLow);
  EXPECT_EQ(distribution_rating("Debian", "medium")->severity, core::Severity::kMedium);
  const auto unassigned = distribution_rating("Debian", "not yet assigned");
  ASSERT_TRUE(unassigned);
  EXPECT_FALSE(unassigned->severity);
  EXPECT_EQ(distribution_rating("AlmaLinux:9", "Important")->severity, core::Severity::kHigh);
  EXPECT_EQ(distribution_rating("AlmaLinux:9", "Important")->basis, "AlmaLinux rating Important");
  EXPECT_EQ(distribution_rating("Rocky Linux:9", "Moderate")->severity, core::Severity::kMedium);
  EXPECT_EQ(distribution_rating("Red Hat:enterprise_linux:9", "critical")->severity,
            core::Severity::kCritical);
  EXPECT_EQ(distribution_rating("Ubuntu:22.04:LTS", "negligible")->severity, core::Severity::kInfo);
  EXPECT_FALSE(distribution_rating("Alpine:v3.21", "high"));
  EXPECT_FALSE(distribution_rating("Debian", "urgent"));
  EXPECT_FALSE(distribution_rating("Debian", ""));
  EXPECT_EQ(rating_in_summary("Important: openssl security update"), "Important");
  EXPECT_EQ(rating_in_summary("openssl: fix"), "");
}

TEST(Rating, AdvisorySeverityPrefersCvssV3ThenTheDistribution) {
  Advisory advisory;
  advisory.cvss_vectors = {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                           "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
                           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"};
  advisory.rating = "low";
  Rated rated = advisory_severity(advisory, "Debian:12");
  EXPECT_EQ(rated.severity, core::Severity::kCritical);
  EXPECT_EQ(rated.basis, "CVSS:3.1 base 9.8");

  advisory.cvss_vectors.pop_back();
  EXPECT_EQ(advisory_severity(advisory, "Debian:12").basis, "CVSS:3.0 base 8.8");

  advisory.cvss_vectors.pop_back();
  rated = advisory_severity(advisory, "Debian:12");
  EXPECT_EQ(rated.severity, core::Severity::kLow);
  EXPECT_EQ(rated.basis, "Debian urgency low");

  advisory.rating.clear();
  rated = advisory_severity(advisory, "Debian:12");
  EXPECT_FALSE(rated.severity);
  EXPECT_NE(rated.basis.find("CVSS:4.0 vector"), std::string::npos);

  Advisory alma;
  alma.summary = "Important: openssl security update";
  rated = advisory_severity(alma, "AlmaLinux:9");
  EXPECT_EQ(rated.severity, core::Severity::kHigh);
  EXPECT_EQ(rated.basis, "AlmaLinux rating Important");

  EXPECT_EQ(advisory_severity(Advisory{}, "Alpine:v3.21").basis, "no rating");
}

}  // namespace
}  // namespace hardock::vuln
