// Walks the check registry: metadata is complete and unique, every check's bad
// example fires and its good example does not, and every check file is listed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "hardock/audit/registry.h"
#include "hardock/core/cobit.h"

namespace hardock::audit {
namespace {

// A fragment is a snapshot document; its optional "host" member is the host part.
struct Decoded {
  docker::EngineSnapshot engine;
  std::optional<host::HostSnapshot> host;
  [[nodiscard]] const host::HostSnapshot* host_or_null() const { return host ? &*host : nullptr; }
};

Decoded decode(std::string_view fragment, std::string_view code) {
  Decoded decoded;
  auto snapshot = docker::decode_snapshot_text(fragment);
  EXPECT_TRUE(snapshot.has_value()) << code << ": " << snapshot.error().to_string();
  if (snapshot) decoded.engine = *snapshot;
  auto document = nlohmann::json::parse(fragment, nullptr, false);
  if (document.is_object() && document.contains("host")) {
    auto host = host::decode_host_snapshot(document.at("host"));
    EXPECT_TRUE(host.has_value()) << code << ": " << host.error().to_string();
    if (host) decoded.host = *host;
  }
  return decoded;
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

TEST(Registry, BadExampleFiresGoodDoesNot) {
  const AuditConfig config;
  for (const Check* check : all_checks()) {
    SCOPED_TRACE(std::string(check->info.code));
    auto bad = decode(check->bad, check->info.code);
    auto bad_findings = check->run(*check, AuditContext{bad.engine, config, bad.host_or_null()});
    EXPECT_FALSE(bad_findings.empty()) << "bad example does not fire";
    for (const auto& finding : bad_findings) {
      EXPECT_EQ(finding.check_code, check->info.code);
      EXPECT_FALSE(finding.evidence.empty());
    }
    auto good = decode(check->good, check->info.code);
    auto good_findings = check->run(*check, AuditContext{good.engine, config, good.host_or_null()});
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
