// JUnit XML: well-formed (xmllint), one suite per COBIT domain with checks,
// one testcase per check, the right counts, and proper escaping.
#include <regex>

#include "fixture.h"

namespace hardock::report {
namespace {

using testing::contains;
using testing::count;
using testing::Fixture;

constexpr std::string_view kXmllint = "/usr/bin/xmllint";

// xmllint (Debian libxml2-utils) parses the file; without it these tests skip.
testing::CommandResult xmllint(std::string_view xml, const testing::TempDir& dir) {
  const auto file = dir.write("report.xml", xml);
  return testing::run_command(std::string(kXmllint) + " --noout '" + file.string() + "'", dir);
}

std::string attribute(const std::string& xml, const std::string& element, const std::string& name) {
  const std::regex pattern("<" + element + "\\b[^>]*\\b" + name + "=\"([^\"]*)\"");
  std::smatch match;
  return std::regex_search(xml, match, pattern) ? match[1].str() : "<absent>";
}

TEST(JunitReport, IsWellFormedXml) {
  testing::TempDir dir;
  if (!std::filesystem::exists(kXmllint)) GTEST_SKIP() << "needs xmllint (libxml2-utils)";
  Fixture fixture;
  const auto checked = xmllint(render(Format::kJunit, fixture.input(), {}), dir);
  EXPECT_EQ(checked.status, 0) << checked.output;
}

// xmllint must be able to say no, or the test above proves nothing.
TEST(JunitReport, XmllintRejectsBrokenXml) {
  testing::TempDir dir;
  if (!std::filesystem::exists(kXmllint)) GTEST_SKIP() << "needs xmllint (libxml2-utils)";
  EXPECT_NE(xmllint("<testsuites><testsuite></testsuites>", dir).status, 0);
  EXPECT_NE(xmllint("<a>\x01</a>", dir).status, 0);
}

TEST(JunitReport, CountsPerTestcase) {
  Fixture fixture;
  const std::string xml = render(Format::kJunit, fixture.input(), {});
  // Four checks: one failing (two findings), one error, one pass, one skipped.
  EXPECT_EQ(attribute(xml, "testsuites", "tests"), "4");
  EXPECT_EQ(attribute(xml, "testsuites", "failures"), "1");
  EXPECT_EQ(attribute(xml, "testsuites", "errors"), "1");
  EXPECT_EQ(attribute(xml, "testsuites", "skipped"), "1");
  EXPECT_EQ(count(xml, "<testcase "), 4U);
  EXPECT_EQ(count(xml, "<failure "), 2U);
  EXPECT_EQ(count(xml, "<error "), 1U);
  EXPECT_EQ(count(xml, "<skipped "), 1U);
  // Suites for the four domains that ran checks; operations ran none.
  EXPECT_EQ(count(xml, "<testsuite "), 4U);
  EXPECT_FALSE(contains(xml, "id=\"operations\""));
  EXPECT_EQ(attribute(xml, "testsuite", "id"), "security");
  EXPECT_EQ(attribute(xml, "testsuite", "tests"), "1");
  EXPECT_EQ(attribute(xml, "testsuite", "failures"), "1");
  EXPECT_TRUE(contains(
      xml, "<testcase name=\"TST-M-003 test-logging\" classname=\"hardock.monitoring\"/>"));
}

TEST(JunitReport, FailureCarriesTargetEvidenceAndRemediation) {
  Fixture fixture;
  const std::string xml = render(Format::kJunit, fixture.input(), {});
  EXPECT_TRUE(contains(xml,
                       "<failure message=\"Container runs privileged\" type=\"critical\">"
                       "container web (aaaaaaaaaaaa)\nevidence: HostConfig.Privileged=true\n"
                       "remediation: Recreate without --privileged | use --cap-add &lt;CAP&gt;."));
}

TEST(JunitReport, EscapesEngineText) {
  Fixture fixture;
  const std::string xml = render(Format::kJunit, fixture.input(), {});
  EXPECT_TRUE(contains(xml, "Env=&quot;A|B&quot; &lt;script&gt;&amp;&apos;x&apos;\nsecond line"));
  EXPECT_FALSE(contains(xml, "<script>"));
  EXPECT_FALSE(contains(xml, "\x01"));
  EXPECT_FALSE(contains(xml, "\x1b"));
  EXPECT_FALSE(contains(xml, "\xff"));
}

TEST(JunitReport, AdversarialNamesStayWellFormed) {
  testing::TempDir dir;
  if (!std::filesystem::exists(kXmllint)) GTEST_SKIP() << "needs xmllint (libxml2-utils)";
  Fixture fixture;
  for (auto& finding : fixture.result.findings) {
    finding.target.name = "]]><x a=\"1\">\x02\xc3\x28&#1;";
    finding.title = "t\"'<>&\x0b";
  }
  ReportInput input = fixture.input();
  input.host_name = "h\"\n<";
  const auto checked = xmllint(render(Format::kJunit, input, {}), dir);
  EXPECT_EQ(checked.status, 0) << checked.output;
}

}  // namespace
}  // namespace hardock::report
