// `hardock db import` and `hardock db info` end to end, on the real feed excerpts of
// tests/data/vulndb: exit codes, one-line errors, the staleness warning, terminal-safe output.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_hardock.h"

namespace {

namespace fs = std::filesystem;

using DbRun = hardock::cli_test::CliRun;

using hardock::cli_test::run_hardock;

std::string data(const std::string& name) {
  return std::string(HARDOCK_TEST_DATA) + "/vulndb/" + name;
}

class DbCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::path(::testing::TempDir()) /
        ("db-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = "--db " + (dir_ / "vuln.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string db_;
};

TEST_F(DbCli, ImportThenInfo) {
  DbRun imported =
      run_hardock("db import " + db_ + " " + data("osv/DSA-3029-1.json") + " " +
                  data("debian-tracker/debian.json") + " " + data("alpine-secdb/v3.21-main.json"));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("imported osv:"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("imported debian-tracker:"), std::string::npos);
  EXPECT_NE(imported.out.find("imported alpine-secdb:"), std::string::npos);
  EXPECT_EQ(imported.err, "");
  DbRun info = run_hardock("db info " + db_);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("Sources:  3"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("newest:    2014-09-20T08:18:07Z"), std::string::npos) << info.out;
  EXPECT_EQ(info.err, "");
  // Again: the same three sources, replaced.
  ASSERT_EQ(run_hardock("db import " + db_ + " " + data("osv/DSA-3029-1.json")).exit_code, 0);
  EXPECT_NE(run_hardock("db info " + db_).out.find("Sources:  3"), std::string::npos);
}

TEST_F(DbCli, StaleDataIsAWarning) {
  ASSERT_EQ(run_hardock("db import " + db_ + " " + data("osv/DSA-3029-1.json")).exit_code, 0);
  // --max-age 0: anything imported more than 0 days ago is stale, and the import happened a
  // moment ago; a limit of 0 days warns only once a second has passed, so wait for it.
  ::sleep(1);
  DbRun info = run_hardock("db info --max-age 0 " + db_);
  EXPECT_EQ(info.exit_code, 0);
  EXPECT_NE(info.err.find("hardock: warning: "), std::string::npos) << info.err;
  EXPECT_NE(info.err.find("refresh the feeds"), std::string::npos) << info.err;
  EXPECT_EQ(run_hardock("db info " + db_).err, "");
}

TEST_F(DbCli, ErrorsAreOneLineAndNameTheFile) {
  const fs::path bad = dir_ / "bad\x1b[31m.json";
  std::ofstream(bad) << R"({"id": ["x"]})";
  DbRun failed = run_hardock("db import " + db_ + " '" + bad.string() + "'");
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_NE(failed.err.find("hardock: error: "), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("id is not a string"), std::string::npos) << failed.err;
  EXPECT_EQ(failed.err.find('\x1b'), std::string::npos) << "escape sequence reached the terminal";
  // The error on one line; then the warning that the database holds no feed.
  const std::string first_line = failed.err.substr(0, failed.err.find('\n'));
  EXPECT_NE(first_line.find("id is not a string"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("hardock: warning: "), std::string::npos) << failed.err;
  DbRun missing = run_hardock("db info --db " + (dir_ / "none.db").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("hardock db import"), std::string::npos) << missing.err;
  DbRun unknown = run_hardock("db import " + db_ + " " + data("README.md"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("not a feed hardock knows"), std::string::npos) << unknown.err;
}

TEST_F(DbCli, PackageIndexNeedsItsRelease) {
  const fs::path index = dir_ / "Packages";
  std::ofstream(index) << "Package: a\nVersion: 1\n";
  DbRun failed = run_hardock("db import --packages " + db_ + " " + index.string());
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_NE(failed.err.find("give --release"), std::string::npos) << failed.err;
  DbRun imported = run_hardock("db import --packages --release Debian:12 --suite bookworm " + db_ +
                               " " + index.string());
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find(": 1 records"), std::string::npos) << imported.out;
}

}  // namespace

// `db match`: a saved inventory matched without its image; names from the inventory reach the
// terminal escaped; what is not an inventory is refused in one line.
TEST_F(DbCli, MatchASavedInventory) {
  ASSERT_EQ(run_hardock("db import " + db_ + " " + data("debian-tracker/debian.json")).exit_code,
            0);
  const fs::path inventory = dir_ / "inventory.json";
  std::ofstream(inventory) << R"({"schema":"hardock.image-inventory/1","os":{"id":"debian",
    "version_id":"12","version_codename":"bookworm"},"packages":[
    {"ecosystem":"deb","name":"libsope1\u001b[31m","version":"5.8.0-1","source_name":"sope",
     "source_version":"5.8.0-1","architecture":"amd64"},
    {"ecosystem":"deb","name":"sope4.9-appserver","version":"5.8.0-1+deb12u1",
     "source_name":"sope","source_version":"5.8.0-1+deb12u1","architecture":"amd64"}]})";
  DbRun matched = run_hardock("db match " + db_ + " " + inventory.string());
  ASSERT_EQ(matched.exit_code, 0) << matched.err;
  EXPECT_NE(matched.out.find("CVE-2025-53603 medium fixed-in 5.8.0-1+deb12u1"), std::string::npos)
      << matched.out;
  EXPECT_EQ(matched.out.find('\x1b'), std::string::npos) << matched.out;
  EXPECT_EQ(matched.out.find("sope4.9-appserver"), std::string::npos) << matched.out;
  EXPECT_NE(matched.out.find("Debian:12, 2 packages, 1 vulnerabilities"), std::string::npos)
      << matched.out;

  const fs::path empty = dir_ / "empty.json";
  std::ofstream(empty) << "{}";
  DbRun refused = run_hardock("db match " + db_ + " " + empty.string());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("not a hardock image inventory"), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
}

// A directory with no OSV record in it is the wrong path, not an empty feed: refused.
TEST_F(DbCli, ADirectoryWithoutRecordsIsRefused) {
  fs::create_directories(dir_ / "lists");
  std::ofstream(dir_ / "lists" / "security-support-limited") << "adns  trusted only\n";
  DbRun refused = run_hardock("db import " + db_ + " " + (dir_ / "lists").string());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("no OSV record (*.json) in it; 1 entries skipped"), std::string::npos)
      << refused.err;
  EXPECT_EQ(run_hardock("db info " + db_).out.find("osv-dir"), std::string::npos);
}
