// The real hardock binary over hostile host roots (tests/host/make-hostile-fixtures.sh):
// links out of the root, a FIFO, a device, a sparse giant, deep nesting, a link loop, numbers
// out of range, and a root an unprivileged user cannot read. Each run is guarded by timeout(1)
// (a hang ends the run and fails the test; no duration is asserted) and by an address-space
// limit (prlimit --as), so unbounded memory fails it too. The secret planted beside the roots
// must appear in no report and no snapshot.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "HDK-OUTSIDE-SECRET-5e7d1c";
constexpr const char* kTreeShadowSecret = "TREE-SHADOW-SECRET-91ab";
// hardock's whole address space, threads and libraries included: far above what an audit of
// a host root needs, far below what reading a 1 GiB file into memory (twice) would take.
constexpr const char* kAddressSpaceLimit = "1073741824";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class Fixtures {
 public:
  static const Fixtures& get() {
    static Fixtures fixtures;
    return fixtures;
  }
  [[nodiscard]] bool ready() const { return !dir_.empty(); }
  [[nodiscard]] std::string root(const std::string& name) const { return dir_ + "/" + name; }
  [[nodiscard]] const std::string& dir() const { return dir_; }

 private:
  Fixtures() {
    if (::geteuid() != 0) return;
    std::string pattern = (fs::temp_directory_path() / "hardock-hostile-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    const std::string command = std::string(HARDOCK_SOURCE_DIR) +
                                "/tests/host/make-hostile-fixtures.sh '" + pattern +
                                "/t' >/dev/null";
    if (std::system(command.c_str()) == 0) {
      base_ = pattern;
      dir_ = pattern + "/t";
      // nobody must reach the trees.
      ::chmod(base_.c_str(), 0755);
    } else {
      fs::remove_all(pattern);
    }
  }
  ~Fixtures() {
    std::error_code ignored;
    if (!base_.empty()) fs::remove_all(base_, ignored);
  }
  std::string base_;
  std::string dir_;
};

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs hardock with `args` under timeout and an address-space limit; `as_user` runs it as
// nobody (65534) with no supplementary groups.
Run run_hardock(const std::string& args, bool as_user = false) {
  const std::string base =
      std::string(::testing::TempDir()) + "hardock_host_root." + std::to_string(::getpid());
  std::string command = "timeout -k 5 120 prlimit --as=" + std::string(kAddressSpaceLimit) + " ";
  if (as_user) command += "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  // HARDOCK_TEST_BINARY: another build held to the same rules (an older one fails them).
  const char* binary = std::getenv("HARDOCK_TEST_BINARY");
  command += std::string(binary != nullptr ? binary : HARDOCK_BINARY) + " " + args + " >" + base +
             ".out 2>" + base + ".err </dev/null";
  Run run;
  const int status = std::system(command.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = slurp(base + ".out");
  run.err = slurp(base + ".err");
  return run;
}

struct Audit {
  Run run;
  nlohmann::json report;
  std::string snapshot;  // `collect` of the same root

  [[nodiscard]] std::string outcome(const std::string& code) const {
    for (const auto& check : report.at("checks")) {
      if (check.at("code") == code) return check.at("outcome").get<std::string>();
    }
    return "absent";
  }
  // The findings of `code` with status `status`.
  [[nodiscard]] std::vector<std::string> evidence(const std::string& code,
                                                  const std::string& status) const {
    std::vector<std::string> out;
    for (const auto& finding : report.at("findings")) {
      if (finding.at("check") == code && finding.at("status") == status) {
        out.push_back(finding.at("evidence").get<std::string>());
      }
    }
    return out;
  }
};

Audit audit(const std::string& root, bool as_user = false) {
  Audit result;
  // --no-store: a test never records into the machine's default store.
  result.run = run_hardock("audit --no-store --host-root '" + root + "' --format json", as_user);
  EXPECT_NE(result.run.exit_code, 124) << "hardock hung on " << root;
  EXPECT_EQ(result.run.exit_code, 0) << root << ": " << result.run.err;
  result.report = nlohmann::json::parse(result.run.out, nullptr, false);
  EXPECT_FALSE(result.report.is_discarded()) << result.run.out.substr(0, 500);
  if (result.report.is_discarded()) result.report = {{"checks", {}}, {"findings", {}}};
  const std::string snapshot_file = std::string(::testing::TempDir()) + "hardock_host_root." +
                                    std::to_string(::getpid()) + ".snap.json";
  const Run collect =
      run_hardock("collect --host-root '" + root + "' -o '" + snapshot_file + "'", as_user);
  EXPECT_EQ(collect.exit_code, 0) << root << ": " << collect.err;
  result.snapshot = slurp(snapshot_file);
  std::remove(snapshot_file.c_str());
  // Nothing from outside the root: not the secret, not the real path of a link's target.
  const std::string outside = Fixtures::get().dir() + "/outside";
  for (const std::string* text : {&result.run.out, &result.run.err, &result.snapshot}) {
    EXPECT_EQ(text->find(kSecret), std::string::npos) << root;
    EXPECT_EQ(text->find(kTreeShadowSecret), std::string::npos) << root;
    EXPECT_EQ(text->find(outside), std::string::npos) << root;
  }
  return result;
}

// One could-not-check finding of `code` naming `path`, on one line, containing `reason`.
void expect_unchecked(const Audit& result, const std::string& code, const std::string& path,
                      const std::string& reason) {
  const auto errors = result.evidence(code, "error");
  ASSERT_FALSE(errors.empty()) << code << " has no error finding; outcome " << result.outcome(code);
  bool named = false;
  for (const auto& text : errors) {
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
    if (text.find(path) != std::string::npos && text.find(reason) != std::string::npos) {
      named = true;
    }
  }
  EXPECT_TRUE(named) << code << ": no error names " << path << " with \"" << reason
                     << "\"; first: " << errors.front();
  EXPECT_EQ(result.outcome(code), "error");
}

#define HOSTILE_ROOT(var, name)                                                       \
  if (!Fixtures::get().ready()) GTEST_SKIP() << "hostile fixtures need root (mknod)"; \
  const std::string var = Fixtures::get().root(name)

struct Case {
  const char* name;
  const char* check;
  const char* path;
  const char* reason;
};

class HostileRoot : public ::testing::TestWithParam<Case> {};

TEST_P(HostileRoot, EndsAsOneLineCouldNotCheckNamingTheFile) {
  HOSTILE_ROOT(root, GetParam().name);
  const Audit result = audit(root);
  expect_unchecked(result, GetParam().check, GetParam().path, GetParam().reason);
  if (std::string(GetParam().check) == "HDK-H-021") {
    // A verdict that rests on icc being unset cannot stand while daemon.json is unreadable.
    EXPECT_EQ(result.outcome("HDK-H-002"), "error");
  }
}

constexpr const char* kDangling =
    "a symbolic link on the way points to a path the root does not hold";

INSTANTIATE_TEST_SUITE_P(
    Cases, HostileRoot,
    ::testing::Values(
        Case{"abs-daemon-json", "HDK-H-021", "/etc/docker/daemon.json", kDangling},
        Case{"rel-daemon-json", "HDK-H-021", "/etc/docker/daemon.json", kDangling},
        Case{"shadow-daemon-json", "HDK-H-021", "/etc/docker/daemon.json", "line 1, column"},
        Case{"dir-link", "HDK-H-021", "/etc/docker/daemon.json", kDangling},
        Case{"unit-link", "HDK-H-021", "/lib/systemd/system/docker.service", kDangling},
        Case{"default-link", "HDK-H-021", "/etc/default/docker", kDangling},
        Case{"client-config-link", "HDK-X-008", "/root/.docker/config.json", kDangling},
        Case{"dev-zero", "HDK-H-021", "/etc/docker/daemon.json",
             "not a regular file (a character device)"},
        Case{"fifo", "HDK-H-021", "/etc/docker/daemon.json", "not a regular file (a FIFO)"},
        Case{"sparse", "HDK-H-021", "/etc/docker/daemon.json",
             "larger than the 4 MiB limit (1073741824 bytes)"},
        Case{"deep", "HDK-H-021", "/etc/docker/daemon.json", "nested deeper than 128 levels"},
        Case{"loop", "HDK-H-021", "/etc/docker/daemon.json", "too many levels of symbolic links"},
        Case{"number", "HDK-H-021", "/etc/docker/daemon.json", "number overflow"},
        Case{"wrong-type", "HDK-H-021", "/etc/docker/daemon.json",
             "line 2: \"icc\" must be true or false, not a string"}),
    [](const auto& param_info) {
      std::string name = param_info.param.name;
      for (char& c : name) c = (c == '-') ? '_' : c;
      return name;
    });

TEST(HostileRootFiles, LinkedDaemonJsonIsAnErrorForItsModeChecksToo) {
  HOSTILE_ROOT(root, "abs-daemon-json");
  const Audit result = audit(root);
  // CIS 3.17/3.18 look at daemon.json's owner and mode: it cannot be looked at.
  expect_unchecked(result, "HDK-F-017", "/etc/docker/daemon.json", kDangling);
}

TEST(HostileRootFiles, DirectoryLinkedInsideTheRootIsReadThere) {
  // /etc/docker -> /etc resolves to the tree's /etc, as the host's own kernel would: its
  // daemon.json says icc false, so the icc check passes on the tree's file.
  HOSTILE_ROOT(root, "etc-link");
  const Audit result = audit(root);
  EXPECT_EQ(result.outcome("HDK-H-021"), "pass");
  EXPECT_EQ(result.outcome("HDK-H-002"), "pass");
  EXPECT_NE(result.snapshot.find("\"/etc/docker/daemon.json\""), std::string::npos);
}

TEST(HostileRootUnprivileged, UnreadableEtcDockerIsCouldNotCheckNotPass) {
  HOSTILE_ROOT(root, "unreadable");
  const Audit result = audit(root, true);
  expect_unchecked(result, "HDK-H-021", "/etc/docker/daemon.json", "permission denied");
  expect_unchecked(result, "HDK-H-002", "/etc/docker/daemon.json", "permission denied");
  // CIS 3.17/3.18: daemon.json's owner and mode cannot be looked at either.
  expect_unchecked(result, "HDK-F-017", "/etc/docker/daemon.json", "permission denied");
  std::set<std::string> passed;
  for (const auto& check : result.report.at("checks")) {
    const std::string code = check.at("code");
    if (code.rfind("HDK-H-", 0) != 0) continue;
    const std::string outcome = check.at("outcome");
    if (outcome == "pass") passed.insert(code);
    // A failure may rest on what was read (the unit starts dockerd as root), never on the file
    // that could not be read.
    for (const auto& text : result.evidence(code, "fail")) {
      EXPECT_EQ(text.find("/etc/docker/daemon.json:"), std::string::npos) << code << ": " << text;
    }
  }
  // No daemon check passes while daemon.json could not be read: the settings that decide might
  // be in it.
  EXPECT_EQ(passed, std::set<std::string>{});
}

TEST(HostileRootUnprivileged, AsRootTheSameTreeIsReadAndFailsIcc) {
  // The control: the tree is fine, only the reader's rights differ.
  HOSTILE_ROOT(root, "unreadable");
  const Audit result = audit(root);
  EXPECT_EQ(result.outcome("HDK-H-021"), "pass");
  EXPECT_EQ(result.outcome("HDK-H-002"), "fail");
}

}  // namespace
