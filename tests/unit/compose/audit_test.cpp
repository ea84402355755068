// The audit's own checks on to_snapshot(): each bad key's finding at its line, none on a
// hardened file.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "compose_test_util.h"
#include "hardock/audit/registry.h"
#include "hardock/audit/run.h"
#include "hardock/compose/project.h"

namespace hardock::compose {

extern const std::array<std::pair<std::string_view, std::string_view>, 6> kComposeExcludedChecks;

namespace {

using testing::fixture;

struct Located {
  std::string code;
  std::string target;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator<(const Located& a, const Located& b) {
    return std::tie(a.code, a.target, a.line, a.column) <
           std::tie(b.code, b.target, b.line, b.column);
  }
};

std::vector<core::Finding> audit(const ComposeProject& project) {
  const docker::EngineSnapshot snapshot = to_snapshot(project);
  for (const auto& error : snapshot.errors) ADD_FAILURE() << error.what << ": " << error.message;
  EXPECT_EQ(snapshot.containers.size(), project.services.size());
  audit::Selection selection;
  for (auto code : compose_check_codes()) selection.only.emplace_back(code);
  audit::AuditConfig config;
  auto result = audit::run_audit(snapshot, config, selection);
  EXPECT_TRUE(result) << (result ? "" : result.error().to_string());
  if (!result) return {};
  for (const auto& check : result->checks) {
    EXPECT_NE(check.outcome, audit::Outcome::kNotRun) << check.check->info.code;
    EXPECT_NE(check.outcome, audit::Outcome::kError) << check.check->info.code;
  }
  std::vector<core::Finding> findings = result->findings;
  for (auto& finding : findings) annotate(project, finding);
  return findings;
}

std::set<Located> located(const std::vector<core::Finding>& findings) {
  std::set<Located> out;
  for (const auto& finding : findings) {
    out.insert({std::string(finding.check_code), finding.target.name, finding.location.line,
                finding.location.column});
  }
  return out;
}

TEST(ComposeAudit, CheckListCoversEveryContainerAndNetworkCheck) {
  std::set<std::string_view> listed(compose_check_codes().begin(), compose_check_codes().end());
  EXPECT_EQ(listed.size(), compose_check_codes().size()) << "duplicate code";
  for (const auto& [code, why] : kComposeExcludedChecks) {
    EXPECT_FALSE(listed.contains(code)) << code;
    EXPECT_FALSE(why.empty());
    listed.insert(code);
  }
  for (const audit::Check* check : audit::all_checks()) {
    const auto kind = check->info.target_kind;
    if (kind != core::TargetKind::kContainer && kind != core::TargetKind::kNetwork) continue;
    if (check->needs != audit::Input::kEngine) continue;
    if (check->info.code.rfind("HDK-E-", 0) == 0) continue;  // engine housekeeping, not config
    EXPECT_TRUE(listed.contains(check->info.code))
        << check->info.code << " is neither judged on Compose files nor excluded with a reason";
  }
  for (auto code : compose_check_codes()) {
    EXPECT_TRUE(std::any_of(audit::all_checks().begin(), audit::all_checks().end(),
                            [&](const audit::Check* check) { return check->info.code == code; }))
        << code << " is no check";
  }
}

TEST(ComposeAudit, EachBadKeyIsFoundAtItsLine) {
  auto project = load_project({fixture("bad/compose.yml")});
  ASSERT_TRUE(project) << project.error().to_string();
  const auto findings = audit(*project);
  const std::set<Located> got = located(findings);
  const std::vector<Located> expected = {
      {"HDK-C-003", "shop-web-1", 6, 9},    // cap_add NET_ADMIN
      {"HDK-C-023", "shop-web-1", 9, 9},    // docker.sock volume
      {"HDK-C-005", "shop-web-1", 10, 9},   // /etc bind (long syntax)
      {"HDK-N-004", "shop-web-1", 15, 9},   // "8080:8080" on every interface
      {"HDK-N-001", "shop-web-1", 16, 9},   // host port 80
      {"HDK-C-016", "shop-web-1", 18, 9},   // seccomp:unconfined
      {"HDK-C-026", "shop-web-1", 21, 7},   // DB_PASSWORD
      {"HDK-C-024", "shop-web-1", 22, 5},   // user: root
      {"HDK-C-010", "shop-web-1", 23, 5},   // restart: always
      {"HDK-C-007", "shop-web-1", 3, 3},    // no memory limit: the service's key
      {"HDK-C-009", "shop-web-1", 3, 3},    // no read_only
      {"HDK-C-019", "shop-web-1", 17, 5},   // security_opt without no-new-privileges
      {"HDK-C-004", "shop-tool-1", 26, 5},  // privileged
      {"HDK-N-003", "shop-tool-1", 27, 5},  // network_mode: host
      {"HDK-C-011", "shop-tool-1", 28, 5}, {"HDK-C-012", "shop-tool-1", 29, 5},
      {"HDK-C-015", "shop-tool-1", 30, 5}, {"HDK-C-022", "shop-tool-1", 31, 5},
      {"HDK-C-018", "shop-tool-1", 32, 5}, {"HDK-C-013", "shop-tool-1", 34, 9},
      {"HDK-C-009", "shop-tool-1", 35, 5},  // read_only: false
      {"HDK-C-024", "shop-tool-1", 24, 3},  // no user: the service's key
      {"HDK-N-006", "shop_default", 3, 3},  // the implicit default network: icc on
  };
  for (const auto& want : expected) {
    EXPECT_TRUE(got.contains(want))
        << want.code << " " << want.target << " at " << want.line << ":" << want.column;
  }
  for (const auto& finding : findings) {
    EXPECT_EQ(finding.location.file, fixture("bad/compose.yml"))
        << finding.check_code << " " << finding.target.name << " " << finding.evidence;
    EXPECT_GT(finding.location.line, 0U) << finding.check_code;
    if (finding.check_code == "HDK-C-024" && finding.target.name == "shop-tool-1") {
      EXPECT_NE(finding.evidence.find("the image's USER decides"), std::string::npos)
          << finding.evidence;
    }
  }
}

TEST(ComposeAudit, HardenedFileHasNoFinding) {
  auto project = load_project({fixture("good/compose.yml")});
  ASSERT_TRUE(project) << project.error().to_string();
  const auto findings = audit(*project);
  for (const auto& finding : findings) {
    ADD_FAILURE() << finding.check_code << " " << finding.target.name << ": " << finding.evidence
                  << " at " << finding.location.line;
  }
}

TEST(ComposeAudit, SnapshotCarriesComposeLabelsAndNetworks) {
  auto project = load_project({fixture("good/compose.yml")});
  ASSERT_TRUE(project);
  const auto snapshot = to_snapshot(*project);
  ASSERT_EQ(snapshot.containers.size(), 1U);
  const auto& web = snapshot.containers[0];
  EXPECT_EQ(web.name, "shop-web-1");
  EXPECT_EQ(web.labels.at("com.docker.compose.project"), "shop");
  EXPECT_EQ(web.labels.at("com.docker.compose.service"), "web");
  EXPECT_EQ(web.labels.at("com.docker.compose.project.working_dir"), project->working_dir);
  EXPECT_EQ(web.labels.at("com.docker.compose.project.config_files"), fixture("good/compose.yml"));
  EXPECT_EQ(web.memory, 256 << 20);
  EXPECT_EQ(web.nano_cpus, 500'000'000);
  ASSERT_TRUE(web.pids_limit);
  EXPECT_EQ(*web.pids_limit, 100);
  EXPECT_EQ(web.restart_policy.name, "on-failure");
  EXPECT_EQ(web.restart_policy.maximum_retry_count, 5);
  ASSERT_EQ(web.port_bindings.size(), 1U);
  EXPECT_EQ(web.port_bindings[0].container_port, "8080/tcp");
  EXPECT_EQ(web.port_bindings[0].bindings.at(0).host_ip, "127.0.0.1");
  ASSERT_EQ(web.networks.size(), 1U);
  EXPECT_EQ(web.networks[0].name, "shop_front");
  ASSERT_EQ(snapshot.networks.size(), 1U);
  EXPECT_EQ(snapshot.networks[0].labels.at("hardock.sensitivity"), "public");
  EXPECT_EQ(web.tmpfs.count("/tmp"), 1U);
  ASSERT_EQ(web.mounts.size(), 2U);
  EXPECT_EQ(web.mounts[1].type, "volume");
  EXPECT_EQ(web.mounts[1].name, "shop_data");
}

TEST(ComposeAudit, SecretInAnEnvFileIsLocatedThere) {
  testing::TempDir dir;
  dir.write("app.env",
            "# settings\nMODE=prod\nAPI_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n");
  const auto file = dir.write("compose.yml", R"(services:
  app:
    image: x
    env_file: app.env
)");
  auto project = load_project({file.string()});
  ASSERT_TRUE(project) << project.error().to_string();
  const auto findings = audit(*project);
  bool found = false;
  for (const auto& finding : findings) {
    if (finding.check_code != "HDK-C-026") continue;
    found = true;
    EXPECT_EQ(finding.location.file, (dir.path() / "app.env").string());
    EXPECT_EQ(finding.location.line, 3U);
  }
  EXPECT_TRUE(found);
  // A missing env_file is an error naming the compose file's line, as Compose refuses it.
  dir.write("broken.yml", "services:\n  app:\n    image: x\n    env_file: [missing.env]\n");
  auto broken = load_project({(dir.path() / "broken.yml").string()});
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("broken.yml:4:16:"), std::string::npos)
      << broken.error().message;
}

TEST(ComposeAudit, ServiceNamespacesAndExternalNetworks) {
  auto project = load_project_texts({{"p/compose.yml", R"(services:
  db:
    image: x
    networks: [shared]
  sidecar:
    image: x
    pid: "service:db"
    network_mode: "service:db"
networks:
  shared:
    external: true
    name: corp-net
)"}});
  ASSERT_TRUE(project) << project.error().to_string();
  const auto snapshot = to_snapshot(*project);
  EXPECT_TRUE(snapshot.networks.empty()) << "an external network's settings are not in the files";
  const auto* sidecar = snapshot.find_container("p-sidecar-1");
  ASSERT_NE(sidecar, nullptr);
  EXPECT_EQ(sidecar->pid_mode, "container:p-db-1");
  EXPECT_EQ(sidecar->network_mode, "container:p-db-1");
  const auto* db = snapshot.find_container("p-db-1");
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(db->networks.size(), 1U);
  EXPECT_EQ(db->networks[0].name, "corp-net");
  bool shared_pid = false;
  for (const auto& finding : audit(*project)) {
    if (finding.check_code != "HDK-C-011") continue;
    shared_pid = finding.evidence.find("p-db-1") != std::string::npos;
    EXPECT_EQ(finding.location.line, 7U);
  }
  EXPECT_TRUE(shared_pid);
}

TEST(ComposeAudit, EncryptedOverlayAndSensitivityZones) {
  auto project = load_project_texts({{"t/compose.yml", R"(services:
  api:
    image: x
    labels: [hardock.sensitivity=restricted]
    networks: [front, back]
  web:
    image: x
    labels:
      hardock.sensitivity: public
    networks: [front]
networks:
  front:
    driver: overlay
    labels: {hardock.sensitivity: public}
  back:
    driver: overlay
    driver_opts:
      encrypted: ""
    labels:
      hardock.sensitivity: secret
)"}});
  ASSERT_TRUE(project) << project.error().to_string();
  const auto got = located(audit(*project));
  EXPECT_TRUE(got.contains({"HDK-N-007", "t_front", 13, 5}));  // overlay without encrypted
  EXPECT_FALSE(got.contains({"HDK-N-007", "t_back", 17, 5}));
  EXPECT_TRUE(got.contains({"HDK-N-008", "t_front", 12, 3}));  // public and restricted members
  EXPECT_TRUE(got.contains({"HDK-N-012", "t_back", 20, 7}));   // "secret" is no level
  bool none_on_back_encryption = true;
  for (const auto& entry : got) {
    if (entry.code == "HDK-N-007" && entry.target == "t_back") none_on_back_encryption = false;
  }
  EXPECT_TRUE(none_on_back_encryption);
}

}  // namespace
}  // namespace hardock::compose
