// Matching inventories against a real database: feeds imported from the real records in
// tests/data/vulndb (Debian tracker, Alpine secdb, AlmaLinux OSV, debian-security-support) and
// hand-written ones written here, through the same import as `hardock db import`.
#include "hardock/vulnscan/assess.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "hardock/vulndb/database.h"
#include "hardock/vulndb/import.h"

namespace hardock::vulnscan {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(HARDOCK_TEST_DATA) + "/vulndb";

class Assess : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/hardock-assess-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    auto opened = vulndb::Database::open(dir_ + "/vuln.db", vulndb::Database::Access::kWrite);
    ASSERT_TRUE(opened.has_value()) << opened.error().to_string();
    database_.emplace(std::move(*opened));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void import(const std::string& path, bool packages = false, const std::string& release = "",
              const std::string& suite = "") {
    vulndb::ImportRequest request{path, packages, release, suite, ""};
    auto imported = vulndb::import_feed(*database_, request, 1'800'000'000);
    ASSERT_TRUE(imported.has_value()) << path << ": " << imported.error().to_string();
  }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  Assessment assess_ok(const image::Inventory& inventory) {
    auto assessment = assess(inventory, *database_);
    EXPECT_TRUE(assessment.has_value()) << assessment.error().to_string();
    return assessment ? *assessment : Assessment{};
  }

  std::string dir_;
  std::optional<vulndb::Database> database_;
};

image::Package installed(std::string ecosystem, std::string name, std::string version,
                         std::string source = "", std::string source_version = "") {
  image::Package package;
  package.ecosystem = std::move(ecosystem);
  package.name = std::move(name);
  package.version = std::move(version);
  package.source_name = source.empty() ? package.name : std::move(source);
  package.source_version = source_version.empty() ? package.version : std::move(source_version);
  package.architecture = "amd64";
  return package;
}

image::Package deb(std::string name, std::string version, std::string source = "") {
  return installed("deb", std::move(name), std::move(version), std::move(source));
}

image::Inventory inventory_of(std::string id, std::string version_id, std::string codename,
                              std::vector<image::Package> packages) {
  image::Inventory inventory;
  inventory.os.id = std::move(id);
  inventory.os.version_id = std::move(version_id);
  inventory.os.version_codename = std::move(codename);
  inventory.packages = std::move(packages);
  return inventory;
}

image::Inventory debian12(std::vector<image::Package> packages) {
  return inventory_of("debian", "12", "bookworm", std::move(packages));
}

const PackageVulnerability* find(const Assessment& assessment, const std::string& package,
                                 const std::string& id) {
  for (const auto& flaw : assessment.vulnerabilities) {
    if (flaw.package == package && flaw.id == id) return &flaw;
  }
  return nullptr;
}

// The tracker names the source package (sope), the image has its binaries: matched through
// the binary's Source, on the source version.
TEST_F(Assess, DebianTrackerMatchesBinariesThroughTheirSourcePackage) {
  import(kData + "/debian-tracker/debian.json");
  auto assessment = assess_ok(
      debian12({deb("libsope1", "5.8.0-1", "sope"),
                deb("sope4.9-appserver", "5.8.0-1+deb12u1", "sope"), deb("bash", "5.2.15-2+b2")}));
  EXPECT_EQ(assessment.ecosystem, "Debian:12");
  ASSERT_TRUE(assessment.vulnerabilities_known) << assessment.vulnerabilities_unknown_reason;
  const auto* flaw = find(assessment, "libsope1", "CVE-2025-53603");
  ASSERT_NE(flaw, nullptr);
  EXPECT_EQ(flaw->matched_name, "sope");
  EXPECT_EQ(flaw->fixed, "5.8.0-1+deb12u1");
  EXPECT_EQ(flaw->sources, std::vector<std::string>{"debian-tracker"});
  // "not yet assigned" is no rating: medium, and the report says it was assumed.
  EXPECT_EQ(flaw->severity, core::Severity::kMedium);
  EXPECT_NE(flaw->severity_source.find("assumed"), std::string::npos) << flaw->severity_source;
  // The fixed version itself is not affected.
  EXPECT_EQ(find(assessment, "sope4.9-appserver", "CVE-2025-53603"), nullptr);
  EXPECT_EQ(assessment.vulnerabilities.size(), 1u);
}

// A DSA in OSV and the tracker's CVE are one flaw: one entry, both feeds named, the CVSS score
// of the OSV record used, the DSA kept as an alias.
TEST_F(Assess, TwoFeedsTellingOfOneFlawMakeOneEntry) {
  import(kData + "/debian-tracker/debian.json");
  import(write("DSA-9999-1.json", R"({"schema_version":"1.6.0","id":"DSA-9999-1",
    "modified":"2025-08-01T00:00:00Z","aliases":["CVE-2025-53603"],
    "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    "affected":[{"package":{"ecosystem":"Debian:12","name":"sope"},
      "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"5.8.0-1+deb12u1"}]}]}]})"));
  auto assessment = assess_ok(debian12({deb("libsope1", "5.8.0-1", "sope")}));
  ASSERT_EQ(assessment.vulnerabilities.size(), 1u);
  const auto& flaw = assessment.vulnerabilities.front();
  EXPECT_EQ(flaw.id, "CVE-2025-53603");
  EXPECT_EQ(flaw.aliases, std::vector<std::string>{"DSA-9999-1"});
  auto sources = flaw.sources;
  std::sort(sources.begin(), sources.end());
  EXPECT_EQ(sources, (std::vector<std::string>{"debian-tracker", "osv"}));
  EXPECT_EQ(flaw.severity, core::Severity::kCritical);
  EXPECT_EQ(flaw.severity_source, "CVSS:3.1 base 9.8");
}

// Alpine secdb names origin packages; "0" means never affected, not "fixed in 0".
TEST_F(Assess, AlpineSecdbOnOriginPackagesAndTheZeroTrap) {
  import(kData + "/alpine-secdb/v3.21-main.json");
  const auto inventory =
      inventory_of("alpine", "3.21.2", "", {installed("apk", "zlib", "1.2.12-r1")});
  auto assessment = assess_ok(inventory);
  EXPECT_EQ(assessment.ecosystem, "Alpine:v3.21");
  ASSERT_TRUE(assessment.vulnerabilities_known) << assessment.vulnerabilities_unknown_reason;
  const auto* flaw = find(assessment, "zlib", "CVE-2022-37434");
  ASSERT_NE(flaw, nullptr);
  EXPECT_EQ(flaw->fixed, "1.2.12-r2");
  // Listed under "0": never affected.
  EXPECT_EQ(find(assessment, "zlib", "CVE-2023-45853"), nullptr);
  EXPECT_EQ(find(assessment, "zlib", "CVE-2018-25032"), nullptr);  // fixed in 1.2.11-r4
}

// RPM feeds name binary packages with E:V-R fixes, CVEs in `related`, the rating in the summary.
TEST_F(Assess, AlmaLinuxOnBinaryRpmsWithTheSummaryRating) {
  import(kData + "/almalinux9/ALSA-2022-4940.json");
  // xz-libs is named by the record too, but already at the fixed version.
  const auto inventory = inventory_of(
      "almalinux", "9.0", "",
      {installed("rpm", "xz", "5.2.5-7.el9"), installed("rpm", "xz-libs", "5.2.5-8.el9_0")});
  auto assessment = assess_ok(inventory);
  EXPECT_EQ(assessment.ecosystem, "AlmaLinux:9");
  ASSERT_EQ(assessment.vulnerabilities.size(), 1u);
  const auto& flaw = assessment.vulnerabilities.front();
  EXPECT_EQ(flaw.package, "xz");
  EXPECT_EQ(flaw.id, "CVE-2022-1271");
  EXPECT_EQ(flaw.aliases, std::vector<std::string>{"ALSA-2022:4940"});
  EXPECT_EQ(flaw.fixed, "5.2.5-8.el9_0");
  EXPECT_EQ(flaw.severity, core::Severity::kHigh);
  EXPECT_NE(flaw.severity_source.find("Important"), std::string::npos) << flaw.severity_source;
}

// Red Hat records name a product stream below the release; a RHEL image knows its release.
TEST_F(Assess, RedHatProductStreamsMatchTheRelease) {
  import(write("RHSA-2099-0001.json", R"({"schema_version":"1.6.0","id":"RHSA-2099:0001",
    "modified":"2099-01-01T00:00:00Z","summary":"Important: openssl security update",
    "related":["CVE-2099-0001"],
    "affected":[{"package":{"ecosystem":"Red Hat:enterprise_linux:9::appstream","name":"openssl"},
      "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1:3.0.7-27.el9"}]}]}]})"));
  const auto assessment =
      assess_ok(inventory_of("rhel", "9.4", "",
                             {installed("rpm", "openssl", "1:3.0.7-24.el9"),
                              installed("rpm", "openssl-libs", "1:3.0.7-24.el9")}));
  EXPECT_EQ(assessment.ecosystem, "Red Hat:enterprise_linux:9");
  ASSERT_TRUE(assessment.vulnerabilities_known) << assessment.vulnerabilities_unknown_reason;
  ASSERT_EQ(assessment.vulnerabilities.size(), 1u);
  EXPECT_EQ(assessment.vulnerabilities.front().package, "openssl");
  EXPECT_EQ(assessment.vulnerabilities.front().fixed, "1:3.0.7-27.el9");
  EXPECT_EQ(assessment.vulnerabilities.front().severity, core::Severity::kHigh);
}

// Nothing imported for the release: could not look, never "no vulnerability".
TEST_F(Assess, AReleaseTheDatabaseDoesNotCoverIsNotLookedAt) {
  import(kData + "/alpine-secdb/v3.21-main.json");
  auto assessment = assess_ok(debian12({deb("bash", "5.2.15-2+b2")}));
  EXPECT_FALSE(assessment.vulnerabilities_known);
  EXPECT_NE(assessment.vulnerabilities_unknown_reason.find("Debian:12"), std::string::npos);
  EXPECT_FALSE(assessment.suites_known);
  EXPECT_NE(assessment.suites_unknown_reason.find("--packages"), std::string::npos);
  EXPECT_FALSE(assessment.support_known);
  EXPECT_FALSE(assessment.support_unknown_reason.empty());
}

TEST_F(Assess, AnUnknownOsOrNoPackageDatabaseIsNotLookedAt) {
  import(kData + "/debian-tracker/debian.json");
  image::Inventory unknown;
  unknown.os.id = "plan9";
  unknown.os.version_id = "4";
  auto assessment = assess_ok(unknown);
  EXPECT_FALSE(assessment.vulnerabilities_known);
  EXPECT_FALSE(assessment.vulnerabilities_unknown_reason.empty());
  auto empty = assess_ok(debian12({}));
  EXPECT_FALSE(empty.vulnerabilities_known);
  EXPECT_NE(empty.vulnerabilities_unknown_reason.find("package database"), std::string::npos)
      << empty.vulnerabilities_unknown_reason;
}

const OutdatedPackage* outdated(const Assessment& assessment, const std::string& package) {
  for (const auto& entry : assessment.outdated) {
    if (entry.package == package) return &entry;
  }
  return nullptr;
}

// Behind the security suite is a missing security update, even when the release suite has a
// newer point release too; behind the release only, a point release missed.
TEST_F(Assess, OutdatedAgainstTheSecurityAndReleaseSuites) {
  import(write("bookworm-security_Packages",
               "Package: libssl3\nSource: openssl\nVersion: 3.0.15-1~deb12u1\n"
               "Architecture: amd64\n\n"
               "Package: bash\nVersion: 5.2.15-2+b2\nArchitecture: amd64\n"),
         true, "Debian:12", "bookworm-security");
  import(write("bookworm_Packages",
               "Package: libssl3\nSource: openssl\nVersion: 3.0.16-1~deb12u1\n"
               "Architecture: amd64\n\n"
               "Package: tzdata\nVersion: 2025b-0+deb12u1\nArchitecture: all\n\n"
               "Package: bash\nVersion: 5.2.15-2+b2\nArchitecture: amd64\n"),
         true, "Debian:12", "bookworm");
  auto assessment = assess_ok(
      debian12({deb("libssl3", "3.0.11-1~deb12u2", "openssl"), deb("tzdata", "2024a-0+deb12u1"),
                deb("bash", "5.2.15-2+b2"), deb("local-tool", "1.0")}));
  ASSERT_TRUE(assessment.suites_known) << assessment.suites_unknown_reason;
  const auto* ssl = outdated(assessment, "libssl3");
  ASSERT_NE(ssl, nullptr);
  EXPECT_TRUE(ssl->security);
  EXPECT_EQ(ssl->suite, "bookworm-security");
  EXPECT_EQ(ssl->newer, "3.0.15-1~deb12u1");
  const auto* tz = outdated(assessment, "tzdata");
  ASSERT_NE(tz, nullptr);
  EXPECT_FALSE(tz->security);
  EXPECT_EQ(tz->newer, "2025b-0+deb12u1");
  EXPECT_EQ(outdated(assessment, "bash"), nullptr);        // up to date
  EXPECT_EQ(outdated(assessment, "local-tool"), nullptr);  // in no index
  EXPECT_EQ(assessment.outdated.size(), 2u);
}

// Debian's own lists: ended (with its last version and date) and limited, exact names and
// prefix entries ("golang.*").
TEST_F(Assess, SecuritySupportListsOfTheRelease) {
  import(kData + "/security-support/security-support-ended.deb12");
  import(kData + "/security-support/security-support-limited", false, "Debian:12");
  auto assessment = assess_ok(
      debian12({deb("pdns-server", "4.7.3-2", "pdns"), deb("binutils", "2.40-2"),
                deb("golang-1.19-go", "1.19.8-2", "golang-1.19"), deb("bash", "5.2.15-2+b2")}));
  ASSERT_TRUE(assessment.support_known) << assessment.support_unknown_reason;
  std::map<std::string, SupportGap> gaps;
  for (const auto& gap : assessment.support) gaps[gap.source_package] = gap;
  ASSERT_TRUE(gaps.contains("pdns"));
  EXPECT_TRUE(gaps["pdns"].ended);
  EXPECT_EQ(gaps["pdns"].version, "4.7.3-2");
  EXPECT_EQ(gaps["pdns"].date, "2025-10-01");
  EXPECT_EQ(gaps["pdns"].binaries, std::vector<std::string>{"pdns-server"});
  ASSERT_TRUE(gaps.contains("binutils"));
  EXPECT_FALSE(gaps["binutils"].ended);
  EXPECT_TRUE(gaps.contains("golang-1.19"));
  EXPECT_FALSE(gaps.contains("bash"));
  EXPECT_EQ(gaps.size(), 3u);
}

}  // namespace
}  // namespace hardock::vulnscan
