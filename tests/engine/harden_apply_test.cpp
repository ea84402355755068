// `hardock harden --apply` end to end on the private engine (HARDOCK_TEST_DOCKER_HOST): a risky
// scenario is audited, hardened and audited again; the findings the plan claims to fix must be
// gone, the workloads must still answer, data written before (in a volume and in the writable
// layer) must still be there, and --rollback must bring the original containers back. Also the
// daemon.json side on a host-root fixture: backup, atomic write, refusal of a malformed file,
// rollback.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Shell {
  int status = -1;
  std::string out;
};

std::string quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class HardenApply : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* host = std::getenv("HARDOCK_TEST_DOCKER_HOST");
    const char* ci = std::getenv("CI");
    if (host == nullptr || *host == '\0') {
      if (ci != nullptr && std::string(ci) == "true") {
        FAIL() << "CI=true but HARDOCK_TEST_DOCKER_HOST is not set";
      }
      GTEST_SKIP() << "HARDOCK_TEST_DOCKER_HOST is not set (scripts/test.sh sets it)";
    }
    host_ = host;
    work_ = fs::path(::testing::TempDir()) / ("hardock-harden-apply-" + std::to_string(getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    ASSERT_EQ(sh(std::string(HARDOCK_SOURCE_DIR) + "/scripts/make-images.sh " + quote(host_) +
                 " >/dev/null 2>&1")
                  .status,
              0);
    cleanup();
  }

  void TearDown() override {
    if (host_.empty()) return;
    cleanup();
    fs::remove_all(work_);
  }

  // Everything this test creates: h-ap-* containers (and their renamed old selves), networks,
  // volumes.
  void cleanup() {
    sh("ids=$(docker ps -aq --filter name=h-ap-); [ -z \"$ids\" ] || docker rm -f $ids");
    sh("for n in h-ap-net hardock-public hardock-restricted; do docker network rm $n; done");
    sh("docker ps -aq --filter label=com.docker.compose.project=h-ap-compose | xargs -r docker rm "
       "-f");
    sh("vols=$(docker volume ls -q | grep -E '^(h-ap-|hardock-)'); [ -z \"$vols\" ] || "
       "docker volume rm -f $vols");
  }

  Shell sh(const std::string& command) const {
    const std::string full = "DOCKER_HOST=" + quote(host_) + " sh -c " + quote(command) + " 2>&1";
    Shell run;
    FILE* pipe = popen(full.c_str(), "r");
    if (pipe == nullptr) return run;
    std::array<char, 4096> buffer{};
    size_t count = 0;
    while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      run.out.append(buffer.data(), count);
    }
    const int status = pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
  }

  Shell hardock(const std::string& args) const {
    return sh(std::string(HARDOCK_BINARY) + " " + args);
  }

  std::string inspect(const std::string& name, const std::string& format) const {
    Shell run = sh("docker inspect -f " + quote(format) + " " + name);
    std::string out = run.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }

  // Container name -> failing check codes, from `hardock audit -f json`.
  std::map<std::string, std::set<std::string>> audit_codes() const {
    Shell run = hardock("audit --no-host -f json");
    EXPECT_EQ(run.status, 0) << run.out;
    std::map<std::string, std::set<std::string>> codes;
    json report = json::parse(run.out, nullptr, false);
    if (!report.is_object()) {
      ADD_FAILURE() << "audit output is not JSON: " << run.out.substr(0, 300);
      return codes;
    }
    for (const auto& finding : report["findings"]) {
      if (finding.value("status", "") != "fail") continue;
      codes[finding["target"].value("name", "")].insert(finding.value("check", ""));
    }
    return codes;
  }

  std::string http_get(int port) const {
    return sh("wget -q -O - http://127.0.0.1:" + std::to_string(port) +
              "/ || curl -sf http://127.0.0.1:" + std::to_string(port) + "/")
        .out;
  }

  void create_risky_scenario() {
    ASSERT_EQ(sh("docker network create h-ap-net").status, 0);
    ASSERT_EQ(sh("docker volume create h-ap-data").status, 0);
    // Privileged, an added capability, root, ports on every interface and below 1024, no limits,
    // two sensitivity levels on one network.
    Shell web = sh(
        "docker run -d --name h-ap-web --label hardock.test=1 --label hardock.sensitivity=public "
        "--privileged --cap-add NET_ADMIN --user 0 --network h-ap-net "
        "-p 0.0.0.0:18132:8080 -p 127.0.0.1:83:8080 hardock-test/web:1");
    ASSERT_EQ(web.status, 0) << web.out;
    Shell db =
        sh("docker run -d --name h-ap-db --label hardock.test=1 --label "
           "hardock.sensitivity=restricted "
           "--network h-ap-net -v h-ap-data:/data hardock-test/busybox:1 sleep infinity");
    ASSERT_EQ(db.status, 0) << db.out;
    Shell untouched =
        sh("docker run -d --name h-ap-untouched --label hardock.test=1 "
           "--label hardock.sensitivity=public hardock-test/busybox:1 sleep infinity");
    ASSERT_EQ(untouched.status, 0) << untouched.out;
    // Data in a volume and in the writable layer.
    ASSERT_EQ(sh("docker exec h-ap-db sh -c 'echo volume-data > /data/file && mkdir -p "
                 "/var/lib/app && echo layer-data > /var/lib/app/state'")
                  .status,
              0);
    // The web workload answers before anything is changed.
    for (int i = 0; i < 50 && http_get(18132).empty(); ++i) sh("sleep 0.2");
    ASSERT_NE(http_get(18132), "");
  }

  std::string harden_args(const std::string& extra) const {
    return "harden --no-host --grace 3 -o " + quote((work_ / "plan").string()) + " --state-dir " +
           quote((work_ / "state").string()) + " " + extra;
  }

  std::string host_;
  fs::path work_;
};

TEST_F(HardenApply, RiskyScenarioIsFixedKeepsDataAndRollsBack) {
  create_risky_scenario();
  const std::string untouched_id = inspect("h-ap-untouched", "{{.Id}}");
  const std::string db_id = inspect("h-ap-db", "{{.Id}}");
  const auto before = audit_codes();
  ASSERT_TRUE(before.at("h-ap-web").count("HDK-C-004")) << "privileged not seen before";
  ASSERT_TRUE(before.at("h-ap-web").count("HDK-N-001")) << "port 83 not seen before";
  ASSERT_TRUE(before.at("h-ap-web").count("HDK-N-004")) << "0.0.0.0 not seen before";

  // Without --keep-changes, data in h-ap-db's writable layer makes hardock refuse it, and leave it
  // exactly as it was.
  Shell refused = hardock(harden_args("--apply --containers h-ap-db"));
  EXPECT_NE(refused.status, 0) << refused.out;
  EXPECT_NE(refused.out.find("--keep-changes"), std::string::npos) << refused.out;
  EXPECT_EQ(inspect("h-ap-db", "{{.Id}} {{.State.Running}}"), db_id + " true");

  Shell applied = hardock(harden_args("--apply --keep-changes --containers h-ap-web,h-ap-db"));
  ASSERT_EQ(applied.status, 0) << applied.out;
  // The two levels get a network each, created by the apply (and removed by its rollback).
  const std::string level_networks =
      "docker network ls --format '{{.Name}}' | grep '^hardock-' | sort || true";
  EXPECT_EQ(sh(level_networks).out, "hardock-public\nhardock-restricted\n");
  EXPECT_NE(applied.out.find("network hardock-restricted: created"), std::string::npos)
      << applied.out;

  std::ifstream plan_file(work_ / "plan" / "plan.json");
  json plan = json::parse(plan_file, nullptr, false);
  ASSERT_TRUE(plan.is_object());
  std::map<std::string, std::set<std::string>> claimed;
  for (const auto& container : plan["containers"]) {
    for (const auto& code : container["fixes"]) {
      claimed[container["name"].get<std::string>()].insert(code.get<std::string>());
    }
  }
  for (const char* code : {"HDK-C-004", "HDK-C-019", "HDK-C-007", "HDK-N-001", "HDK-N-004"}) {
    EXPECT_TRUE(claimed["h-ap-web"].count(code)) << code << " not claimed for h-ap-web";
  }

  // Audited again: every finding the plan claims to fix is gone.
  const auto after = audit_codes();
  for (const auto& [name, codes] : claimed) {
    if (name != "h-ap-web" && name != "h-ap-db") continue;
    for (const auto& code : codes) {
      EXPECT_FALSE(after.count(name) && after.at(name).count(code))
          << name << " still raises " << code << " after --apply";
    }
  }
  // The hardened containers are what the plan says.
  EXPECT_EQ(inspect("h-ap-web", "{{.HostConfig.Privileged}} {{.HostConfig.ReadonlyRootfs}}"),
            "false true");
  EXPECT_EQ(inspect("h-ap-web", "{{json .HostConfig.CapDrop}}"), "[\"ALL\"]");
  // The workloads still run: the web server answers on its port, now bound to loopback.
  std::string page;
  for (int i = 0; i < 50 && page.empty(); ++i) {
    page = http_get(18132);
    if (page.empty()) sh("sleep 0.2");
  }
  EXPECT_NE(page, "") << "the hardened web container does not answer";
  EXPECT_EQ(
      inspect("h-ap-web", "{{(index (index .HostConfig.PortBindings \"8080/tcp\") 0).HostIp}}"),
      "127.0.0.1");
  // Data written before is still there: in the volume and from the writable layer.
  EXPECT_EQ(sh("docker exec h-ap-db cat /data/file").out, "volume-data\n");
  EXPECT_EQ(sh("docker exec h-ap-db cat /var/lib/app/state").out, "layer-data\n");
  // The untouched container is untouched; the old ones are kept, stopped and renamed.
  EXPECT_EQ(inspect("h-ap-untouched", "{{.Id}}"), untouched_id);
  EXPECT_EQ(inspect(db_id, "{{.State.Running}}"), "false");
  EXPECT_NE(inspect(db_id, "{{.Name}}").find(".hardock-old."), std::string::npos);

  // Rollback: the original containers, by id, under their names, running, privileged again.
  Shell rolled = hardock(harden_args("--rollback"));
  ASSERT_EQ(rolled.status, 0) << rolled.out;
  EXPECT_EQ(inspect("h-ap-db", "{{.Id}} {{.State.Running}}"), db_id + " true");
  EXPECT_EQ(inspect("h-ap-web", "{{.HostConfig.Privileged}} {{.State.Running}}"), "true true");
  EXPECT_EQ(sh("docker exec h-ap-db cat /data/file").out, "volume-data\n");
  EXPECT_EQ(sh("docker ps -a --format '{{.Names}}' | grep '^h-ap-.*hardock-old' || true").out, "");
  EXPECT_EQ(sh(level_networks).out, "") << rolled.out;
  EXPECT_NE(rolled.out.find("network hardock-public: removed"), std::string::npos) << rolled.out;

  // Apply again, then prune: the old containers go, the hardened ones stay.
  Shell again = hardock(harden_args("--apply --keep-changes --containers h-ap-web,h-ap-db"));
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_NE(sh("docker ps -a --format '{{.Names}}' | grep '^h-ap-.*hardock-old' || true").out, "");
  Shell pruned = hardock(harden_args("--prune"));
  ASSERT_EQ(pruned.status, 0) << pruned.out;
  EXPECT_EQ(sh("docker ps -a --format '{{.Names}}' | grep '^h-ap-.*hardock-old' || true").out, "");
  EXPECT_EQ(inspect("h-ap-web", "{{.HostConfig.Privileged}} {{.State.Running}}"), "false true");
  EXPECT_EQ(sh("docker exec h-ap-db cat /var/lib/app/state").out, "layer-data\n");
  // Once pruned, the originals are gone: a rollback says so instead of claiming success.
  Shell late = hardock(harden_args("--rollback"));
  EXPECT_EQ(late.status, 2) << late.out;
  EXPECT_NE(late.out.find("pruned"), std::string::npos) << late.out;
}

class HardenDaemonJson : public HardenApply {
 protected:
  // A host root whose daemon.json hardock may rewrite.
  fs::path make_root(const std::string& daemon_json) {
    fs::path root = work_ / "root";
    fs::create_directories(root / "etc/docker");
    std::ofstream(root / "etc/docker/daemon.json") << daemon_json;
    return root;
  }

  std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string args(const fs::path& root, const std::string& extra) {
    return "harden --no-observe --no-probe --host-root " + quote(root.string()) +
           " --config-file " + quote((root / "etc/docker/daemon.json").string()) + " -o " +
           quote((work_ / "plan").string()) + " --state-dir " + quote((work_ / "state").string()) +
           " " + extra;
  }
};

TEST_F(HardenDaemonJson, ApplyBacksUpWritesAndRollsBack) {
  const std::string original = "{\n  \"data-root\": \"/srv/docker\",\n  \"icc\": true\n}\n";
  fs::path root = make_root(original);
  const fs::path file = root / "etc/docker/daemon.json";

  Shell planned = hardock(args(root, ""));
  ASSERT_EQ(planned.status, 0) << planned.out;
  EXPECT_EQ(read(file), original) << "a plan without --apply changed daemon.json";

  Shell applied = hardock(args(root, "--apply"));
  ASSERT_EQ(applied.status, 0) << applied.out;
  json written = json::parse(read(file), nullptr, false);
  ASSERT_TRUE(written.is_object()) << read(file);
  EXPECT_EQ(written["data-root"], "/srv/docker") << "an unrelated key was lost";
  EXPECT_EQ(written["icc"], false);
  EXPECT_EQ(written["no-new-privileges"], true);
  EXPECT_EQ(written["live-restore"], true);
  int backups = 0;
  for (const auto& entry : fs::directory_iterator(root / "etc/docker")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("daemon.json.hardock-", 0) == 0 && name.size() > 4 &&
        name.substr(name.size() - 4) == ".bak") {
      ++backups;
      EXPECT_EQ(read(entry.path()), original);
    }
  }
  EXPECT_EQ(backups, 1);

  Shell rolled = hardock(args(root, "--rollback"));
  ASSERT_EQ(rolled.status, 0) << rolled.out;
  EXPECT_EQ(read(file), original);
}

TEST_F(HardenDaemonJson, MalformedFileIsRefusedAndLeftAlone) {
  const std::string malformed = "{\n  \"icc\": true,\n  // a comment\n}\n";
  fs::path root = make_root(malformed);
  Shell applied = hardock(args(root, "--apply"));
  EXPECT_EQ(applied.status, 2) << applied.out;
  EXPECT_NE(applied.out.find("daemon.json"), std::string::npos) << applied.out;
  EXPECT_NE(applied.out.find("line 3"), std::string::npos) << applied.out;
  EXPECT_EQ(read(root / "etc/docker/daemon.json"), malformed);
  for (const auto& entry : fs::directory_iterator(root / "etc/docker")) {
    EXPECT_EQ(entry.path().filename(), "daemon.json") << "left behind: " << entry.path();
  }
}

TEST_F(HardenDaemonJson, FlagConflictsAreRefusedOrKeptOutOfTheFile) {
  // The unit starts dockerd with --icc=true: daemon.json must never also carry "icc" (dockerd
  // would refuse to start), and a file that already does is refused.
  fs::path root = make_root("{\n  \"icc\": false\n}\n");
  fs::create_directories(root / "etc/systemd/system");
  std::ofstream(root / "etc/systemd/system/docker.service")
      << "[Service]\nExecStart=/usr/bin/dockerd -H fd:// --icc=true\n";
  const fs::path file = root / "etc/docker/daemon.json";
  Shell refused = hardock(args(root, "--apply"));
  EXPECT_EQ(refused.status, 2) << refused.out;
  EXPECT_NE(refused.out.find("refusing"), std::string::npos) << refused.out;
  EXPECT_EQ(read(file), "{\n  \"icc\": false\n}\n");

  // Without the key in the file, the plan applies and leaves "icc" to the flag, saying which flag
  // to remove where.
  std::ofstream(file, std::ios::trunc) << "{}\n";
  Shell applied = hardock(args(root, "--apply"));
  ASSERT_EQ(applied.status, 0) << applied.out;
  json written = json::parse(read(file), nullptr, false);
  ASSERT_TRUE(written.is_object()) << read(file);
  EXPECT_FALSE(written.contains("icc")) << read(file);
  EXPECT_EQ(written["no-new-privileges"], true);
  const std::string notes = read(work_ / "plan" / "daemon.json.md");
  EXPECT_NE(notes.find("--icc"), std::string::npos) << notes;
  EXPECT_NE(notes.find("docker.service"), std::string::npos) << notes;
}

TEST_F(HardenApply, FailedRecreateRestoresTheOldContainerAndSaysWhy) {
  // The workload needs NET_ADMIN, which nothing hardock can observe justifies: the hardened
  // container exits, so hardock must put the original back, running, and say why.
  Shell started = sh(
      "docker run -d --name h-ap-netadmin --label hardock.test=1 --cap-add NET_ADMIN "
      "hardock-test/busybox:1 sh -c 'ip link set lo mtu 1400 && echo mtu-set && sleep infinity'");
  ASSERT_EQ(started.status, 0) << started.out;
  sh("sleep 1");
  ASSERT_EQ(inspect("h-ap-netadmin", "{{.State.Running}}"), "true");
  const std::string id = inspect("h-ap-netadmin", "{{.Id}}");
  Shell applied = hardock(harden_args("--apply --containers h-ap-netadmin"));
  EXPECT_EQ(applied.status, 2) << applied.out;
  EXPECT_NE(applied.out.find("the old container is back"), std::string::npos) << applied.out;
  EXPECT_NE(applied.out.find("Operation not permitted"), std::string::npos)
      << "the reason (the new container's last log lines) is not shown: " << applied.out;
  EXPECT_EQ(inspect("h-ap-netadmin", "{{.Id}} {{.State.Running}}"), id + " true");
  EXPECT_EQ(sh("docker ps -a --format '{{.Names}}' | grep -c '^h-ap-netadmin' || true").out, "1\n");
}

TEST_F(HardenApply, ComposeProjectGetsAnOverrideThatComposeAccepts) {
  if (sh("command -v docker-compose").status != 0) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") FAIL() << "docker-compose is not installed";
    GTEST_SKIP() << "docker-compose is not installed";
  }
  const fs::path project = work_ / "h-ap-compose";
  fs::create_directories(project);
  std::ofstream(project / "compose.yml") << "services:\n"
                                            "  web:\n"
                                            "    image: hardock-test/web:1\n"
                                            "    privileged: true\n"
                                            "    ports:\n"
                                            "      - \"18134:8080\"\n"
                                            "    labels:\n"
                                            "      hardock.test: \"1\"\n";
  const std::string compose =
      "cd " + quote(project.string()) + " && docker-compose -p h-ap-compose -f compose.yml ";
  Shell up = sh(compose + "up -d");
  ASSERT_EQ(up.status, 0) << up.out;
  Shell planned = hardock(harden_args(""));
  sh(compose + "down -v");
  ASSERT_EQ(planned.status, 0) << planned.out;
  const fs::path override_file =
      work_ / "plan" / "compose" / "h-ap-compose" / "compose.hardened.yml";
  ASSERT_TRUE(fs::exists(override_file)) << planned.out;
  fs::copy_file(override_file, project / "compose.hardened.yml");
  Shell config = sh(compose + "-f compose.hardened.yml config");
  ASSERT_EQ(config.status, 0) << config.out;
  EXPECT_NE(config.out.find("privileged: false"), std::string::npos) << config.out;
  EXPECT_NE(config.out.find("read_only: true"), std::string::npos) << config.out;
  EXPECT_NE(config.out.find("- ALL"), std::string::npos) << config.out;
  EXPECT_NE(config.out.find("no-new-privileges:true"), std::string::npos) << config.out;
}

}  // namespace
