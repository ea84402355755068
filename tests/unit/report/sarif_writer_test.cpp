// SARIF: valid against the official 2.1.0 schema, and shaped the way GitHub
// code scanning accepts it (every result located at a relative path).
#include <nlohmann/json.hpp>

#include "fixture.h"

namespace hardock::report {
namespace {

using testing::Fixture;
using Json = nlohmann::json;

constexpr std::string_view kPython = "/usr/bin/python3";

Json render_sarif(const ReportInput& input) {
  return Json::parse(render(Format::kSarif, input, RenderOptions{}));
}

// Validates `document` against tests/data/report/sarif-schema-2.1.0.json with
// Python's jsonschema. Returns the validator's exit status and output.
testing::CommandResult validate(std::string_view document, const testing::TempDir& dir) {
  const auto sarif = dir.write("report.sarif", document);
  const std::string schema = std::string(HARDOCK_TEST_DATA) + "/report/sarif-schema-2.1.0.json";
  const std::string script =
      "import json, sys, jsonschema\n"
      "schema = json.load(open(sys.argv[1]))\n"
      "document = json.load(open(sys.argv[2]))\n"
      "validator = jsonschema.validators.validator_for(schema)(schema)\n"
      "errors = sorted(validator.iter_errors(document), key=str)\n"
      "for error in errors: print(list(error.absolute_path), error.message)\n"
      "sys.exit(1 if errors else 0)\n";
  const auto script_path = dir.write("validate.py", script);
  return testing::run_command(std::string(kPython) + " '" + script_path.string() + "' '" + schema +
                                  "' '" + sarif.string() + "'",
                              dir);
}

// The validator is Debian's python3-jsonschema; without it the schema tests skip.
bool validator_available(const testing::TempDir& dir) {
  if (!std::filesystem::exists(kPython)) return false;
  return testing::run_command(std::string(kPython) + " -c 'import jsonschema'", dir).status == 0;
}

TEST(SarifReport, ValidatesAgainstOfficialSchema) {
  testing::TempDir dir;
  if (!validator_available(dir)) GTEST_SKIP() << "needs /usr/bin/python3 with python3-jsonschema";
  Fixture fixture;
  const auto checked = validate(render(Format::kSarif, fixture.input(), {}), dir);
  EXPECT_EQ(checked.status, 0) << checked.output;
}

TEST(SarifReport, EmptyAuditValidatesAgainstOfficialSchema) {
  testing::TempDir dir;
  if (!validator_available(dir)) GTEST_SKIP() << "needs /usr/bin/python3 with python3-jsonschema";
  const audit::AuditResult empty;
  const ReportInput input = testing::bare_input(empty);
  const auto checked = validate(render(Format::kSarif, input, {}), dir);
  EXPECT_EQ(checked.status, 0) << checked.output;
}

// The validator must be able to say no, or the two tests above prove nothing.
TEST(SarifReport, SchemaValidatorRejectsAResultWithoutMessage) {
  testing::TempDir dir;
  if (!validator_available(dir)) GTEST_SKIP() << "needs /usr/bin/python3 with python3-jsonschema";
  Fixture fixture;
  Json broken = render_sarif(fixture.input());
  broken["runs"][0]["results"][0].erase("message");
  const auto checked = validate(broken.dump(), dir);
  EXPECT_NE(checked.status, 0);
  EXPECT_TRUE(testing::contains(checked.output, "message")) << checked.output;
}

TEST(SarifReport, EveryResultHasARelativeLocation) {
  Fixture fixture;
  const Json run = render_sarif(fixture.input())["runs"][0];
  ASSERT_EQ(run["results"].size(), 2U);
  for (const Json& result : run["results"]) {
    ASSERT_FALSE(result["locations"].empty());
    const Json& location = result["locations"][0];
    const std::string uri = location["physicalLocation"]["artifactLocation"]["uri"];
    EXPECT_TRUE(uri.starts_with("docker/containers/")) << uri;
    EXPECT_EQ(uri.find(':'), std::string::npos) << "no scheme: " << uri;
    EXPECT_EQ(location["physicalLocation"]["region"]["startLine"], 1);
    EXPECT_EQ(location["logicalLocations"][0]["kind"], "resource");
  }
  // "db|prod" is percent-encoded in the path; the logical location keeps the name.
  const Json& first = run["results"][0]["locations"][0];
  EXPECT_EQ(first["physicalLocation"]["artifactLocation"]["uri"], "docker/containers/db%7Cprod");
  EXPECT_EQ(first["logicalLocations"][0]["fullyQualifiedName"], "container/db|prod");
}

TEST(SarifReport, DriverHasOneRulePerCheckRun) {
  Fixture fixture;
  const Json driver = render_sarif(fixture.input())["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "hardock");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_FALSE(driver["informationUri"].get<std::string>().empty());
  const Json& rules = driver["rules"];
  ASSERT_EQ(rules.size(), 4U);
  const Json& rule = rules[0];
  EXPECT_EQ(rule["id"], "TST-C-001");
  EXPECT_EQ(rule["name"], "test-privileged");
  EXPECT_EQ(rule["shortDescription"]["text"], "Container runs privileged");
  EXPECT_EQ(rule["fullDescription"]["text"], "Privileged containers are root on the host.");
  EXPECT_TRUE(
      testing::contains(rule["help"]["text"].get<std::string>(), "Recreate without --privileged"));
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rule["properties"]["security-severity"], "9.5");
  const Json& tags = rule["properties"]["tags"];
  EXPECT_NE(std::find(tags.begin(), tags.end(), "cis-5.4"), tags.end()) << tags;
  EXPECT_NE(std::find(tags.begin(), tags.end(), "cobit-domain-security"), tags.end()) << tags;

  EXPECT_EQ(rules[1]["properties"]["security-severity"], "5.5");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(rules[2]["properties"]["security-severity"], "3.0");
  EXPECT_EQ(rules[2]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(rules[3]["properties"]["security-severity"], "8.0");
}

TEST(SarifReport, ResultsPointAtTheirRule) {
  Fixture fixture;
  const Json run = render_sarif(fixture.input())["runs"][0];
  const Json& rules = run["tool"]["driver"]["rules"];
  for (const Json& result : run["results"]) {
    const int index = result["ruleIndex"];
    EXPECT_EQ(rules[index]["id"], result["ruleId"]);
    EXPECT_EQ(result["level"], "error");
    EXPECT_FALSE(result["message"]["text"].get<std::string>().empty());
  }
  EXPECT_EQ(run["results"][1]["message"]["text"], "container web: HostConfig.Privileged=true");
}

TEST(SarifReport, CouldNotCheckBecomesNotificationNotResult) {
  Fixture fixture;
  const Json run = render_sarif(fixture.input())["runs"][0];
  for (const Json& result : run["results"]) EXPECT_EQ(result["ruleId"], "TST-C-001");
  const Json& notifications = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notifications.size(), 2U);
  EXPECT_EQ(notifications[0]["associatedRule"]["id"], "TST-N-004");
  EXPECT_EQ(notifications[0]["level"], "note");
  EXPECT_EQ(notifications[1]["associatedRule"]["id"], "TST-D-002");
  EXPECT_EQ(notifications[1]["associatedRule"]["index"], 1);
  EXPECT_EQ(notifications[1]["level"], "error");
  EXPECT_TRUE(testing::contains(notifications[1]["message"]["text"].get<std::string>(),
                                "permission denied"));
}

TEST(SarifReport, FingerprintIsStableAcrossContainerIdsAndDistinctAcrossTargets) {
  Fixture fixture;
  const Json before = render_sarif(fixture.input())["runs"][0]["results"];
  Fixture redeployed;
  for (auto& finding : redeployed.result.findings) finding.target.id += "-new";
  const Json after = render_sarif(redeployed.input())["runs"][0]["results"];
  ASSERT_EQ(before.size(), 2U);
  EXPECT_EQ(before[0]["partialFingerprints"], after[0]["partialFingerprints"]);
  EXPECT_EQ(before[1]["partialFingerprints"], after[1]["partialFingerprints"]);
  EXPECT_NE(before[0]["partialFingerprints"], before[1]["partialFingerprints"]);
}

TEST(SarifReport, FindingOfACheckNotRunStillGetsARule) {
  Fixture fixture;
  fixture.result.checks = {{&testing::kMediumDaemon, audit::Outcome::kError, 1, {}}};
  const Json run = render_sarif(fixture.input())["runs"][0];
  const Json& rules = run["tool"]["driver"]["rules"];
  for (const Json& result : run["results"]) {
    EXPECT_EQ(rules[result["ruleIndex"].get<int>()]["id"], result["ruleId"]);
  }
  for (const Json& notification : run["invocations"][0]["toolExecutionNotifications"]) {
    const Json& rule = notification["associatedRule"];
    EXPECT_EQ(rules[rule["index"].get<int>()]["id"], rule["id"]);
  }
}

}  // namespace
}  // namespace hardock::report
