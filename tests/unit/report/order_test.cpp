// The orders the reports list findings in (report/writers.h): ordered_findings() and
// findings_by_file() against a plain stable sort, for findings as run_audit and lint hand them
// over (sorted runs, one per batch) and for findings in no order.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "hardock/core/finding_order.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

constexpr std::string_view kCodes[] = {"HDK-B-001", "HDK-B-003", "HDK-B-013", "HDK-B-040"};

core::Finding finding_in(std::mt19937& random, const std::string& file) {
  core::Finding finding;
  finding.check_code = kCodes[random() % std::size(kCodes)];
  finding.severity = static_cast<core::Severity>(random() % 5);
  finding.location = {file, static_cast<std::uint32_t>(random() % 5 + 1), 1};
  finding.target = {core::TargetKind::kDockerfile, file, file};
  finding.evidence = std::string(1, static_cast<char>('a' + random() % 2));
  return finding;
}

// `batches` runs of findings, each sorted in report order; `files_follow`: each batch's files
// come after the previous batch's (a lint of a walked directory), else any batch may hold any
// file.
std::vector<core::Finding> batches_of(unsigned seed, int batches, bool files_follow) {
  std::mt19937 random(seed);
  std::vector<core::Finding> all;
  for (int batch = 0; batch < batches; ++batch) {
    std::vector<core::Finding> part;
    for (int i = 0; i < 40; ++i) {
      const int file = files_follow ? batch * 3 + static_cast<int>(random() % 3)
                                    : static_cast<int>(random() % (3 * batches));
      part.push_back(finding_in(random, "dir/" + std::to_string(100 + file) + "/Dockerfile"));
    }
    std::stable_sort(part.begin(), part.end(), core::report_before);
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

std::vector<const core::Finding*> stably_sorted(const std::vector<core::Finding>& findings,
                                                bool (*before)(const core::Finding&,
                                                               const core::Finding&)) {
  std::vector<const core::Finding*> sorted;
  for (const auto& finding : findings) sorted.push_back(&finding);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const core::Finding* a, const core::Finding* b) { return before(*a, *b); });
  return sorted;
}

TEST(ReportOrder, SortedRunsComeOutAsOneStableSortWhateverTheirFiles) {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    for (const bool files_follow : {true, false}) {
      for (const int batches : {1, 2, 3, 8, 13}) {
        const auto findings = batches_of(seed, batches, files_follow);
        EXPECT_EQ(ordered_findings(findings), stably_sorted(findings, core::report_before))
            << "seed " << seed << " batches " << batches << " follow " << files_follow;
      }
    }
  }
}

TEST(ReportOrder, FindingsInNoOrderAreSorted) {
  std::mt19937 random(5);
  std::vector<core::Finding> findings;
  for (int i = 0; i < 500; ++i) {
    findings.push_back(finding_in(random, "f" + std::to_string(random() % 7)));
  }
  EXPECT_EQ(ordered_findings(findings), stably_sorted(findings, core::report_before));
  EXPECT_EQ(findings_by_file(findings), stably_sorted(findings, core::file_before));
}

TEST(ReportOrder, FindingsInFileOrderAreTakenAsTheyAre) {
  auto findings = batches_of(9, 6, true);
  std::vector<core::Finding> in_file_order;
  for (const std::uint32_t at : core::file_order(findings)) in_file_order.push_back(findings[at]);
  const auto by_file = findings_by_file(in_file_order);
  ASSERT_EQ(by_file.size(), in_file_order.size());
  for (std::size_t i = 0; i < by_file.size(); ++i) EXPECT_EQ(by_file[i], &in_file_order[i]);
  EXPECT_EQ(findings_by_file(findings), stably_sorted(findings, core::file_before));
}

}  // namespace
}  // namespace hardock::report::detail
