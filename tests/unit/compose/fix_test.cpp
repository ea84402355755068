// The hardened override, merged with the base file by the real docker-compose (v1.29).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compose_test_util.h"
#include "hardock/audit/run.h"
#include "hardock/compose/fix.h"

namespace hardock::compose {
namespace {

using testing::TempDir;

struct Command {
  int status = -1;
  std::string out;
  std::string err;
};

Command compose_config(const std::filesystem::path& dir, const std::string& args) {
  const auto err = dir / "stderr.txt";
  const std::string command =
      "cd '" + dir.string() + "' && docker-compose " + args + " config 2>'" + err.string() + "'";
  Command result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, read);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  result.err = text.str();
  return result;
}

const char* kBase = R"(services:
  web:
    image: nginx:1.25
    ports:
      - "80:8080"
    cap_add: [NET_ADMIN]
    user: root
    restart: always
  db:
    image: busybox:1.36
    command: sleep 3600
    privileged: true
    mem_limit: 64m
)";

TEST(ComposeFix, OverrideIsKeyedOnTheProjectAndHardensEachService) {
  TempDir dir;
  const auto base = dir.write("compose.yml", kBase);
  auto project = load_project({base.string()});
  ASSERT_TRUE(project) << project.error().to_string();
  auto fixed = hardened_override(*project);
  ASSERT_TRUE(fixed) << fixed.error().to_string();
  EXPECT_EQ(fixed->path, (dir.path() / "compose.hardened.yml").string());
  EXPECT_EQ(fixed->file.project, project->name);
  ASSERT_EQ(fixed->file.services.size(), 2U);
  EXPECT_NE(fixed->file.text.find("cap_drop"), std::string::npos) << fixed->file.text;
  // The base file's port on every interface cannot be removed by an override: named as an edit.
  EXPECT_TRUE(std::any_of(
      fixed->file.base_edits.begin(), fixed->file.base_edits.end(),
      [](const harden::BaseEdit& edit) { return edit.service == "web" && edit.field == "ports"; }));
}

TEST(ComposeFix, DockerComposeMergesTheOverrideIntoHardenedServices) {
  if (std::system("docker-compose version >/dev/null 2>&1") != 0) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL() << "docker-compose is not installed";
    GTEST_SKIP() << "docker-compose (v1) is not installed";
  }
  TempDir dir;
  const auto base = dir.write("compose.yml", kBase);
  auto project = load_project({base.string()});
  ASSERT_TRUE(project) << project.error().to_string();
  auto fixed = hardened_override(*project);
  ASSERT_TRUE(fixed) << fixed.error().to_string();
  dir.write("compose.hardened.yml", fixed->file.text);
  const Command result = compose_config(dir.path(), "-f compose.yml -f compose.hardened.yml");
  ASSERT_EQ(result.status, 0) << result.err << "\n" << fixed->file.text;
  const YAML::Node merged = YAML::Load(result.out);
  const YAML::Node web = merged["services"]["web"];
  const YAML::Node db = merged["services"]["db"];
  ASSERT_TRUE(web.IsMap()) << result.out;
  EXPECT_EQ(web["cap_drop"][0].as<std::string>(), "ALL");
  EXPECT_EQ(web["restart"].as<std::string>(), "on-failure:5");
  EXPECT_TRUE(web["pids_limit"]);
  EXPECT_TRUE(web["mem_limit"]);
  bool no_new_privileges = false;
  for (const auto& option : web["security_opt"]) {
    if (option.as<std::string>().rfind("no-new-privileges", 0) == 0) no_new_privileges = true;
  }
  EXPECT_TRUE(no_new_privileges) << result.out;
  ASSERT_TRUE(db.IsMap());
  EXPECT_FALSE(db["privileged"] && db["privileged"].as<bool>()) << result.out;

  // The merged file, linted again, no longer has the findings the override can fix.
  dir.write("merged.yml", result.out);
  auto again = load_project({(dir.path() / "merged.yml").string()});
  ASSERT_TRUE(again) << again.error().to_string();
  const Service* merged_db = again->find_service("db");
  ASSERT_NE(merged_db, nullptr);
  EXPECT_FALSE(merged_db->privileged);
  EXPECT_TRUE(merged_db->pids_limit.has_value());

  // What the override sets is no longer found; what only the base file can drop (web's port on
  // every interface, its NET_ADMIN) still is, and is listed in base_edits.
  audit::Selection selection;
  for (auto code : compose_check_codes()) selection.only.emplace_back(code);
  auto before = audit::run_audit(to_snapshot(*project), audit::AuditConfig{}, selection);
  auto after = audit::run_audit(to_snapshot(*again), audit::AuditConfig{}, selection);
  ASSERT_TRUE(before && after);
  auto fired = [](const audit::AuditResult& audited, std::string_view code,
                  const std::string& service) {
    return std::any_of(audited.findings.begin(), audited.findings.end(),
                       [&](const core::Finding& finding) {
                         return finding.check_code == code &&
                                finding.target.name.find("-" + service + "-") != std::string::npos;
                       });
  };
  for (const char* code : {"HDK-C-004", "HDK-C-007", "HDK-C-010", "HDK-C-019", "HDK-C-021"}) {
    for (const char* service : {"web", "db"}) {
      if (fired(*after, code, service)) {
        ADD_FAILURE() << code << " still fires on " << service << " after the override";
      }
    }
  }
  EXPECT_TRUE(fired(*before, "HDK-C-004", "db"));  // the test can fail: it did fire before
  EXPECT_TRUE(fired(*before, "HDK-C-010", "web"));
  EXPECT_TRUE(fired(*after, "HDK-N-004", "web"));  // "80:8080" stays: a base edit
}

}  // namespace
}  // namespace hardock::compose
