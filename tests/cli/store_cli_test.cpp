// The store end to end with the real binary: audits recorded (--store FILE), listed (history),
// reported again in every format (show) with no engine, --no-store, a hostile store file.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "run_hardock.h"

namespace {

namespace fs = std::filesystem;
using hardock::cli_test::CliRun;
using hardock::cli_test::run_hardock;
using hardock::cli_test::shell_quoted;

std::string fixture(const std::string& name) {
  return std::string(HARDOCK_TEST_DATA) + "/cli/" + name;
}

class StoreCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("hardock-store-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "runs.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string store() const { return " --store " + shell_quoted(db_); }

  fs::path dir_;
  std::string db_;
};

TEST_F(StoreCli, AuditsAreRecordedListedAndShownInEveryFormat) {
  const std::string audit = "audit --from " + fixture("two-containers.json") + store();
  CliRun first = run_hardock(audit + " --format json");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err.find("not stored"), std::string::npos) << first.err;
  CliRun second = run_hardock(audit);
  ASSERT_EQ(second.exit_code, 0) << second.err;

  CliRun history = run_hardock("history --format json" + store());
  ASSERT_EQ(history.exit_code, 0) << history.err;
  const auto runs = nlohmann::json::parse(history.out);
  ASSERT_EQ(runs.size(), 2U);
  EXPECT_EQ(runs[0]["kind"], "audit");
  EXPECT_GT(runs[0]["id"].get<int>(), runs[1]["id"].get<int>());  // newest first
  EXPECT_EQ(runs[0]["policy_hash"].get<std::string>().size(), 64U);
  EXPECT_FALSE(runs[0]["user"].get<std::string>().empty());
  EXPECT_GT(runs[0]["findings"].get<int>(), 0);

  CliRun table = run_hardock("history" + store());
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("RUN"), std::string::npos);
  EXPECT_NE(table.out.find("audit"), std::string::npos);

  CliRun limited = run_hardock("history --limit 1 --kind audit --format json" + store());
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_EQ(nlohmann::json::parse(limited.out).size(), 1U);
  CliRun none = run_hardock("history --kind lint --format json" + store());
  EXPECT_EQ(nlohmann::json::parse(none.out).size(), 0U);
  CliRun since = run_hardock("history --since 1d --format json" + store());
  EXPECT_EQ(nlohmann::json::parse(since.out).size(), 2U) << since.err;
  EXPECT_EQ(run_hardock("history --since yesterday" + store()).exit_code, 2);

  // The stored run reports what the audit reported, without the engine or the snapshot.
  const std::string id = std::to_string(runs[1]["id"].get<int>());
  CliRun shown = run_hardock("show " + id + " --format json" + store());
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto original = nlohmann::json::parse(first.out);
  const auto again = nlohmann::json::parse(shown.out);
  ASSERT_TRUE(again.contains("findings"));
  EXPECT_EQ(again["findings"].size(), original["findings"].size());
  EXPECT_EQ(again["findings"], original["findings"]);
  // The run's time is when it started; the engine's version and the collection time are the
  // stored snapshot's, as the live audit reported them.
  EXPECT_EQ(again["engine"]["started_at"], runs[1]["started_at"]);
  EXPECT_EQ(again["engine"]["version"], "20.10.24");
  EXPECT_EQ(again["engine"]["version"], original["engine"]["version"]);
  EXPECT_EQ(again["engine"]["collected_at"], original["engine"]["collected_at"]);
  CliRun shown_table = run_hardock("show " + id + store());
  EXPECT_NE(shown_table.out.find("engine: Docker 20.10.24"), std::string::npos) << shown_table.out;
  EXPECT_NE(shown_table.out.find(", run started " + runs[1]["started_at"].get<std::string>()),
            std::string::npos)
      << shown_table.out;
  CliRun shown_markdown = run_hardock("show " + id + " --format markdown" + store());
  EXPECT_NE(shown_markdown.out.find("- **Started:** "), std::string::npos) << shown_markdown.out;
  CliRun shown_sarif = run_hardock("show " + id + " --format sarif" + store());
  EXPECT_EQ(nlohmann::json::parse(shown_sarif.out)["runs"][0]["invocations"][0]["startTimeUtc"],
            runs[1]["started_at"]);

  for (const std::string format :
       {"table", "json", "sarif", "junit", "markdown", "gnu", "checkstyle"}) {
    SCOPED_TRACE(format);
    CliRun out = run_hardock("show " + id + " --format " + format + store());
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_FALSE(out.out.empty());
    EXPECT_TRUE(out.err.empty()) << out.err;
  }
  CliRun to_file = run_hardock("show latest --format sarif -o " +
                               shell_quoted((dir_ / "r.sarif").string()) + store());
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_TRUE(nlohmann::json::parse(std::ifstream(dir_ / "r.sarif")).contains("runs"));

  CliRun missing = run_hardock("show 999999" + store());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no run 999999"), std::string::npos) << missing.err;
  EXPECT_EQ(run_hardock("show abc" + store()).exit_code, 2);
}

TEST_F(StoreCli, NoStoreStoresNothing) {
  // The store this run would use (HARDOCK_STORE) must not even be created.
  const std::string command = "HARDOCK_STORE=" + shell_quoted(db_) + " " + HARDOCK_BINARY +
                              " audit --from " + fixture("two-containers.json") +
                              " --no-store --format json >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_FALSE(fs::exists(db_));
  const std::string recorded = "HARDOCK_STORE=" + shell_quoted(db_) + " " + HARDOCK_BINARY +
                               " audit --from " + fixture("two-containers.json") +
                               " >/dev/null 2>&1";
  ASSERT_EQ(std::system(recorded.c_str()), 0);
  ASSERT_TRUE(fs::exists(db_)) << "the same run without --no-store is recorded there";
  fs::remove(db_);
  CliRun audit = run_hardock("audit --from " + fixture("two-containers.json") + store());
  ASSERT_EQ(audit.exit_code, 0);
  CliRun again =
      run_hardock("audit --from " + fixture("two-containers.json") + " --no-store" + store());
  EXPECT_EQ(again.exit_code, 2) << "--no-store and --store exclude each other";
  CliRun history = run_hardock("history --format json" + store());
  EXPECT_EQ(nlohmann::json::parse(history.out).size(), 1U);
}

TEST_F(StoreCli, AHostileStoreFileGivesOneLineNamingIt) {
  {
    std::ofstream out(db_);
    out << "SQLite format 3" << std::string(1, '\0') << std::string(4000, '\xff');
  }
  CliRun history = run_hardock("history" + store());
  EXPECT_EQ(history.exit_code, 2);
  EXPECT_NE(history.err.find(db_), std::string::npos) << history.err;
  EXPECT_EQ(std::count(history.err.begin(), history.err.end(), '\n'), 1) << history.err;

  // The audit still reports and exits as it would; one line says the run was not stored, and
  // one that the stored waivers could not be read (their findings count): each names the file.
  CliRun audit =
      run_hardock("audit --from " + fixture("two-containers.json") + " --format json" + store());
  EXPECT_EQ(audit.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(audit.out).contains("findings"));
  EXPECT_NE(audit.err.find("not stored"), std::string::npos) << audit.err;
  EXPECT_NE(audit.err.find("waivers not read"), std::string::npos) << audit.err;
  std::istringstream lines(audit.err);
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_NE(line.find(db_), std::string::npos) << line;
  }
  EXPECT_EQ(count, 2) << audit.err;

  // A directory where the file should be.
  fs::remove(db_);
  fs::create_directories(db_);
  CliRun dir = run_hardock("history" + store());
  EXPECT_EQ(dir.exit_code, 2);
  EXPECT_NE(dir.err.find(db_), std::string::npos) << dir.err;
}

// `store:` in ./.hardock.yaml chooses the store when neither --store nor $HARDOCK_STORE does.
TEST_F(StoreCli, HardockYamlNamesTheStore) {
  std::ofstream(dir_ / ".hardock.yaml") << "store: " << db_ << "\n";
  const std::string command = "cd " + shell_quoted(dir_.string()) + " && env -u HARDOCK_STORE " +
                              HARDOCK_BINARY + " audit --from " + fixture("two-containers.json") +
                              " -o /dev/null 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  CliRun history = run_hardock("history --format json" + store());
  EXPECT_EQ(nlohmann::json::parse(history.out).size(), 1U);
}

TEST_F(StoreCli, LintRunsAreRecordedToo) {
  const fs::path dockerfile = dir_ / "Dockerfile";
  std::ofstream(dockerfile) << "FROM debian:12\nRUN apt-get install -y curl\n";
  CliRun lint = run_hardock("lint " + shell_quoted(dockerfile.string()) + store());
  EXPECT_NE(lint.exit_code, 2) << lint.err;
  EXPECT_EQ(lint.err.find("not stored"), std::string::npos) << lint.err;
  CliRun history = run_hardock("history --kind lint --format json" + store());
  const auto runs = nlohmann::json::parse(history.out);
  ASSERT_EQ(runs.size(), 1U);
  CliRun shown = run_hardock("show latest --format gnu" + store());
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Dockerfile"), std::string::npos) << shown.out;
}

// harden --rollback (of daemon.json alone: no engine needed) is a run and a change record with
// who, when, the file before and after, and the journal entry.
TEST_F(StoreCli, RollbackIsAChangeRecord) {
  const fs::path state = dir_ / "state";
  fs::create_directories(state);
  fs::permissions(state, fs::perms::owner_all, fs::perm_options::replace);
  const fs::path daemon = dir_ / "daemon.json";
  std::ofstream(daemon) << "{\"icc\": false}\n";
  std::ofstream(dir_ / "daemon.json.bak") << "{\"icc\": true}\n";
  std::ofstream(state / "journal.json")
      << R"({"schema": "hardock.harden-journal/1", "applies": [{"stamp": "20261128120000-000001",)"
      << R"( "rolled_back": false, "containers": [], "networks": [], "daemon": {"path": ")"
      << daemon.string() << R"(", "backup": ")" << (dir_ / "daemon.json.bak").string()
      << R"(", "existed": true}}]})";
  CliRun rollback =
      run_hardock("harden --rollback --state-dir " + shell_quoted(state.string()) +
                  " --host unix://" + shell_quoted((dir_ / "none.sock").string()) + store());
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(rollback.err.find("not stored"), std::string::npos) << rollback.err;

  CliRun changes = run_hardock("history --changes --format json" + store());
  ASSERT_EQ(changes.exit_code, 0) << changes.err;
  const auto records = nlohmann::json::parse(changes.out);
  ASSERT_EQ(records.size(), 1U) << changes.out;
  EXPECT_EQ(records[0]["what"], "harden.rollback");
  EXPECT_EQ(records[0]["object"], daemon.string());
  EXPECT_EQ(records[0]["before"], "{\"icc\": false}\n");
  EXPECT_EQ(records[0]["after"], "{\"icc\": true}\n");
  EXPECT_FALSE(records[0]["who"].get<std::string>().empty());
  EXPECT_EQ(records[0]["journal"], (state / "journal.json").string() + "#20261128120000-000001");
  CliRun runs = run_hardock("history --kind rollback --format json" + store());
  ASSERT_EQ(nlohmann::json::parse(runs.out).size(), 1U);
  EXPECT_EQ(nlohmann::json::parse(runs.out)[0]["id"], records[0]["run"]);
  CliRun table = run_hardock("history --changes" + store());
  EXPECT_NE(table.out.find("harden.rollback"), std::string::npos) << table.out;
}

// Several hardock processes recording into one SQLite file at once: none is lost.
TEST_F(StoreCli, ConcurrentAuditsAllRecorded) {
  constexpr int kRuns = 6;
  std::vector<pid_t> children;
  for (int i = 0; i < kRuns; ++i) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const std::string command = std::string(HARDOCK_BINARY) + " audit --from " +
                                  fixture("two-containers.json") + store() + " >/dev/null 2>" +
                                  shell_quoted(db_ + ".err" + std::to_string(i));
      _exit(WEXITSTATUS(std::system(command.c_str())));
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  for (int i = 0; i < kRuns; ++i) {
    std::ifstream err(db_ + ".err" + std::to_string(i));
    std::stringstream buffer;
    buffer << err.rdbuf();
    const std::string text = buffer.str();
    EXPECT_EQ(text.find("not stored"), std::string::npos) << text;
  }
  CliRun history = run_hardock("history --format json" + store());
  EXPECT_EQ(nlohmann::json::parse(history.out).size(), static_cast<std::size_t>(kRuns));
}

}  // namespace
