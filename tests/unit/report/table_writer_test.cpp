// The terminal table: grouping, "could not check", the domain summary, and
// ANSI colour exactly when asked for.
#include "fixture.h"

namespace hardock::report {
namespace {

using testing::contains;
using testing::Fixture;

TEST(TableReport, NoEscapeSequencesWithoutColour) {
  Fixture fixture;
  const std::string table = render(Format::kTable, fixture.input(), {.color = false});
  // Not even the ESC in the evidence: it is shown as text.
  EXPECT_FALSE(contains(table, "\x1b"));
  EXPECT_TRUE(contains(table, "\\x1B[31mred\\x1B[0m"));
  EXPECT_TRUE(contains(table, "\\x01"));
}

TEST(TableReport, ColourWhenAsked) {
  Fixture fixture;
  const std::string table = render(Format::kTable, fixture.input(), {.color = true});
  EXPECT_TRUE(contains(table, "\x1b[1;31mCRITICAL (2)\x1b[0m"));
  EXPECT_TRUE(contains(table, "\x1b[0m"));
  // The evidence's own ESC is still neutralised.
  EXPECT_TRUE(contains(table, "\\x1B[31mred"));
}

TEST(TableReport, FindingsBySeverityThenCouldNotCheckThenDomains) {
  Fixture fixture;
  const std::string table = render(Format::kTable, fixture.input(), {});
  const auto critical = table.find("CRITICAL (2)");
  const auto unchecked = table.find("COULD NOT CHECK (2)");
  const auto domains = table.find("COBIT 2019 domains");
  ASSERT_NE(critical, std::string::npos) << table;
  ASSERT_NE(unchecked, std::string::npos) << table;
  ASSERT_NE(domains, std::string::npos) << table;
  EXPECT_LT(critical, unchecked);
  EXPECT_LT(unchecked, domains);
  EXPECT_FALSE(contains(table, "HIGH ("));  // the high check was skipped, not failed
  EXPECT_TRUE(contains(table, "4 checks run: 2 findings (2 critical), 2 could not check"));
  // The finding block shows target, code, title, evidence, remediation, references.
  EXPECT_TRUE(contains(table, "TST-C-001  Container runs privileged"));
  EXPECT_TRUE(contains(table, "container web (aaaaaaaaaaaa)"));
  EXPECT_TRUE(contains(table, "HostConfig.Privileged=true"));
  EXPECT_TRUE(contains(table, "Recreate without --privileged"));
  EXPECT_TRUE(contains(table, "CIS 5.4 | COBIT DSS05.03 Manage endpoint security"));
  // Could-not-check entries say so and give the reason, not a remediation.
  // Wrapped continuation lines are indented under the target.
  EXPECT_TRUE(contains(table,
                       "  TST-D-002  daemon.json is unreadable  [medium]\n"
                       "    target         daemon node1 (unix:///run/docker.sock): error: open "
                       "/etc/docker/daemon.json:\n"
                       "                     permission denied\n"
                       "    references     COBIT BAI10.02"))
      << table;
  EXPECT_TRUE(contains(table, "network backend (n1): skipped: no sensitivity label configured"));
  EXPECT_LT(table.find("TST-N-004"), table.find("TST-D-002"));
  // Two failing targets of one check: one block, the fix printed once.
  EXPECT_TRUE(contains(table, "    targets        container db|prod (b2): Env=\"A|B\""));
  EXPECT_EQ(testing::count(table, "Recreate without --privileged"), 1U);
  for (core::CobitDomain domain : core::kAllDomains) {
    EXPECT_TRUE(contains(table, core::domain_title(domain))) << core::domain_title(domain);
  }
}

TEST(TableReport, DomainRowsShowCountsAndScore) {
  Fixture fixture;
  const std::string table = render(Format::kTable, fixture.input(), {});
  const auto row_start = table.find("  Security management");
  ASSERT_NE(row_start, std::string::npos);
  std::string row = table.substr(row_start, table.find('\n', row_start) - row_start);
  std::istringstream fields(row.substr(row.find(')') + 1));
  std::vector<std::string> numbers;
  for (std::string field; fields >> field;) numbers.push_back(field);
  // checks critical high medium low info errors not-run score
  EXPECT_EQ(numbers, (std::vector<std::string>{"1", "2", "0", "0", "0", "0", "0", "0", "0"}))
      << row;
  EXPECT_TRUE(contains(table, "Operations management (DSS01)"));
}

TEST(TableReport, CleanAuditSaysSo) {
  Fixture fixture;
  fixture.result.findings.clear();
  const std::string table = render(Format::kTable, fixture.input(), {});
  EXPECT_TRUE(contains(table, "No findings: every check that ran passed."));
  EXPECT_FALSE(contains(table, "COULD NOT CHECK"));
}

}  // namespace
}  // namespace hardock::report
