// The JSON report: schema id, every documented field, outcomes, ordering.
#include <nlohmann/json.hpp>

#include "fixture.h"

namespace hardock::report {
namespace {

using testing::Fixture;
using Json = nlohmann::json;

Json render_json(const ReportInput& input) {
  return Json::parse(render(Format::kJson, input, RenderOptions{}));
}

TEST(JsonReport, CarriesSchemaToolAndEngine) {
  Fixture fixture;
  const Json report = render_json(fixture.input());
  EXPECT_EQ(report["schema"], "hardock.report/2");
  EXPECT_EQ(report["tool"]["name"], "hardock");
  EXPECT_EQ(report["tool"]["version"], "0.1.0");
  EXPECT_EQ(report["engine"]["endpoint"], "unix:///run/docker.sock");
  EXPECT_EQ(report["engine"]["version"], "24.0.7");
  EXPECT_EQ(report["engine"]["collected_at"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(report["engine"]["name"], "node1");
}

TEST(JsonReport, SummaryCountsBySeverityAndDomain) {
  Fixture fixture;
  const ReportInput input = fixture.input();
  const Json summary = render_json(input)["summary"];
  EXPECT_EQ(summary["checks_run"], 4);
  EXPECT_EQ(summary["findings"], 2);
  EXPECT_EQ(summary["could_not_check"], 2);
  EXPECT_EQ(summary["by_severity"]["critical"], 2);
  EXPECT_EQ(summary["by_severity"]["high"], 0);
  EXPECT_EQ(summary["by_severity"]["info"], 0);
  ASSERT_EQ(summary["by_domain"].size(), 5U);
  for (std::size_t index = 0; index < input.domains.size(); ++index) {
    const auto& expected = input.domains[index];
    const Json& domain = summary["by_domain"][index];
    EXPECT_EQ(domain["domain"], std::string(core::to_string(expected.domain)));
    EXPECT_EQ(domain["title"], std::string(core::domain_title(expected.domain)));
    EXPECT_EQ(domain["checks"], expected.checks);
    EXPECT_EQ(domain["errors"], expected.errors);
    if (expected.score) {
      EXPECT_EQ(domain["score"], *expected.score);
    } else {
      EXPECT_TRUE(domain["score"].is_null());  // no check of the domain looked
    }
  }
  // Security ran one critical check, which failed: score 0.
  EXPECT_EQ(summary["by_domain"][0]["domain"], "security");
  EXPECT_EQ(summary["by_domain"][0]["by_severity"]["critical"], 2);
  EXPECT_EQ(summary["by_domain"][0]["score"], 0);
}

TEST(JsonReport, ChecksRunCarryOutcome) {
  Fixture fixture;
  const Json checks = render_json(fixture.input())["checks"];
  ASSERT_EQ(checks.size(), 4U);
  EXPECT_EQ(checks[0]["code"], "TST-C-001");
  EXPECT_EQ(checks[0]["outcome"], "fail");
  EXPECT_EQ(checks[0]["findings"], 2);
  EXPECT_EQ(checks[0]["cobit"]["objective"], "DSS05");
  EXPECT_EQ(checks[1]["outcome"], "error");
  EXPECT_EQ(checks[1]["cis"], nullptr);
  EXPECT_EQ(checks[2]["outcome"], "pass");
  EXPECT_EQ(checks[2]["findings"], 0);
  EXPECT_EQ(checks[3]["outcome"], "skipped");
  EXPECT_EQ(checks[3]["target_kind"], "network");
}

TEST(JsonReport, FindingsHaveEveryDocumentedField) {
  Fixture fixture;
  const Json findings = render_json(fixture.input())["findings"];
  ASSERT_EQ(findings.size(), 4U);
  const Json& first = findings[0];  // critical, TST-C-001, "db|prod" sorts before "web"
  EXPECT_EQ(first["check"], "TST-C-001");
  EXPECT_EQ(first["slug"], "test-privileged");
  EXPECT_EQ(first["title"], "Container runs privileged");
  EXPECT_EQ(first["severity"], "critical");
  EXPECT_EQ(first["status"], "fail");
  EXPECT_EQ(first["target"]["kind"], "container");
  EXPECT_EQ(first["target"]["id"], "b2");
  EXPECT_EQ(first["target"]["name"], "db|prod");
  EXPECT_EQ(first["remediation"], "Recreate without --privileged | use --cap-add <CAP>.");
  EXPECT_EQ(first["references"]["cis"], "5.4");
  EXPECT_EQ(first["references"]["cobit"]["practice"], "DSS05.03");
  EXPECT_EQ(first["references"]["cobit"]["practice_name"], "Manage endpoint security");
  EXPECT_EQ(first["references"]["cobit"]["objective"], "DSS05");
  EXPECT_EQ(first["references"]["cobit"]["objective_name"], "Managed Security Services");
  EXPECT_EQ(first["references"]["cobit"]["domain"], "security");
  // Evidence is printed as given, apart from invalid UTF-8 becoming U+FFFD.
  const std::string evidence = first["evidence"];
  EXPECT_TRUE(testing::contains(evidence, "Env=\"A|B\" <script>&'x'\nsecond line \x1b[31mred"));
  EXPECT_TRUE(testing::contains(evidence, "bad:\xEF\xBF\xBD\xEF\xBF\xBD end"));

  EXPECT_EQ(findings[2]["status"], "skipped");  // high comes before medium
  EXPECT_EQ(findings[3]["status"], "error");
  EXPECT_EQ(findings[3]["references"]["cis"], nullptr);
  EXPECT_EQ(findings[3]["references"]["cobit"]["domain"], "change");
}

TEST(JsonReport, OrderDoesNotDependOnFindingOrder) {
  Fixture fixture;
  Fixture other;
  other.result = testing::shuffled(fixture.result);
  ASSERT_NE(other.result.findings.front().target.name, fixture.result.findings.front().target.name);
  EXPECT_EQ(render(Format::kJson, fixture.input(), {}), render(Format::kJson, other.input(), {}));
}

TEST(JsonReport, EmptyAuditIsValid) {
  const audit::AuditResult empty;
  const ReportInput input = testing::bare_input(empty);
  const Json report = render_json(input);
  EXPECT_EQ(report["schema"], "hardock.report/2");
  EXPECT_TRUE(report["findings"].is_array());
  EXPECT_TRUE(report["findings"].empty());
  EXPECT_EQ(report["summary"]["findings"], 0);
}

}  // namespace
}  // namespace hardock::report
