// Walks the check registry: metadata is complete and unique, every check's bad
// example fires and its good example does not, and every check file is listed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "hardock/audit/cis.h"
#include "hardock/audit/registry.h"
#include "hardock/core/cobit.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/shellcheck/shellcheck.h"
#include "image_fragment.h"

namespace hardock::audit {
namespace {

// A fragment is a snapshot document; its optional "host" member is the host part.
struct Decoded {
  docker::EngineSnapshot engine;
  bool engine_present = false;  // the fragment has an engine part
  test::ImageFragment images;   // its "image_subjects"
  std::optional<host::HostSnapshot> host;
  std::vector<dockerfile::DockerfileSubject> dockerfiles;  // a Dockerfile check's example
  [[nodiscard]] const host::HostSnapshot* host_or_null() const { return host ? &*host : nullptr; }
  [[nodiscard]] const std::vector<image::ImageSubject>* images_or_null() const {
    return images.present ? &images.subjects : nullptr;
  }
};

// A Dockerfile check's examples are Dockerfiles; every other check's, snapshot documents.
Decoded decode(const Check& check, std::string_view fragment) {
  Decoded decoded;
  const std::string_view code = check.info.code;
  if (check.needs == Input::kDockerfile) {
    decoded.dockerfiles.push_back(dockerfile::make_subject("Dockerfile", fragment));
    // HDK-B-060 reports ShellCheck's notes, which `lint --shellcheck` makes before the checks
    // run: its examples are linted with the real shellcheck (scripts/install-deps.sh).
    if (code == "HDK-B-060") {
      auto checked = shellcheck::run_shellcheck(decoded.dockerfiles.back());
      EXPECT_TRUE(checked.has_value()) << code << ": " << checked.error().to_string();
    }
    return decoded;
  }
  if (check.needs == Input::kPolicy) return decoded;  // an audit config: see policy_config()
  auto snapshot = docker::decode_snapshot_text(fragment);
  EXPECT_TRUE(snapshot.has_value()) << code << ": " << snapshot.error().to_string();
  if (snapshot) decoded.engine = *snapshot;
  auto document = nlohmann::json::parse(fragment, nullptr, false);
  for (const char* part :
       {"endpoint", "info", "version", "containers", "networks", "images", "errors"}) {
    decoded.engine_present = decoded.engine_present || document.contains(part);
  }
  test::decode_images(document, decoded.images);
  if (document.is_object() && document.contains("host")) {
    auto host = host::decode_host_snapshot(document.at("host"));
    EXPECT_TRUE(host.has_value()) << code << ": " << host.error().to_string();
    if (host) decoded.host = *host;
  }
  return decoded;
}

// A policy check's examples are audit config documents, judged on 2026-06-01.
AuditConfig policy_config(const Check& check, std::string_view fragment) {
  auto config = parse_audit_config(fragment, std::string(check.info.code));
  EXPECT_TRUE(config.has_value()) << check.info.code << ": " << config.error().to_string();
  AuditConfig out = config ? *config : AuditConfig{};
  out.today = "2026-06-01";
  return out;
}

TEST(Registry, MetadataIsCompleteAndUnique) {
  std::set<std::string_view> codes;
  std::set<std::string_view> slugs;
  ASSERT_FALSE(all_checks().empty());
  for (const Check* check : all_checks()) {
    const auto& info = check->info;
    SCOPED_TRACE(std::string(info.code));
    EXPECT_TRUE(std::regex_match(std::string(info.code), std::regex("HDK-[A-Z]-[0-9]{3}")));
    EXPECT_TRUE(codes.insert(info.code).second) << "duplicate code";
    EXPECT_TRUE(slugs.insert(info.slug).second) << "duplicate slug";
    EXPECT_FALSE(info.slug.empty());
    EXPECT_FALSE(info.title.empty());
    EXPECT_FALSE(info.description.empty());
    EXPECT_FALSE(info.remediation.empty());
    EXPECT_TRUE(core::find_cobit_practice(info.cobit).has_value()) << info.cobit;
    EXPECT_NE(check->run, nullptr);
    EXPECT_EQ(find_check(info.code), check);
    EXPECT_EQ(find_check(info.slug), check);
  }
}

// CIS references are v1.6.0 ids that exist, and a description that says "CIS x.y" cites one of
// the check's own items.
TEST(Registry, CisReferencesAreExactV160Ids) {
  const std::regex cited(R"(CIS ([0-9]+(\.[0-9]+)+))");
  for (const Check* check : all_checks()) {
    const auto& info = check->info;
    SCOPED_TRACE(std::string(info.code));
    const auto ids = split_cis(info.cis);
    for (std::string_view id : ids) {
      const CisItem* item = find_cis_item(id);
      ASSERT_NE(item, nullptr) << "CIS " << id << " is not a v1.6.0 item";
      EXPECT_NE(item->kind, CisKind::kSection) << "CIS " << id << " is a section, not an item";
    }
    for (const std::string& text :
         {std::string(info.title), std::string(info.description), std::string(info.remediation)}) {
      for (std::sregex_iterator it(text.begin(), text.end(), cited), end; it != end; ++it) {
        const std::string id = (*it)[1].str();
        EXPECT_NE(find_cis_item(id), nullptr) << "cites CIS " << id << ", not a v1.6.0 id";
        EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end())
            << "cites CIS " << id << ", which is not one of its own items (" << info.cis << ")";
      }
    }
  }
}

// Within each area (the letter of the code), codes follow the registry order: a new check takes
// the next number, a retired one leaves a gap (its code stays an alias of the check it joined).
TEST(Registry, CodesIncreaseWithinEachArea) {
  std::map<char, std::string_view> last;
  for (const Check* check : all_checks()) {
    const char area = check->info.code[4];
    if (auto it = last.find(area); it != last.end()) {
      EXPECT_LT(it->second, check->info.code) << "out of order";
    }
    last[area] = check->info.code;
  }
}

// docs/checks.md shows every item with its deciding checks or why none decides it: each item
// has exactly one of the two.
TEST(CisTable, EveryItemIsDecidedOrExplainedNeverBoth) {
  std::set<std::string_view> decided;
  for (const Check* check : all_checks()) {
    for (std::string_view id : split_cis(check->info.cis)) decided.insert(id);
  }
  for (const auto& item : cis_items()) {
    SCOPED_TRACE(std::string(item.id));
    if (item.kind == CisKind::kSection) {
      EXPECT_TRUE(cis_gap(item.id).empty());
      continue;
    }
    EXPECT_NE(decided.contains(item.id), !cis_gap(item.id).empty())
        << (decided.contains(item.id) ? "decided by a check and also explained as a gap"
                                      : "neither decided by a check nor explained");
  }
}

TEST(CisTable, HoldsEverySectionOneToSevenInOrder) {
  const auto items = cis_items();
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items.front().id, "1");
  EXPECT_NE(find_cis_item("5.32"), nullptr);
  EXPECT_EQ(find_cis_item("5.32")->title,
            "Ensure that the Docker socket is not mounted inside any containers");
  EXPECT_EQ(find_cis_item("2.7")->title,
            "Ensure TLS authentication for Docker daemon is configured");
  EXPECT_EQ(find_cis_item("5.33"), nullptr);
  EXPECT_EQ(find_cis_item("8.1"), nullptr);
  std::set<std::string_view> ids;
  int automated = 0;
  int manual = 0;
  for (const auto& item : items) {
    EXPECT_TRUE(ids.insert(item.id).second) << "duplicate " << item.id;
    EXPECT_FALSE(item.title.empty()) << item.id;
    if (item.kind == CisKind::kAutomated) ++automated;
    if (item.kind == CisKind::kManual) ++manual;
  }
  EXPECT_GT(automated, manual);  // v1.6.0 marks most items automated
}

TEST(Registry, BadExampleFiresGoodDoesNot) {
  const AuditConfig default_config;
  // A Dockerfile's base registry is judged only against a configured allow list (HDK-D-004).
  AuditConfig dockerfile_config;
  dockerfile_config.trusted_registries = {"docker.io"};
  for (const Check* check : all_checks()) {
    SCOPED_TRACE(std::string(check->info.code));
    const AuditConfig& config =
        check->needs == Input::kDockerfile ? dockerfile_config : default_config;
    const AuditConfig bad_config =
        check->needs == Input::kPolicy ? policy_config(*check, check->bad) : config;
    auto bad = decode(*check, check->bad);
    auto bad_findings = check->run(
        *check, AuditContext{bad.engine, bad_config, bad.host_or_null(), bad.engine_present,
                             bad.images_or_null(), &bad.dockerfiles});
    EXPECT_FALSE(bad_findings.empty()) << "bad example does not fire";
    const auto ids = split_cis(check->info.cis);
    for (const auto& finding : bad_findings) {
      EXPECT_EQ(finding.check_code, check->info.code);
      EXPECT_FALSE(finding.evidence.empty());
      // A Dockerfile finding points at its line.
      if (check->needs == Input::kDockerfile && finding.status == core::FindingStatus::kFail) {
        EXPECT_EQ(finding.location.file, "Dockerfile");
        EXPECT_GT(finding.location.line, 0u);
        EXPECT_GT(finding.location.column, 0u);
      }
      // One exact id per finding, one of the check's own.
      if (ids.empty()) {
        EXPECT_TRUE(finding.cis.empty()) << finding.cis;
      } else if (finding.status == core::FindingStatus::kFail) {
        EXPECT_NE(std::find(ids.begin(), ids.end(), finding.cis), ids.end())
            << "finding cites '" << finding.cis << "'";
      }
    }
    const AuditConfig good_config =
        check->needs == Input::kPolicy ? policy_config(*check, check->good) : config;
    auto good = decode(*check, check->good);
    auto good_findings = check->run(
        *check, AuditContext{good.engine, good_config, good.host_or_null(), good.engine_present,
                             good.images_or_null(), &good.dockerfiles});
    EXPECT_TRUE(good_findings.empty())
        << "good example fires: " << (good_findings.empty() ? "" : good_findings[0].evidence);
  }
}

TEST(Registry, EveryCheckFileIsRegistered) {
  const std::filesystem::path root =
      std::filesystem::path(HARDOCK_SOURCE_DIR) / "src/hardock/audit/checks";
  const std::regex code_pattern(R"re(\.code\s*=\s*"(HDK-[A-Z]-[0-9]{3})")re");
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".cpp") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::smatch match;
    const std::string content = text.str();
    ASSERT_TRUE(std::regex_search(content, match, code_pattern)) << entry.path();
    EXPECT_NE(find_check(match[1].str()), nullptr)
        << entry.path() << " defines " << match[1] << " but registry.cpp does not list it";
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace hardock::audit
