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

// Thousands of findings of a few checks, formatted on several threads whose members repeat per
// check: every finding still carries its own check's texts, severity, status, CIS id and
// acceptance (the writer copies repeated members as bytes, keyed by the texts they come from).
TEST(JsonReport, ManyFindingsOfFewChecksKeepTheirOwnFields) {
  audit::AuditResult result;
  result.checks = {{&testing::kCriticalContainer, audit::Outcome::kFail, 0, {}},
                   {&testing::kMediumDaemon, audit::Outcome::kFail, 0, {}},
                   {&testing::kLowMonitoring, audit::Outcome::kFail, 0, {}}};
  const audit::Check* checks[] = {&testing::kCriticalContainer, &testing::kMediumDaemon,
                                  &testing::kLowMonitoring};
  const auto accepted = std::make_shared<const core::Acceptance>(
      core::Acceptance{"owner", "2099-01-01", "known", ".hardock.yaml:3"});
  constexpr int kFindings = 3000;
  for (int i = 0; i < kFindings; ++i) {
    const audit::Check& check = *checks[i % 3];
    core::Finding finding = core::make_finding(
        check.info, {core::TargetKind::kContainer, "id" + std::to_string(i % 7), "name"},
        "e" + std::to_string(i));
    if (i % 5 == 0) finding.severity = core::Severity::kInfo;       // an override
    if (i % 11 == 0) finding.status = core::FindingStatus::kError;  // could not look
    if (i % 4 == 0) finding.cis = i % 8 == 0 ? "5.23" : "";         // per-finding CIS id
    if (i % 13 == 0) finding.accepted = accepted;
    if (i % 2 == 0) finding.location = {"f" + std::to_string(i % 9), 3, 4, 0, 0};
    result.findings.push_back(std::move(finding));
    ++result.checks[i % 3].findings;
  }
  const Json report = render_json(testing::bare_input(result));
  ASSERT_EQ(report["findings"].size(), static_cast<std::size_t>(kFindings));
  int seen = 0;
  for (const Json& out : report["findings"]) {
    const int i = std::stoi(out["evidence"].get<std::string>().substr(1));
    const core::Finding& in = result.findings[static_cast<std::size_t>(i)];
    ASSERT_EQ(out["check"], in.check_code) << i;
    EXPECT_EQ(out["slug"], in.slug) << i;
    EXPECT_EQ(out["title"], in.title) << i;
    EXPECT_EQ(out["severity"], core::to_string(in.severity)) << i;
    EXPECT_EQ(out["status"], core::to_string(in.status)) << i;
    EXPECT_EQ(out["remediation"], in.remediation) << i;
    EXPECT_EQ(out["target"]["id"], in.target.id) << i;
    EXPECT_EQ(out.contains("location"), !in.location.empty()) << i;
    EXPECT_EQ(out.contains("accepted"), in.accepted != nullptr) << i;
    if (in.cis.empty()) {
      EXPECT_TRUE(out["references"]["cis"].is_null()) << i;
    } else {
      EXPECT_EQ(out["references"]["cis"], in.cis) << i;
    }
    EXPECT_EQ(out["references"]["cobit"]["practice"], in.cobit) << i;
    ++seen;
  }
  EXPECT_EQ(seen, kFindings);
}

}  // namespace
}  // namespace hardock::report
