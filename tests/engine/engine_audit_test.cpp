// hardock against a real private dockerd (scripts/test.sh starts it and sets
// HARDOCK_TEST_DOCKER_HOST; tests/engine/setup-workloads.sh creates the t-*
// containers as a ctest fixture). Asserts the exact findings per container,
// that the hardened container raises none, and that an offline audit of a
// saved snapshot finds exactly what the live audit found.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "hardock/audit/run.h"
#include "hardock/docker/collector.h"
#include "hardock/docker/endpoint.h"
#include "hardock/docker/engine_client.h"

namespace hardock {
namespace {

using Codes = std::set<std::string>;

std::string engine_host() {
  const char* host = std::getenv("HARDOCK_TEST_DOCKER_HOST");
  return host == nullptr ? std::string() : std::string(host);
}

class EngineAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    // `audit --images` caches image analyses under $XDG_CACHE_HOME/hardock: keep the tests' out
    // of the home directory of whoever runs them.
    ::setenv("XDG_CACHE_HOME",
             (std::string(::testing::TempDir()) + "hardock-xdg-cache-" + std::to_string(getpid()))
                 .c_str(),
             1);
    host_ = engine_host();
    ASSERT_FALSE(host_.empty()) << "HARDOCK_TEST_DOCKER_HOST is not set: run scripts/test.sh, "
                                   "or exclude these tests with ctest -LE engine";
  }

  nlohmann::json collect(bool allow_proc) {
    docker::EndpointOptions endpoint_options;
    endpoint_options.host = host_;
    auto endpoint = docker::resolve_endpoint(endpoint_options);
    EXPECT_TRUE(endpoint.has_value()) << endpoint.error().to_string();
    auto client = docker::EngineClient::connect(*endpoint);
    EXPECT_TRUE(client.has_value()) << client.error().to_string();
    docker::CollectOptions options;
    options.allow_proc = allow_proc;
    auto document = docker::collect_snapshot_document(*client, options);
    EXPECT_TRUE(document.has_value()) << document.error().to_string();
    return *document;
  }

  static audit::AuditResult audit_document(const nlohmann::json& document) {
    auto snapshot = docker::decode_snapshot(document);
    EXPECT_TRUE(snapshot.has_value()) << snapshot.error().to_string();
    auto result = audit::run_audit(*snapshot, audit::AuditConfig{}, audit::Selection{});
    EXPECT_TRUE(result.has_value());
    return *result;
  }

  // Target name -> failing check codes, for targets of one kind.
  static std::map<std::string, Codes> codes_by_target(const audit::AuditResult& result,
                                                      core::TargetKind kind) {
    std::map<std::string, Codes> out;
    for (const auto& finding : result.findings) {
      if (finding.target.kind != kind || finding.status != core::FindingStatus::kFail) continue;
      out[finding.target.name].insert(std::string(finding.check_code));
    }
    return out;
  }

  std::string host_;
};

Codes operator+(Codes left, const Codes& right) {
  left.insert(right.begin(), right.end());
  return left;
}

Codes operator-(Codes left, const std::string& code) {
  left.erase(code);
  return left;
}

// What every container created with Docker's defaults fails: no memory, CPU or
// PIDs limit, writable root, no no-new-privileges, default capabilities kept (HDK-C-003, CIS 5.4).
const Codes kDefaults = {"HDK-C-003", "HDK-C-007", "HDK-C-008",
                         "HDK-C-009", "HDK-C-019", "HDK-C-021"};
// The busybox test image runs as root and has no HEALTHCHECK (the web image has both).
const Codes kBusybox = kDefaults + Codes{"HDK-C-020", "HDK-C-024"};
// On the default bridge, without a sensitivity label.
const Codes kDefaultBridge = {"HDK-N-005", "HDK-N-011"};

TEST_F(EngineAudit, ExactFindingsPerContainer) {
  const auto result = audit_document(collect(/*allow_proc=*/true));
  auto actual = codes_by_target(result, core::TargetKind::kContainer);

  const std::map<std::string, Codes> expected = {
      {"t-privileged",  // privileged: the capability checks defer to HDK-C-004
       kBusybox + kDefaultBridge + Codes{"HDK-C-004"} - "HDK-C-003"},
      {"t-capadd", kBusybox + kDefaultBridge + Codes{"HDK-C-003"}},
      {"t-sensitive-mount", kBusybox + kDefaultBridge + Codes{"HDK-C-005"}},
      {"t-hostnet", kBusybox + Codes{"HDK-N-003", "HDK-N-011"}},
      {"t-hostpid", kBusybox + kDefaultBridge + Codes{"HDK-C-011"}},
      {"t-hostipc", kBusybox + kDefaultBridge + Codes{"HDK-C-012"}},
      {"t-hostuts", kBusybox + kDefaultBridge + Codes{"HDK-C-015"}},
      {"t-device", kBusybox + kDefaultBridge + Codes{"HDK-C-013"}},
      {"t-seccomp-unconfined", kBusybox + kDefaultBridge + Codes{"HDK-C-016"}},
      {"t-root", kBusybox + kDefaultBridge},
      {"t-sshd", kBusybox + kDefaultBridge + Codes{"HDK-C-006"}},
      {"t-exec", kBusybox + kDefaultBridge + Codes{"HDK-C-017"}},
      {"t-restart-always", kBusybox + kDefaultBridge + Codes{"HDK-C-010"}},
      {"t-default-bridge", kBusybox + kDefaultBridge},
      {"t-docker-sock", kBusybox + kDefaultBridge + Codes{"HDK-C-023"}},
      {"t-propagation", kBusybox + kDefaultBridge + Codes{"HDK-C-014"}},
      {"t-privport", kDefaults + kDefaultBridge + Codes{"HDK-N-001"}},
      {"t-allif", kDefaults + kDefaultBridge + Codes{"HDK-N-004"}},
      {"t-notexposed", kBusybox + kDefaultBridge + Codes{"HDK-N-002"}},
      {"t-public-web", kDefaults},
      {"t-restricted-db", kBusybox},
      {"t-bridger", kBusybox + Codes{"HDK-N-009"}},
      {"t-unlabelled", kBusybox + Codes{"HDK-N-011"}},
  };
  for (const auto& [name, codes] : expected) {
    EXPECT_EQ(actual[name], codes) << "container " << name;
  }
  // The hardened container (cap-drop ALL, no-new-privileges, read-only, user
  // 1000, limits, healthcheck, on-failure:5, own network, loopback port) raises
  // nothing. AppArmor/SELinux checks do not apply: this kernel has neither LSM.
  EXPECT_EQ(actual["t-hardened"], Codes{}) << "t-hardened must raise no finding";
  for (const auto& [name, codes] : actual) {
    if (name.rfind("t-", 0) != 0) continue;
    EXPECT_TRUE(expected.contains(name) || name == "t-hardened") << "unexpected container " << name;
  }
}

// CIS 5.23 and 5.24 from the exec sessions the engine still knows: setup-workloads.sh leaves one
// `docker exec --privileged` and one `docker exec -u root` running in t-exec. Each session is
// inspected (GET /exec/{id}/json); one finding per item, none could-not-check.
TEST_F(EngineAudit, ExecSessionsCiteCis523And524) {
  const nlohmann::json document = collect(/*allow_proc=*/true);
  const auto result = audit_document(document);
  std::map<std::string, std::string> evidence_by_cis;
  for (const auto& finding : result.findings) {
    if (finding.check_code != "HDK-C-017" || finding.target.name != "t-exec") continue;
    EXPECT_EQ(finding.status, core::FindingStatus::kFail) << finding.evidence;
    evidence_by_cis[finding.cis] = finding.evidence;
  }
  ASSERT_EQ(evidence_by_cis.size(), 2u);
  EXPECT_NE(evidence_by_cis["5.23"].find("--privileged"), std::string::npos)
      << evidence_by_cis["5.23"];
  EXPECT_NE(evidence_by_cis["5.23"].find("sleep infinity"), std::string::npos);
  EXPECT_NE(evidence_by_cis["5.24"].find("as root"), std::string::npos) << evidence_by_cis["5.24"];
  // Both sessions were read, none recorded as a collection error.
  for (const auto& item : document["containers"]) {
    if (item["inspect"]["Name"] != "/t-exec") continue;
    EXPECT_EQ(item["execs"].size(), 2u);
  }
  for (const auto& error : document["errors"]) {
    EXPECT_EQ(error["what"].get<std::string>().find("/exec/"), std::string::npos) << error;
  }
}

TEST_F(EngineAudit, NetworkFindings) {
  const auto result = audit_document(collect(/*allow_proc=*/true));
  auto actual = codes_by_target(result, core::TargetKind::kNetwork);
  // icc on the default bridge is the daemon's CIS 2.2 (HDK-H-002, one finding for the daemon);
  // on user bridges with members it is HDK-N-006.
  EXPECT_FALSE(actual["bridge"].contains("HDK-N-006"));
  const auto daemon = codes_by_target(result, core::TargetKind::kDaemon);
  ASSERT_EQ(daemon.size(), 1u);
  EXPECT_TRUE(daemon.begin()->second.contains("HDK-H-002"));
  // public + restricted members (t-bridger) on one network.
  EXPECT_EQ(actual["t-public"], (Codes{"HDK-N-006", "HDK-N-008"}));
  // restricted but not --internal.
  EXPECT_EQ(actual["t-restricted"], (Codes{"HDK-N-006", "HDK-N-010"}));
  // restricted and internal, no members: nothing to say.
  EXPECT_EQ(actual["t-vault"], Codes{});
  // icc off, one level.
  EXPECT_EQ(actual["t-hardened-net"], Codes{});
}

TEST_F(EngineAudit, ProcAndTopSeeTheSameProcesses) {
  // Local engines read processes from /proc; remote ones call /top. Both
  // paths must find the sshd and agree on every finding.
  const auto from_proc = audit_document(collect(/*allow_proc=*/true));
  const auto from_top = audit_document(collect(/*allow_proc=*/false));
  EXPECT_EQ(codes_by_target(from_proc, core::TargetKind::kContainer)["t-sshd"],
            codes_by_target(from_top, core::TargetKind::kContainer)["t-sshd"]);
  EXPECT_TRUE(
      codes_by_target(from_top, core::TargetKind::kContainer)["t-sshd"].contains("HDK-C-006"));
}

std::string run_command(const std::string& command, int& exit_code) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  size_t count = 0;
  while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), count);
  int status = pclose(pipe);
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// Findings of a JSON report as comparable lines.
std::multiset<std::string> finding_lines(const std::string& report_text) {
  std::multiset<std::string> lines;
  auto report = nlohmann::json::parse(report_text);
  for (const auto& finding : report.at("findings")) {
    lines.insert(finding.at("check").get<std::string>() + " " +
                 finding.at("target").at("id").get<std::string>() + " " +
                 finding.at("evidence").get<std::string>());
  }
  return lines;
}

TEST_F(EngineAudit, OfflineAuditOfSavedSnapshotMatchesLiveAudit) {
  const std::string binary = HARDOCK_BINARY;
  const std::string snapshot =
      std::string(::testing::TempDir()) + "engine-snap-" + std::to_string(getpid()) + ".json";
  int code = -1;
  run_command(binary + " collect -H " + host_ + " -o " + snapshot, code);
  ASSERT_EQ(code, 0);
  const std::string live = run_command(binary + " audit -H " + host_ + " -f json", code);
  ASSERT_EQ(code, 0);
  const std::string offline = run_command(binary + " audit --from " + snapshot + " -f json", code);
  ASSERT_EQ(code, 0);
  // Exec sessions of health probes come and go between two collections; both
  // audits ran within a second, far inside t-hardened's 60 s probe interval.
  const auto live_lines = finding_lines(live);
  const auto offline_lines = finding_lines(offline);
  std::vector<std::string> only_live;
  std::vector<std::string> only_offline;
  std::ranges::set_difference(live_lines, offline_lines, std::back_inserter(only_live));
  std::ranges::set_difference(offline_lines, live_lines, std::back_inserter(only_offline));
  EXPECT_EQ(only_live, std::vector<std::string>{});
  EXPECT_EQ(only_offline, std::vector<std::string>{});
  EXPECT_GT(live_lines.size(), 50u);
  std::remove(snapshot.c_str());
}

// The image checks judge every image the containers use: the configuration checks always, the
// file checks once --images has exported and walked the layers.
TEST_F(EngineAudit, ImagesFlagWalksTheLayersOfTheImagesContainersUse) {
  const std::string binary = HARDOCK_BINARY;
  auto outcomes = [&](const std::string& extra) {
    int code = -1;
    const std::string out = run_command(
        binary + " audit -H " + host_ + " -f json --check HDK-I-001,HDK-I-007,HDK-I-011" + extra,
        code);
    EXPECT_EQ(code, 0);
    std::map<std::string, std::string> by_code;
    const auto report = nlohmann::json::parse(out);
    for (const auto& check : report.at("checks")) {
      by_code[check.at("code").get<std::string>()] = check.at("outcome").get<std::string>();
    }
    std::set<std::string> images;
    for (const auto& finding : report.at("findings")) {
      if (finding.at("target").at("kind") == "image") {
        images.insert(finding.at("target").at("name").get<std::string>());
      }
    }
    EXPECT_TRUE(images.contains("hardock-test/busybox:1")) << out.substr(0, 2000);
    return by_code;
  };
  auto plain = outcomes("");
  EXPECT_EQ(plain["HDK-I-001"], "fail");  // the busybox test image runs as root
  EXPECT_EQ(plain["HDK-I-007"], "not-run");
  EXPECT_EQ(plain["HDK-I-011"], "not-run");
  auto walked = outcomes(" --images");
  EXPECT_EQ(walked["HDK-I-001"], "fail");
  for (const char* code : {"HDK-I-007", "HDK-I-011"}) {
    EXPECT_TRUE(walked[code] == "pass" || walked[code] == "fail") << code << ": " << walked[code];
  }
}

// The vulnerability checks on the engine's images: not run without a database; with one, the
// test images (busybox, no OS release and no package database) are could-not-look, never clean.
TEST_F(EngineAudit, VulnerabilityChecksNeedADatabaseAndNeverPassUnlooked) {
  const std::string binary = HARDOCK_BINARY;
  const std::string scratch =
      std::string(::testing::TempDir()) + "hardock-vulns-" + std::to_string(getpid());
  ASSERT_EQ(std::system(("rm -rf " + scratch + " && mkdir -p " + scratch).c_str()), 0);
  auto outcomes = [&](const std::string& extra) {
    int code = -1;
    const std::string out =
        run_command(binary + " audit -H " + host_ +
                        " -f json --images --no-image-cache --check HDK-I-014,HDK-I-015" + extra,
                    code);
    EXPECT_EQ(code, 0) << out.substr(0, 2000);
    std::map<std::string, std::string> by_code;
    const auto report = nlohmann::json::parse(out);
    for (const auto& check : report.at("checks")) {
      std::string outcome = check.at("outcome").get<std::string>();
      if (check.contains("reason")) outcome += " " + check.at("reason").get<std::string>();
      by_code[check.at("code").get<std::string>()] = outcome;
    }
    return by_code;
  };
  if (::access("/var/lib/hardock/vuln.db", F_OK) != 0) {  // the default database, as root
    auto without = outcomes("");
    EXPECT_TRUE(without["HDK-I-014"].starts_with("not-run ")) << without["HDK-I-014"];
    EXPECT_NE(without["HDK-I-014"].find("vulnerability database"), std::string::npos);
  }
  const std::string db = scratch + "/vuln.db";
  int code = -1;
  const std::string imported =
      run_command(binary + " db import --db " + db + " " + HARDOCK_TEST_DATA +
                      "/vulndb/debian-tracker/debian.json",
                  code);
  ASSERT_EQ(code, 0) << imported;
  auto with = outcomes(" --db " + db);
  for (const char* check : {"HDK-I-014", "HDK-I-015"}) {
    EXPECT_TRUE(with[check].starts_with("error")) << check << ": " << with[check];
  }
  // --db naming a file that is not there is an error, not "not run".
  run_command(binary + " audit -H " + host_ + " --images --db " + scratch + "/absent.db 2>&1",
              code);
  EXPECT_EQ(code, 2);
  std::system(("rm -rf " + scratch).c_str());
}

// The image ids dockerd exported since `since_ns` (ns since the epoch): it logs an image event
// "save" for every image GET /images/{name}/get exports, which `docker events` lists. This is
// the engine's own account of layer reads, not hardock's.
std::vector<std::string> exported_images(const std::string& host, long long since_ns) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  char since[64];
  char until[64];
  std::snprintf(since, sizeof since, "%lld.%09lld", since_ns / 1000000000LL,
                since_ns % 1000000000LL);
  std::snprintf(until, sizeof until, "%lld.%09ld", static_cast<long long>(now.tv_sec), now.tv_nsec);
  int code = -1;
  const std::string out = run_command(
      "env -u DOCKER_CONTEXT docker -H " + host + " events --since " + since + " --until " + until +
          " --filter type=image --filter event=save --format '{{.ID}}'",
      code);
  EXPECT_EQ(code, 0) << out;
  std::vector<std::string> ids;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) ids.push_back(line);
  }
  return ids;
}

long long now_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `audit --images` caches each image's analysis by image id: a second audit of the same estate
// gives the same image findings and exports no image. That no layer was read is observed on the
// engine (exported_images: one "save" event per export), and the method is shown to see exports:
// the first audit and an audit with --no-image-cache each cause one per image.
TEST_F(EngineAudit, ImagesAreWalkedOnceThenReadFromTheCache) {
  const std::string binary = HARDOCK_BINARY;
  const std::string scratch =
      std::string(::testing::TempDir()) + "hardock-icache-" + std::to_string(getpid());
  ASSERT_EQ(std::system(("rm -rf " + scratch + " && mkdir -p " + scratch).c_str()), 0);
  const std::string cache = scratch + "/cache";
  const std::string stderr_file = scratch + "/stderr";
  struct Run {
    std::multiset<std::string> image_findings;  // check, image, status and evidence
    std::string stderr_text;
    std::vector<std::string> exported;
  };
  auto audit = [&](const std::string& extra) {
    const long long started = now_ns();
    int code = -1;
    const std::string out = run_command(
        binary + " audit -H " + host_ + " -f json --images " + extra + " 2>" + stderr_file, code);
    Run run;
    run.stderr_text = read_text(stderr_file);
    EXPECT_EQ(code, 0) << run.stderr_text;
    const auto report = nlohmann::json::parse(out);  // named: a range-for over a temporary's
                                                     // member would dangle
    for (const auto& finding : report.at("findings")) {
      if (finding.at("target").at("kind") != "image") continue;
      run.image_findings.insert(finding.at("check").get<std::string>() + " " +
                                finding.at("target").at("id").get<std::string>() + " " +
                                finding.at("status").get<std::string>() + " " +
                                finding.at("evidence").get<std::string>());
    }
    run.exported = exported_images(host_, started);
    return run;
  };
  auto has_line = [](const Run& run, const std::string& part) {
    return std::any_of(
        run.image_findings.begin(), run.image_findings.end(),
        [&](const std::string& line) { return line.find(part) != std::string::npos; });
  };

  const Run first = audit("--image-cache " + cache);
  const std::size_t images = first.exported.size();
  EXPECT_GE(images, 3u) << "busybox, web and sshd at least; stderr: " << first.stderr_text;
  EXPECT_NE(first.stderr_text.find(std::to_string(images) + " walked, 0 from the cache"),
            std::string::npos)
      << first.stderr_text;
  // A file-check finding read from the walked tree: the sshd image carries /usr/sbin/sshd.
  std::string shown;
  for (const auto& line : first.image_findings) shown += line + "\n";
  EXPECT_TRUE(has_line(first, "HDK-I-003 ") && has_line(first, " EXPOSE 22/tcp; /usr/sbin/sshd"))
      << shown << first.stderr_text;

  const Run second = audit("--image-cache " + cache);
  EXPECT_EQ(second.exported, std::vector<std::string>{}) << "the cached audit exported images";
  EXPECT_NE(second.stderr_text.find("0 walked, " + std::to_string(images) + " from the cache"),
            std::string::npos)
      << second.stderr_text;
  EXPECT_EQ(second.image_findings, first.image_findings);

  // Without the cache every image is exported again, with the same findings.
  const Run uncached = audit("--no-image-cache");
  EXPECT_EQ(uncached.exported.size(), images) << uncached.stderr_text;
  EXPECT_NE(uncached.stderr_text.find("(image cache off)"), std::string::npos);
  EXPECT_EQ(uncached.image_findings, first.image_findings);

  // A cache that cannot be created (under a regular file) is a warning; the audit walks.
  ASSERT_EQ(std::system(("touch " + scratch + "/file").c_str()), 0);
  const Run unusable = audit("--image-cache " + scratch + "/file/cache");
  EXPECT_NE(unusable.stderr_text.find("warning: image cache not used"), std::string::npos)
      << unusable.stderr_text;
  EXPECT_EQ(unusable.exported.size(), images);
  EXPECT_EQ(unusable.image_findings, first.image_findings);
  std::system(("rm -rf " + scratch).c_str());
}

TEST_F(EngineAudit, ExitCodeAndFailOnAgainstRealEngine) {
  const std::string binary = HARDOCK_BINARY;
  int code = -1;
  run_command(binary + " audit -H " + host_ + " -f json --exit-code 4 --fail-on critical", code);
  EXPECT_EQ(code, 4);  // t-privileged, t-docker-sock, t-bridger are critical
  run_command(binary + " audit -H " + host_ +
                  " -f json --exit-code 4 --fail-on critical --skip HDK-C-004,HDK-C-023,HDK-N-009",
              code);
  EXPECT_EQ(code, 0);
}

}  // namespace
}  // namespace hardock

namespace hardock {
namespace {

// `docker hardock audit` once installed under cli-plugins: the docker CLI passes its global
// flags (-H, --context) before the plugin name, and hardock audits that engine.
TEST(DockerPlugin, AuditsTheEngineTheDockerCliPointsAt) {
  const char* host = std::getenv("HARDOCK_TEST_DOCKER_HOST");
  ASSERT_NE(host, nullptr) << "HARDOCK_TEST_DOCKER_HOST is not set (run through scripts/test.sh)";
  const std::string config =
      std::string(::testing::TempDir()) + "hardock-plugin-config-" + std::to_string(getpid());
  ASSERT_EQ(std::system(("rm -rf " + config + " && mkdir -p " + config + "/cli-plugins && ln -s " +
                         std::string(HARDOCK_BINARY) + " " + config + "/cli-plugins/docker-hardock")
                            .c_str()),
            0);
  const std::string docker =
      "env -u DOCKER_HOST -u DOCKER_CONTEXT DOCKER_CONFIG=" + config + " docker";
  int code = -1;
  std::string out = run_command(docker + " -H " + host + " hardock audit -f json", code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(nlohmann::json::parse(out).at("engine").at("endpoint"), host);
  // A docker context made by the real CLI, used as the current context.
  ASSERT_EQ(std::system((docker + " context create hdk-test --docker host=" + host +
                         " >/dev/null && " + docker + " context use hdk-test >/dev/null")
                            .c_str()),
            0);
  out = run_command(docker + " hardock audit -f json", code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(nlohmann::json::parse(out).at("engine").at("endpoint"), host);
  std::system(("rm -rf " + config).c_str());
}

}  // namespace
}  // namespace hardock
