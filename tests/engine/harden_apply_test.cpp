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
    return "harden --no-host --grace 3 --force -o " + quote((work_ / "plan").string()) +
           " --state-dir " + quote((work_ / "state").string()) + " " + extra;
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

  // Recorded in a store of this test's own: the apply's change records.
  const std::string store = " --store " + quote((work_ / "runs.db").string());
  Shell applied =
      hardock(harden_args("--apply --keep-changes --containers h-ap-web,h-ap-db") + store);
  ASSERT_EQ(applied.status, 0) << applied.out;
  EXPECT_EQ(applied.out.find("not stored"), std::string::npos) << applied.out;
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
  // The hardened containers are what the plan says, and each names the original it replaces.
  EXPECT_EQ(inspect("h-ap-web", "{{.HostConfig.Privileged}} {{.HostConfig.ReadonlyRootfs}}"),
            "false true");
  EXPECT_EQ(inspect("h-ap-db", "{{index .Config.Labels \"hardock.harden.replaces\"}}"), db_id);
  const std::string web_old_id =
      inspect("h-ap-web", "{{index .Config.Labels \"hardock.harden.replaces\"}}");
  EXPECT_EQ(inspect(web_old_id, "{{.Name}}").find("/h-ap-web.hardock-old."), 0U);
  {
    std::ifstream journal_file(work_ / "state" / "journal.json");
    const json journal = json::parse(journal_file, nullptr, false);
    ASSERT_TRUE(journal.is_object());
    std::map<std::string, std::string> replaced;  // new id -> old id
    for (const auto& record : journal["applies"].back()["containers"]) {
      replaced[record["new_id"].get<std::string>()] = record["old_id"].get<std::string>();
    }
    EXPECT_EQ(replaced[inspect("h-ap-db", "{{.Id}}")], db_id);
  }
  EXPECT_EQ(inspect("h-ap-web", "{{json .HostConfig.CapDrop}}"), "[\"ALL\"]");
  // `hardock history --changes`: one harden.apply record per container recreated and network
  // created, with who, before (the original), after (the hardened one) and the journal entry.
  {
    Shell history = hardock("history --changes --format json" + store);
    ASSERT_EQ(history.status, 0) << history.out;
    const json records = json::parse(history.out, nullptr, false);
    ASSERT_TRUE(records.is_array()) << history.out;
    std::map<std::string, json> by_object;
    for (const auto& record : records) {
      EXPECT_EQ(record["what"], "harden.apply") << record.dump();
      EXPECT_FALSE(record["who"].get<std::string>().empty()) << record.dump();
      EXPECT_EQ(record["journal"].get<std::string>().find(
                    (work_ / "state" / "journal.json").string() + "#"),
                0U)
          << record.dump();
      by_object[record["object"].get<std::string>()] = record;
    }
    ASSERT_TRUE(by_object.count("container h-ap-db")) << history.out;
    const json& db_change = by_object["container h-ap-db"];
    EXPECT_NE(db_change["before"].get<std::string>().find("original container " + db_id),
              std::string::npos)
        << db_change.dump();
    EXPECT_NE(db_change["after"].get<std::string>().find("hardened container " +
                                                         inspect("h-ap-db", "{{.Id}}")),
              std::string::npos)
        << db_change.dump();
    ASSERT_TRUE(by_object.count("container h-ap-web")) << history.out;
    EXPECT_NE(by_object["container h-ap-web"]["before"].get<std::string>().find(
                  "original container " + web_old_id + " (running)"),
              std::string::npos)
        << by_object["container h-ap-web"].dump();
    ASSERT_TRUE(by_object.count("network hardock-restricted")) << history.out;
    EXPECT_EQ(by_object["network hardock-restricted"]["after"].get<std::string>().find("created "),
              0U);
    EXPECT_EQ(records.size(), 4u) << history.out;  // two containers, two networks
    // The change records belong to the harden run history lists.
    Shell runs = hardock("history --kind harden --format json" + store);
    const json harden_runs = json::parse(runs.out, nullptr, false);
    ASSERT_TRUE(harden_runs.is_array() && harden_runs.size() == 1u) << runs.out;
    EXPECT_EQ(harden_runs[0]["id"], records[0]["run"]);
    Shell table = hardock("history --changes" + store);
    EXPECT_NE(table.out.find("harden.apply"), std::string::npos) << table.out;
  }
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
  Shell rolled = hardock(harden_args("--rollback") + store);
  ASSERT_EQ(rolled.status, 0) << rolled.out;
  EXPECT_EQ(inspect("h-ap-db", "{{.Id}} {{.State.Running}}"), db_id + " true");
  {
    // The rollback is a change record too: the hardened container replaced by the original.
    Shell history = hardock("history --changes --format json" + store);
    const json records = json::parse(history.out, nullptr, false);
    ASSERT_TRUE(records.is_array()) << history.out;
    bool rolled_db = false;
    for (const auto& record : records) {
      if (record["what"] != "harden.rollback" || record["object"] != "container h-ap-db") continue;
      rolled_db = true;
      EXPECT_NE(record["after"].get<std::string>().find("original container " + db_id),
                std::string::npos)
          << record.dump();
    }
    EXPECT_TRUE(rolled_db) << history.out;
  }
  // The hardened containers are gone with their label; the originals never carried it.
  EXPECT_EQ(sh("docker ps -aq --filter label=hardock.harden.replaces").out, "");
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
           " --config-file " + quote((root / "etc/docker/daemon.json").string()) + " --force -o " +
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

// A hardock run in the background: its output and exit status land in files under work_.
struct Background {
  fs::path out;
  fs::path rc;
};

class HardenApplyRaces : public HardenApply {
 protected:
  Background start(const std::string& args, const std::string& name) {
    Background run{work_ / (name + ".out"), work_ / (name + ".rc")};
    sh("(" + std::string(HARDOCK_BINARY) + " " + args + " >" + quote(run.out.string()) +
       " 2>&1; echo $? >" + quote(run.rc.string()) + ") >/dev/null 2>&1 &");
    return run;
  }

  // Waits for a background run (it always ends: hardock's own timeouts bound it).
  Shell finish(const Background& run) {
    for (int tries = 0; tries < 1200 && !fs::exists(run.rc); ++tries) sh("sleep 0.25");
    Shell result;
    std::ifstream rc(run.rc);
    rc >> result.status;
    std::ifstream out(run.out);
    std::stringstream text;
    text << out.rdbuf();
    result.out = text.str();
    return result;
  }

  // Polls until a running container carries the replaces label for `old_id` (the apply is in
  // its grace period); its id, or "" when it never appeared.
  std::string wait_for_hardened(const std::string& old_id) {
    for (int tries = 0; tries < 400; ++tries) {
      Shell found = sh("docker ps -q --no-trunc --filter label=hardock.harden.replaces=" + old_id);
      std::string id = found.out.substr(0, found.out.find('\n'));
      if (!id.empty()) return id;
      sh("sleep 0.25");
    }
    return "";
  }

  std::string plan_args(const std::string& plan, const std::string& extra) const {
    return "harden --no-host -o " + quote((work_ / plan).string()) + " --state-dir " +
           quote((work_ / "state").string()) + " " + extra;
  }
};

TEST_F(HardenApplyRaces, FailedUndoIsReportedAndRollbackFinishesIt) {
  ASSERT_EQ(sh("docker run -d --name h-ap-undo --label hardock.test=1 hardock-test/busybox:1 "
               "sleep infinity")
                .status,
            0);
  const std::string id = inspect("h-ap-undo", "{{.Id}}");
  Background apply = start(plan_args("plan", "--grace 60 --apply --containers h-ap-undo"), "apply");
  const std::string hardened = wait_for_hardened(id);
  ASSERT_NE(hardened, "") << finish(apply).out;
  // While the apply waits out the grace period, the name is taken from under it and the hardened
  // container dies: the undo can remove it but cannot rename the original back.
  ASSERT_EQ(sh("docker rename " + hardened + " h-ap-undo-moved").status, 0);
  ASSERT_EQ(sh("docker create --name h-ap-undo hardock-test/busybox:1 true").status, 0);
  ASSERT_EQ(sh("docker kill " + hardened).status, 0);
  Shell applied = finish(apply);
  EXPECT_EQ(applied.status, 2) << applied.out;
  EXPECT_EQ(applied.out.find("the old container is back"), std::string::npos) << applied.out;
  EXPECT_NE(applied.out.find("putting the old container back failed"), std::string::npos)
      << applied.out;
  EXPECT_NE(applied.out.find("cannot rename"), std::string::npos) << applied.out;
  EXPECT_NE(applied.out.find("--rollback"), std::string::npos) << applied.out;
  // The journal records where the containers really are.
  std::ifstream journal_file(work_ / "state" / "journal.json");
  const json journal = json::parse(journal_file, nullptr, false);
  ASSERT_TRUE(journal.is_object());
  const json& record = journal["applies"].back()["containers"].back();
  EXPECT_EQ(record["state"], "renamed") << record.dump();
  EXPECT_EQ(record["new_id"], "");
  EXPECT_NE(inspect(id, "{{.Name}}").find(".hardock-old."), std::string::npos);
  // Once the name is free again, --rollback puts the original back, running.
  ASSERT_EQ(sh("docker rm -f h-ap-undo").status, 0);
  Shell rolled = hardock(plan_args("plan2", "--rollback"));
  EXPECT_EQ(rolled.status, 0) << rolled.out;
  EXPECT_EQ(inspect("h-ap-undo", "{{.Id}} {{.State.Running}}"), id + " true");
}

TEST_F(HardenApplyRaces, SecondApplyOnTheSameStateIsRefusedWhileTheFirstRuns) {
  ASSERT_EQ(sh("docker run -d --name h-ap-conc --label hardock.test=1 hardock-test/busybox:1 "
               "sleep infinity")
                .status,
            0);
  const std::string id = inspect("h-ap-conc", "{{.Id}}");
  Background first = start(plan_args("plan", "--grace 8 --apply --containers h-ap-conc"), "first");
  ASSERT_NE(wait_for_hardened(id), "") << finish(first).out;
  // A second real hardock process, same state directory, while the first holds it.
  Shell second = hardock(plan_args("plan2", "--grace 1 --apply --containers h-ap-conc"));
  EXPECT_EQ(second.status, 2) << second.out;
  EXPECT_NE(second.out.find("another hardock run (pid "), std::string::npos) << second.out;
  Shell rollback = hardock(plan_args("plan3", "--rollback"));
  EXPECT_EQ(rollback.status, 2) << rollback.out;
  EXPECT_NE(rollback.out.find("another hardock run"), std::string::npos) << rollback.out;
  Shell done = finish(first);
  ASSERT_EQ(done.status, 0) << done.out;
  // One hardened container and one original: no second recreate, one journal record.
  EXPECT_EQ(sh("docker ps -a --format '{{.Names}}' --filter name=h-ap-conc | sort").out,
            "h-ap-conc\nh-ap-conc.hardock-old." +
                inspect(id, "{{.Name}}").substr(std::string("/h-ap-conc.hardock-old.").size()) +
                "\n");
  std::ifstream journal_file(work_ / "state" / "journal.json");
  const json journal = json::parse(journal_file, nullptr, false);
  ASSERT_TRUE(journal.is_object());
  int records = 0;
  std::set<std::string> stamps;
  for (const auto& entry : journal["applies"]) {
    stamps.insert(entry["stamp"].get<std::string>());
    for (const auto& record : entry["containers"]) records += record["name"] == "h-ap-conc";
  }
  EXPECT_EQ(records, 1);
  EXPECT_EQ(stamps.size(), journal["applies"].size()) << "two applies share a stamp";
}

TEST_F(HardenApply, CollectedSnapshotsAreOwnerOnly) {
  Shell collected = sh("umask 022 && " + std::string(HARDOCK_BINARY) + " collect --no-host -o " +
                       quote((work_ / "snap.json").string()));
  ASSERT_EQ(collected.status, 0) << collected.out;
  EXPECT_EQ(fs::status(work_ / "snap.json").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(HardenApply, HostileFileNamesWrittenInAContainerStayInComments) {
  // A workload (or an intruder in it) names its files to become commands in hardened.sh.
  const fs::path pwn = work_ / "pwn";
  fs::create_directories(pwn);
  ASSERT_EQ(sh("docker run -d --name h-ap-names --label hardock.test=1 hardock-test/busybox:1 "
               "sleep infinity")
                .status,
            0);
  const std::string make =
      "d=\"/srv/x$(printf '\\ntouch " + pwn.string() +
      "/PWNED\\n#')\"; mkdir -p \"$d\" && echo data > \"$d/f\" && "
      "mkdir -p '/srv/data,type=bind,source=' && echo data > '/srv/data,type=bind,source=/f'";
  ASSERT_EQ(sh("docker exec h-ap-names sh -c " + quote(make)).status, 0);
  Shell planned = hardock(harden_args("--level strict"));
  ASSERT_EQ(planned.status, 0) << planned.out;
  std::ifstream plan_file(work_ / "plan" / "plan.json");
  const json plan = json::parse(plan_file, nullptr, false);
  std::string dir;
  for (const auto& container : plan["containers"]) {
    if (container["name"] == "h-ap-names") dir = container["dir"].get<std::string>();
  }
  ASSERT_NE(dir, "");
  // The script, run with a docker that only records it was called.
  fs::create_directories(work_ / "stub");
  std::ofstream(work_ / "stub" / "docker") << "#!/bin/sh\necho called >> \"$0.calls\"\n";
  fs::permissions(work_ / "stub" / "docker", fs::perms::owner_all);
  Shell ran = sh("cd " + quote(work_.string()) + " && PATH=" + quote((work_ / "stub").string()) +
                 ":$PATH sh " + quote((work_ / "plan" / dir / "hardened.sh").string()));
  EXPECT_EQ(ran.status, 0) << ran.out;
  EXPECT_FALSE(fs::exists(pwn / "PWNED")) << "a file name became a command";
  std::ifstream script(work_ / "plan" / dir / "hardened.sh");
  std::string line;
  while (std::getline(script, line)) {
    if (line.starts_with("docker run")) break;
    EXPECT_TRUE(line.starts_with("#") || line == "set -e") << line;
  }
}

}  // namespace
