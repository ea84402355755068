// The check catalogue (`hardock checks`, docs/checks.md) over the real registry
// and over the local test checks.
#include <nlohmann/json.hpp>
#include <set>

#include "fixture.h"
#include "hardock/audit/registry.h"

namespace hardock::report {
namespace {

using testing::contains;
using testing::count;

const std::vector<const audit::Check*> kLocalChecks = {
    &testing::kCriticalContainer, &testing::kMediumDaemon, &testing::kLowMonitoring,
    &testing::kHighNetwork};

TEST(CatalogueMarkdown, SummaryRowAndSectionPerRegisteredCheck) {
  const auto checks = audit::all_checks();
  ASSERT_FALSE(checks.empty());
  const std::string markdown = render_catalogue(CatalogueFormat::kMarkdown, checks);
  EXPECT_TRUE(markdown.starts_with("# hardock checks\n"));
  EXPECT_TRUE(contains(markdown, "hardock runs " + std::to_string(checks.size()) + " checks."));
  std::set<std::string> anchors;
  for (const audit::Check* check : checks) {
    const std::string code(check->info.code);
    EXPECT_EQ(count(markdown, "## " + code + ": "), 1U) << code;
    // The summary row, and its row in the by-domain table.
    EXPECT_EQ(count(markdown, "\n| [" + code + "](#"), 2U) << code;
    std::string anchor;
    for (char c : code) anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(contains(markdown, "<a id=\"" + anchor + "\"></a>")) << code;
    EXPECT_TRUE(anchors.insert(anchor).second) << "duplicate anchor " << anchor;
  }
  // Summary table before the first section, in the order given.
  const std::string first(checks.front()->info.code);
  const std::string last(checks.back()->info.code);
  EXPECT_LT(markdown.find("| [" + last + "]"), markdown.find("## " + first + ": "));
}

// Per CIS item: its title and the checks deciding it, or why none does.
TEST(CatalogueMarkdown, CisItemsWithTheirChecksOrWhyNot) {
  const std::string markdown = render_catalogue(CatalogueFormat::kMarkdown, audit::all_checks());
  EXPECT_TRUE(contains(markdown, "## CIS Docker Benchmark v1.6.0\n"));
  EXPECT_TRUE(contains(markdown,
                       "| 5.5 | Ensure that privileged containers are not used | automated | "
                       "[HDK-C-004](#hdk-c-004) |"));
  EXPECT_TRUE(contains(markdown,
                       "| 5.23 | Ensure that docker exec commands are not used with the "
                       "privileged option | automated | [HDK-C-017](#hdk-c-017) |"));
  EXPECT_TRUE(contains(markdown,
                       "| 7.1 | Ensure that the minimum number of manager nodes have "
                       "been created in a swarm | automated | not decided: "));
  EXPECT_TRUE(contains(markdown, "| **5** | **Container Runtime** | | |"));
}

TEST(CatalogueMarkdown, IsByteStableAndEndsWithOneNewline) {
  const std::string once = render_catalogue(CatalogueFormat::kMarkdown, audit::all_checks());
  EXPECT_EQ(once, render_catalogue(CatalogueFormat::kMarkdown, audit::all_checks()));
  ASSERT_GE(once.size(), 2U);
  EXPECT_EQ(once.back(), '\n');
  EXPECT_NE(once[once.size() - 2], '\n');
  EXPECT_FALSE(contains(once, "0.1.0"));  // no version: docs change only with checks
}

TEST(CatalogueMarkdown, SectionCarriesEveryField) {
  const std::string markdown = render_catalogue(CatalogueFormat::kMarkdown, kLocalChecks);
  EXPECT_TRUE(contains(markdown,
                       "| [TST-C-001](#tst-c-001) | Container runs privileged | critical | "
                       "container | 5.4 | DSS05.03 | security |"));
  EXPECT_TRUE(contains(markdown,
                       "| [TST-D-002](#tst-d-002) | daemon.json is unreadable | medium | "
                       "daemon | – | BAI10.02 | change |"));
  EXPECT_TRUE(contains(markdown,
                       "## TST-C-001: Container runs privileged\n\n"
                       "- **Slug:** `test-privileged` (formerly `old-privileged`, "
                       "`older-privileged`)\n"
                       "- **Severity:** critical\n"
                       "- **Target:** container\n"
                       "- **CIS Docker Benchmark:** 5.4\n"
                       "- **COBIT 2019:** DSS05.03 Manage endpoint security; objective "
                       "DSS05 Managed Security Services; domain Security management "
                       "(APO13, DSS05)\n\n"
                       "Privileged containers are root on the host.\n\n"
                       "**Remediation:** Recreate without --privileged \\| use "
                       "--cap-add \\<CAP\\>.\n"));
  EXPECT_TRUE(contains(markdown, "- **CIS Docker Benchmark:** none\n"));
}

TEST(CatalogueJson, ListsEveryCheckWithItsFields) {
  const auto json = nlohmann::json::parse(render_catalogue(CatalogueFormat::kJson, kLocalChecks));
  EXPECT_EQ(json["schema"], "hardock.checks/2");
  ASSERT_EQ(json["checks"].size(), 4U);
  const auto& first = json["checks"][0];
  EXPECT_EQ(first["code"], "TST-C-001");
  EXPECT_EQ(first["slug"], "test-privileged");
  EXPECT_EQ(first["aliases"], nlohmann::json::array({"old-privileged", "older-privileged"}));
  EXPECT_EQ(first["title"], "Container runs privileged");
  EXPECT_EQ(first["severity"], "critical");
  EXPECT_EQ(first["target_kind"], "container");
  EXPECT_EQ(first["cis"], "5.4");
  EXPECT_EQ(first["cobit"]["practice"], "DSS05.03");
  EXPECT_EQ(first["cobit"]["objective"], "DSS05");
  EXPECT_EQ(first["cobit"]["domain"], "security");
  EXPECT_EQ(first["description"], "Privileged containers are root on the host.");
  EXPECT_EQ(first["remediation"], "Recreate without --privileged | use --cap-add <CAP>.");
  EXPECT_EQ(json["checks"][1]["cis"], nullptr);
  EXPECT_EQ(json["checks"][1]["aliases"], nlohmann::json::array());
}

TEST(CatalogueJson, CoversTheRegistry) {
  const auto json =
      nlohmann::json::parse(render_catalogue(CatalogueFormat::kJson, audit::all_checks()));
  EXPECT_EQ(json["checks"].size(), audit::all_checks().size());
}

TEST(CatalogueTable, ListsCodesWithWhyAndFix) {
  const std::string table = render_catalogue(CatalogueFormat::kTable, kLocalChecks);
  EXPECT_TRUE(table.starts_with("CODE "));
  for (const audit::Check* check : kLocalChecks) {
    EXPECT_TRUE(contains(table, check->info.code)) << check->info.code;
    EXPECT_TRUE(contains(table, check->info.slug)) << check->info.slug;
  }
  EXPECT_TRUE(contains(table,
                       "TST-C-001  critical  container  5.4   DSS05.03  security    "
                       "test-privileged\n"));
  EXPECT_TRUE(contains(table, "why: Privileged containers are root on the host.\n"));
  EXPECT_TRUE(contains(table, "fix: Recreate without --privileged | use --cap-add <CAP>.\n"));
  EXPECT_TRUE(contains(table, "4 checks."));
}

}  // namespace
}  // namespace hardock::report
