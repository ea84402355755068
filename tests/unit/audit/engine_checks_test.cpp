// Engine checks (HDK-E-*): release age against collected_at (never the
// clock), sprawl thresholds from the audit config, and collection errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "check_runner.h"
#include "hardock/audit/checks/engine/releases.h"
#include "hardock/audit/registry.h"

namespace hardock::audit {
namespace {

using check_test::run_check;

std::string engine_at(std::string_view version, std::string_view collected_at) {
  return R"({"collected_at":")" + std::string(collected_at) + R"(","version":{"Version":")" +
         std::string(version) + "\"}}";
}

TEST(EngineReleases, TableIsOrderedAndParsersHandleDistributionVersions) {
  const auto& table = checks::engine::kEngineReleases;
  for (size_t index = 1; index < table.size(); ++index) {
    const auto& before = table[index - 1];
    const auto& after = table[index];
    EXPECT_TRUE(before.major < after.major ||
                (before.major == after.major && before.minor < after.minor));
    EXPECT_LE(checks::engine::months_between(after.released, before.released), 0);
  }
  auto debian = checks::engine::parse_engine_version("v20.10.24+dfsg1");
  ASSERT_TRUE(debian.has_value());
  EXPECT_EQ(debian->major, 20);
  EXPECT_EQ(debian->minor, 10);
  EXPECT_FALSE(checks::engine::parse_engine_version("dev").has_value());
  EXPECT_FALSE(checks::engine::parse_date("28/11/2026").has_value());
  EXPECT_EQ(checks::engine::months_between({2025, 2, 19}, {2026, 2, 18}), 11);
  EXPECT_EQ(checks::engine::months_between({2025, 2, 19}, {2026, 2, 19}), 12);
}

TEST(EngineOutdated, AgeLimitIsInclusiveAndOldSupportedLinesAreMedium) {
  EXPECT_TRUE(run_check("HDK-E-001", engine_at("28.0.4", "2026-02-19T00:00:00Z")).empty());
  auto findings = run_check("HDK-E-001", engine_at("28.0.4", "2026-03-19T00:00:00Z"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, core::Severity::kMedium);
  EXPECT_EQ(findings[0].evidence,
            "Version=28.0.4 (line 28.0 released 2025-02-19), 13 months before collected_at "
            "2026-03-19 (limit 12)");
}

TEST(EngineOutdated, EndOfLifeLineIsHighAndConfigLimitApplies) {
  auto findings = run_check("HDK-E-001", engine_at("20.10.24", "2024-06-01T00:00:00Z"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, core::Severity::kHigh);
  EXPECT_NE(findings[0].evidence.find("end of life"), std::string::npos);
  AuditConfig patient;
  patient.max_engine_age_months = 60;
  EXPECT_TRUE(
      run_check("HDK-E-001", engine_at("20.10.24", "2024-06-01T00:00:00Z"), patient).empty());
}

TEST(EngineOutdated, OlderThanTheTableAndServerVersionFallback) {
  auto findings = run_check("HDK-E-001", R"({"collected_at":"2020-01-01T00:00:00Z",
    "info":{"ServerVersion":"1.13.1"}})");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence.rfind("ServerVersion=1.13.1 (released before 2017-03-01)", 0), 0u);
  EXPECT_EQ(findings[0].severity, core::Severity::kHigh);
}

TEST(EngineOutdated, NewerThanTheTableIsSkippedOnlyWhenUndecidable) {
  EXPECT_TRUE(run_check("HDK-E-001", engine_at("30.1.0", "2026-06-01T00:00:00Z")).empty());
  auto findings = run_check("HDK-E-001", engine_at("30.1.0", "2027-06-01T00:00:00Z"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].status, core::FindingStatus::kSkipped);
}

TEST(EngineOutdated, CouldNotLookIsAnError) {
  for (std::string_view fragment :
       {std::string_view(R"({"collected_at":"2026-01-01T00:00:00Z"})"),
        std::string_view(R"({"collected_at":"2026-01-01T00:00:00Z","version":{"Version":"dev"}})"),
        std::string_view(R"({"version":{"Version":"28.0.0"}})")}) {
    auto findings = run_check("HDK-E-001", fragment);
    ASSERT_EQ(findings.size(), 1u) << fragment;
    EXPECT_EQ(findings[0].status, core::FindingStatus::kError) << fragment;
  }
}

TEST(ImageSprawl, ThresholdFromConfigAndDistinctImages) {
  // 8 images, 2 distinct in use (three containers): 6 unused.
  constexpr std::string_view fragment = R"({"info":{"Images":8},"containers":[
    {"inspect":{"Name":"/a","Image":"sha256:1"}},{"inspect":{"Name":"/b","Image":"sha256:1"}},
    {"inspect":{"Name":"/c","Image":"sha256:2"}}]})";
  auto findings = run_check("HDK-E-002", fragment);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "Images=8 in /info, 2 used by containers: 6 unused (limit 5)");
  AuditConfig config;
  config.max_unused_images = 6;
  EXPECT_TRUE(run_check("HDK-E-002", fragment, config).empty());
  auto error = run_check("HDK-E-002", R"({"errors":[{"what":"GET /info","message":"timeout"}]})");
  ASSERT_EQ(error.size(), 1u);
  EXPECT_EQ(error[0].status, core::FindingStatus::kError);
}

TEST(ContainerSprawl, CountOrShareOverTheLimitFires) {
  std::string many = R"({"containers":[)";
  for (int index = 0; index < 30; ++index) {
    if (index > 0) many += ",";
    many += R"({"inspect":{"Name":"/c)" + std::to_string(index) + R"(","State":{"Running":)" +
            (index < 11 ? "false" : "true") + "}}}";
  }
  many += "]}";
  auto findings = run_check("HDK-E-003", many);  // 11 stopped > 10, 37% share
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "11 of 30 containers stopped (37%); limits: 10 stopped, 50%");
  AuditConfig lenient;
  lenient.max_stopped_containers = 11;
  EXPECT_TRUE(run_check("HDK-E-003", many, lenient).empty());
  lenient.max_stopped_ratio = 0.3;
  EXPECT_EQ(run_check("HDK-E-003", many, lenient).size(), 1u);
  EXPECT_TRUE(run_check("HDK-E-003", R"({"containers":[]})").empty());
}

TEST(CollectionErrors, EachErrorIsOneCouldNotLookFinding) {
  auto findings = run_check("HDK-E-004", R"({"endpoint":"tcp://h:2376","errors":[
    {"what":"GET /containers/a/json","message":"no such container"},
    {"what":"GET /networks/n","message":"timeout"}]})");
  ASSERT_EQ(findings.size(), 2u);
  for (const auto& finding : findings) EXPECT_EQ(finding.status, core::FindingStatus::kError);
  EXPECT_EQ(findings[1].evidence, "could not look: GET /networks/n: timeout");
  EXPECT_EQ(findings[1].target.id, "tcp://h:2376");
}

}  // namespace
}  // namespace hardock::audit
