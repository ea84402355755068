// The hardock binary's harden command on snapshots (no engine): hostile names and path
// traversal from `--from`, the output directory rules (fresh 0700, empty or --force, never a
// link), the flags' refusals, and the state directory's lock held by another process.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class HardenCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) / ("hardock-harden-cli-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "pwn");
    fs::create_directories(root_ / "work" / "a" / "b");
    tag_ = "hardock-cli-traversal-" + std::to_string(getpid());
    snapshot_ = root_ / "hostile.json";
    const std::string make =
        std::string(HARDOCK_SOURCE_DIR) + "/tests/harden/make-hostile-snapshot.sh " +
        quote((root_ / "pwn").string()) + " " + quote(snapshot_.string()) + " " + tag_;
    ASSERT_EQ(std::system(make.c_str()), 0);
  }
  void TearDown() override {
    fs::remove_all(root_);
    fs::remove_all(fs::path("/tmp") / tag_);
  }

  CliRun hardock(const std::string& args) const {
    const std::string err_file = (root_ / "stderr").string();
    const std::string command = "cd " + quote((root_ / "work" / "a" / "b").string()) + " && " +
                                std::string(HARDOCK_BINARY) + " " + args + " 2>" + quote(err_file) +
                                " </dev/null";
    CliRun run;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    std::array<char, 4096> buffer{};
    size_t count = 0;
    while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
      run.out.append(buffer.data(), count);
    }
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.err = read(err_file);
    fs::remove(err_file);
    return run;
  }

  // Every path under root_ except the plan directory and the fixtures.
  std::set<std::string> outside(const fs::path& plan) const {
    std::set<std::string> found;
    for (const auto& item : fs::recursive_directory_iterator(root_)) {
      const std::string path = item.path().string();
      if (path.starts_with(plan.string()) || item.path() == snapshot_) continue;
      found.insert(path);
    }
    return found;
  }

  fs::path root_;
  fs::path snapshot_;
  std::string tag_;
};

TEST_F(HardenCli, HostileSnapshotWritesOnlyInsideThePlanAndNamesRefusals) {
  const auto before = outside(root_ / "work" / "a" / "b" / "plan");
  CliRun run = hardock("harden --from " + quote(snapshot_.string()) + " -o plan");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("3 container(s)"), std::string::npos) << run.out;
  // One line per refused container, naming it; nothing from the engine reaches the terminal
  // raw.
  EXPECT_NE(run.err.find("not planned: container nul (444444444444)"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("not planned: container no-equals"), std::string::npos);
  EXPECT_NE(run.err.find("not planned: container label-key"), std::string::npos);
  for (const std::string& text : {run.out, run.err}) {
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    EXPECT_EQ(text.find("\u202e"), std::string::npos);
  }
  // Nothing written beside the plan: not ../../x, not /tmp/TAG.
  EXPECT_EQ(outside(root_ / "work" / "a" / "b" / "plan"), before);
  EXPECT_FALSE(fs::exists(fs::path("/tmp") / tag_));
  EXPECT_FALSE(fs::exists(root_ / "pwn" / "PWNED"));
  // plan.json maps each name to the directory it got.
  const json plan = json::parse(read(root_ / "work/a/b/plan/plan.json"));
  std::set<std::string> names;
  for (const auto& container : plan["containers"]) {
    names.insert(container["name"].get<std::string>());
    EXPECT_TRUE(fs::is_directory(root_ / "work/a/b/plan" / container["dir"].get<std::string>()));
  }
  EXPECT_TRUE(names.contains("../../x"));
  EXPECT_TRUE(names.contains("../../../../tmp/" + tag_));
  struct stat info {};
  ASSERT_EQ(::stat((root_ / "work/a/b/plan").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700U);
}

TEST_F(HardenCli, OutputDirectoryMustBeFreshOrForcedAndNeverALink) {
  CliRun first = hardock("harden --from " + quote(snapshot_.string()) + " -o plan");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  CliRun again = hardock("harden --from " + quote(snapshot_.string()) + " -o plan");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("plan is not empty"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  CliRun forced = hardock("harden --from " + quote(snapshot_.string()) + " -o plan --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  fs::create_directories(root_ / "elsewhere");
  fs::create_directory_symlink(root_ / "elsewhere", root_ / "work/a/b/linked");
  CliRun linked = hardock("harden --from " + quote(snapshot_.string()) + " -o linked --force");
  EXPECT_EQ(linked.exit_code, 2);
  EXPECT_NE(linked.err.find("symbolic link"), std::string::npos) << linked.err;
  EXPECT_TRUE(fs::is_empty(root_ / "elsewhere"));
}

TEST_F(HardenCli, FlagsAreCheckedBeforeAnythingIsRead) {
  CliRun address = hardock("harden --from " + quote(snapshot_.string()) +
                           " -o plan --publish-address 'not an address'");
  EXPECT_EQ(address.exit_code, 2);
  EXPECT_NE(address.err.find("--publish-address"), std::string::npos) << address.err;
  CliRun apply = hardock("harden --from " + quote(snapshot_.string()) + " -o plan --apply");
  EXPECT_EQ(apply.exit_code, 2);
  EXPECT_NE(apply.err.find("--apply needs the live engine"), std::string::npos) << apply.err;
  EXPECT_FALSE(fs::exists(root_ / "work/a/b/plan"));
}

TEST_F(HardenCli, StateDirectoryHeldByAnotherProcessIsRefused) {
  // A daemon.json apply to roll back, without any engine.
  const fs::path state = root_ / "state";
  const fs::path file = root_ / "daemon.json";
  fs::create_directories(state);
  std::ofstream(state / "journal.json")
      << R"({"schema":"hardock.harden-journal/1","applies":[{"stamp":"s1","rolled_back":false,)"
      << R"("containers":[],"daemon":{"path":")" << file.string()
      << R"(","backup":"","existed":false}}]})";
  std::ofstream(file) << "{}\n";
  // Another process holds the lock while this run tries.
  // -o: the lock stays with flock itself (not its child), so ending flock releases it.
  const std::string hold = "flock -o " + quote((state / "lock").string()) + " sleep 30";
  FILE* holder = popen(("exec " + hold + " >/dev/null 2>&1 & echo $!").c_str(), "r");
  ASSERT_NE(holder, nullptr);
  int pid = 0;
  ASSERT_EQ(fscanf(holder, "%d", &pid), 1);
  pclose(holder);
  // Wait until the lock is taken (no timing assertion: poll its state).
  for (int tries = 0; tries < 200; ++tries) {
    if (std::system(("flock -n " + quote((state / "lock").string()) + " true").c_str()) != 0) break;
    ::usleep(50000);
  }
  const std::string args =
      "harden --rollback -H unix:///nonexistent/docker.sock --state-dir " + quote(state.string());
  CliRun refused = hardock(args);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("another hardock run"), std::string::npos) << refused.err;
  EXPECT_TRUE(fs::exists(file)) << "the refused run changed something";
  ::kill(pid, SIGTERM);
  for (int tries = 0; tries < 200; ++tries) {
    if (std::system(("flock -n " + quote((state / "lock").string()) + " true").c_str()) == 0) break;
    ::usleep(50000);
  }
  CliRun done = hardock(args);
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find("removed (there was none before)"), std::string::npos) << done.out;
  EXPECT_FALSE(fs::exists(file));
}

}  // namespace

namespace {

// app/output.cpp's write_output, as audit -o uses it: devices written through, files replaced
// atomically, a link to a file refused.
TEST_F(HardenCli, OutputFilesAreWrittenSafely) {
  const std::string from =
      " --from " + quote(std::string(HARDOCK_TEST_DATA) + "/cli/two-containers.json") + " -f json";
  CliRun devnull = hardock("audit" + from + " -o /dev/null");
  EXPECT_EQ(devnull.exit_code, 0) << devnull.err;
  struct stat info {};
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode)) << "/dev/null was replaced";

  CliRun file = hardock("audit" + from + " -o report.json");
  ASSERT_EQ(file.exit_code, 0) << file.err;
  const fs::path report = root_ / "work/a/b/report.json";
  EXPECT_FALSE(json::parse(read(report), nullptr, false).is_discarded());
  ASSERT_EQ(::stat(report.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 022, 0U) << "group or others may write the report";

  std::ofstream(root_ / "victim") << "precious";
  fs::create_symlink(root_ / "victim", root_ / "work/a/b/link.json");
  CliRun linked = hardock("audit" + from + " -o link.json");
  EXPECT_EQ(linked.exit_code, 2);
  EXPECT_NE(linked.err.find("symbolic link"), std::string::npos) << linked.err;
  EXPECT_EQ(read(root_ / "victim"), "precious");
  for (const auto& item : fs::directory_iterator(root_ / "work/a/b")) {
    EXPECT_FALSE(item.path().filename().string().starts_with(".hardock-tmp")) << item.path();
  }
}

}  // namespace
