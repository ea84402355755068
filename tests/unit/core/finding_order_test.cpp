#include "hardock/core/finding_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace hardock::core {
namespace {

// Findings that tie often: few files (one without a file), lines, columns and codes, so the
// order has to fall back to every key of report order.
std::vector<Finding> random_findings(unsigned seed, std::size_t count) {
  static constexpr std::string_view kCodes[] = {"HDK-B-001", "HDK-B-003", "HDK-B-013"};
  const std::string files[] = {
      "", "a/Dockerfile", "a-b/Dockerfile", "a/b/Dockerfile", "Dockerfile", "\xc3\xa9/Dockerfile"};
  std::mt19937 random(seed);
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < count; ++i) {
    Finding finding;
    finding.check_code = kCodes[random() % std::size(kCodes)];
    finding.severity = static_cast<Severity>(random() % 5);
    finding.location.file = files[random() % std::size(files)];
    finding.location.line = static_cast<std::uint32_t>(random() % 4);
    finding.location.column = static_cast<std::uint32_t>(random() % 3);
    finding.target = {TargetKind::kDockerfile, finding.location.file, finding.location.file};
    finding.evidence = std::string(1, static_cast<char>('a' + random() % 3));
    findings.push_back(std::move(finding));
  }
  return findings;
}

TEST(FindingOrder, FileOrderIsAStableSortByFileBefore) {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    const auto findings = random_findings(seed, 300);
    std::vector<std::uint32_t> expected(findings.size());
    for (std::uint32_t i = 0; i < expected.size(); ++i) expected[i] = i;
    std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) {
      return file_before(findings[a], findings[b]);
    });
    EXPECT_EQ(file_order(findings), expected) << "seed " << seed;
  }
}

TEST(FindingOrder, FilesByBytesThenLineColumnAndReportOrderWithoutFilesLast) {
  Finding no_file;
  no_file.severity = Severity::kCritical;
  Finding late_line;
  late_line.location = {"a/Dockerfile", 9, 1};
  Finding early_low;
  early_low.location = {"a/Dockerfile", 2, 5};
  early_low.severity = Severity::kLow;
  Finding early_high = early_low;
  early_high.severity = Severity::kHigh;
  Finding other_file;  // '-' (0x2d) sorts before '/' (0x2f): by bytes, not path components
  other_file.location = {"a-b/Dockerfile", 1, 1};
  const std::vector<Finding> findings = {no_file, late_line, early_low, early_high, other_file};
  EXPECT_EQ(file_order(findings), (std::vector<std::uint32_t>{4, 3, 2, 1, 0}));
  EXPECT_TRUE(file_before(early_high, early_low));  // same place: worst first
  EXPECT_FALSE(file_before(no_file, late_line));
  EXPECT_TRUE(report_before(no_file, late_line));  // report order: severity first
}

TEST(FindingOrder, EqualFindingsAreNeitherBeforeTheOther) {
  const auto findings = random_findings(7, 1);
  EXPECT_FALSE(file_before(findings[0], findings[0]));
  EXPECT_FALSE(report_before(findings[0], findings[0]));
}

}  // namespace
}  // namespace hardock::core
