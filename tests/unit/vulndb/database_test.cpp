// The database end to end: imports through import_feed() into a fresh file, the query API the
// matcher uses, idempotent re-import, atomic replace, hostile directories and zips, file modes.
#include "hardock/vulndb/database.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "collecting_sink.h"
#include "hardock/vulndb/freshness.h"
#include "hardock/vulndb/import.h"

namespace hardock::vulndb {
namespace {

namespace fs = std::filesystem;

class VulnDb : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("vulndb-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = Database::open((dir_ / "db" / "vuln.db").string(), Database::Access::kWrite);
    ASSERT_TRUE(opened) << opened.error().message;
    db_.emplace(std::move(*opened));
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  core::Result<ImportResult> import(const std::string& path, ImportRequest request = {}) {
    request.path = path;
    return import_feed(*db_, request, 1'700'000'000);
  }

  std::size_t count(std::string_view ecosystem, const std::vector<std::string>& packages) {
    auto records = db_->records_for(ecosystem, packages);
    EXPECT_TRUE(records) << records.error().message;
    return records ? records->size() : 0;
  }

  void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  fs::path dir_;
  std::optional<Database> db_;
};

TEST_F(VulnDb, FileAndDirectoryModes) {
  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((dir_ / "db" / "vuln.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  fs::create_symlink(dir_ / "db" / "vuln.db", dir_ / "link.db");
  auto linked = Database::open((dir_ / "link.db").string(), Database::Access::kWrite);
  ASSERT_FALSE(linked);
  EXPECT_NE(linked.error().message.find("symbolic link"), std::string::npos);
  auto absent = Database::open((dir_ / "none.db").string(), Database::Access::kRead);
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.error().message.find("hardock db import"), std::string::npos);
}

TEST_F(VulnDb, RecordsForReturnsWhatWasImported) {
  auto imported = import(test_data("ranges/TEST-RANGES-1.json"));
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->format, FeedFormat::kOsvRecord);
  EXPECT_EQ(imported->source.records, 1);
  EXPECT_EQ(imported->source.newest, "2025-03-01T00:00:00Z");
  auto records = db_->records_for("AlmaLinux:9", {"multiple", "absent", "multiple"});
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 1u);
  const vuln::AdvisoryRecord& record = records->front();
  EXPECT_EQ(record.advisory.id, "TEST-RANGES-1");
  EXPECT_EQ(record.advisory.aliases, (std::vector<std::string>{"CVE-2025-0001", "CVE-2025-0002"}));
  EXPECT_EQ(record.advisory.cvss_vectors.size(), 2u);
  EXPECT_EQ(record.advisory.rating, "Important");
  EXPECT_EQ(record.affected.ecosystem, "AlmaLinux:9");
  ASSERT_EQ(record.affected.ranges.size(), 2u);
  ASSERT_EQ(record.affected.ranges[1].events.size(), 3u);
  EXPECT_EQ(record.affected.ranges[1].events[1].kind, vuln::RangeEvent::Kind::kFixed);
  EXPECT_EQ(record.affected.ranges[1].events[1].version, "1:2.3-4.el9");
  auto listed = db_->records_for("Debian:12", {"listed"});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().affected.versions,
            (std::vector<std::string>{"1.0-1", "1.0-2", "1.1-1"}));
  EXPECT_EQ(count("Debian:11", {"listed"}), 0u);
  // More names than one IN list holds: chunked, same answer.
  std::vector<std::string> many(2 * kQueryChunk + 7, "x");
  for (std::size_t index = 0; index < many.size(); ++index) many[index] += std::to_string(index);
  many.push_back("introduced-fixed");
  many.push_back("last-affected");
  EXPECT_EQ(count("Debian:12", many), 2u);
}

TEST_F(VulnDb, EveryFeedThroughDetection) {
  for (const char* feed :
       {"osv/DSA-3029-1.json", "almalinux9", "debian-tracker/debian.json",
        "alpine-secdb/v3.21-main.json", "security-support/security-support-ended.deb12"}) {
    auto imported = import(test_data(feed));
    ASSERT_TRUE(imported) << feed << ": " << imported.error().message;
  }
  ImportRequest limited;
  limited.release = "Debian:12";
  ASSERT_TRUE(import(test_data("security-support/security-support-limited"), limited));
  auto sources = db_->sources();
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->size(), 6u);
  EXPECT_EQ(count("Debian:7", {"nginx"}), 1u);
  EXPECT_EQ(count("AlmaLinux:9", {"xz-libs"}), 1u);
  EXPECT_EQ(count("Debian:12", {"chromium"}), 1u);
  EXPECT_GT(count("Alpine:v3.21", {"glib", "busybox"}), 3u);
  auto notes = db_->support_notes("Debian:12",
                                  {"wolfssl", "golang-1.19", "php-horde-core", "binutils", "bash"});
  ASSERT_TRUE(notes) << notes.error().message;
  std::map<std::string, SupportNote> by_name;
  for (const auto& note : *notes) by_name[note.source_package] = note;
  ASSERT_EQ(by_name.size(), 4u);  // not bash
  EXPECT_TRUE(by_name["wolfssl"].ended);
  EXPECT_EQ(by_name["wolfssl"].version, "5.5.4-2+deb12u2");
  EXPECT_EQ(by_name["wolfssl"].date, "2026-06-12");
  EXPECT_EQ(by_name["wolfssl"].list, "security-support-ended.deb12");
  EXPECT_FALSE(by_name["golang-1.19"].ended);  // "golang.*" in the limited list
  EXPECT_TRUE(by_name["php-horde-core"].ended);
  EXPECT_FALSE(by_name["binutils"].ended);
}

TEST_F(VulnDb, ReimportIsIdempotentAndAFailedImportKeepsTheOldRecords) {
  write(dir_ / "feed" / "a.json", R"({"id":"A-1","affected":[{"package":{"ecosystem":
      "Debian:12","name":"a"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},
      {"fixed":"2"}]}]}]})");
  write(dir_ / "feed" / "sub" / "b.json", R"({"id":"B-1","affected":[{"package":{"ecosystem":
      "Debian:12","name":"b"},"versions":["1"]}]})");
  ASSERT_TRUE(import((dir_ / "feed").string()));
  ASSERT_TRUE(import((dir_ / "feed").string()));
  EXPECT_EQ(count("Debian:12", {"a", "b"}), 2u);
  auto sources = db_->sources();
  ASSERT_TRUE(sources);
  EXPECT_EQ(sources->size(), 1u);
  // A broken record: the import fails naming it, and the source keeps its records.
  write(dir_ / "feed" / "c.json", R"({"id":"C-1","affected":[{"package":"x"}]})");
  auto failed = import((dir_ / "feed").string());
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("c.json: affected[0].package is not an object"),
            std::string::npos)
      << failed.error().message;
  EXPECT_EQ(count("Debian:12", {"a", "b"}), 2u);
  // Fixed, with a record less: replaced whole.
  fs::remove(dir_ / "feed" / "c.json");
  fs::remove(dir_ / "feed" / "a.json");
  ASSERT_TRUE(import((dir_ / "feed").string()));
  EXPECT_EQ(count("Debian:12", {"a", "b"}), 1u);
}

// The matcher's queries keep what they read between images; an import, by this connection or by
// another (an audit reading while `hardock db import` runs), must not leave them stale.
TEST_F(VulnDb, MatchingCachesFollowImports) {
  const fs::path feed = dir_ / "feed" / "a.json";
  const auto record = [](const std::string& id, const std::string& fixed) {
    return R"({"id":")" + id + R"(","affected":[{"package":{"ecosystem":"Debian:12","name":"a"},
        "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":")" +
           fixed + R"("}]}]}]})";
  };
  // What the matcher sees of package "a": its fixed version and the advisory's id.
  const auto seen = [](const Database& db) -> std::string {
    auto records = db.affected_for("Debian:12", {"a", "a", "absent"});
    if (!records) return "error: " + records.error().message;
    if (records->size() != 2 || (*records)[0]->package != "a" ||
        (*records)[1]->package != "absent" || !(*records)[1]->rows.empty() ||
        (*records)[0]->rows.size() != 1) {
      return "unexpected rows";
    }
    const Database::AffectedRow& row = (*records)[0]->rows.front();
    auto advisories = db.advisories({row.advisory}, "Debian:12");
    if (!advisories) return "error: " + advisories.error().message;
    if (advisories->size() != 1 || (*advisories)[0] == nullptr) return "no advisory";
    return (*advisories)[0]->advisory.id + " " + row.affected.ranges.at(0).events.at(1).version;
  };
  write(feed, record("A-1", "2"));
  ASSERT_TRUE(import(feed.string()));
  auto reader = Database::open((dir_ / "db" / "vuln.db").string(), Database::Access::kRead);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ(seen(*db_), "A-1 2");
  EXPECT_EQ(seen(*reader), "A-1 2");
  EXPECT_EQ(seen(*reader), "A-1 2");  // from the caches

  // Replaced by the writing connection: both see the new record (same advisory key, reused).
  write(feed, record("A-2", "3"));
  ASSERT_TRUE(import(feed.string()));
  EXPECT_EQ(seen(*db_), "A-2 3");
  EXPECT_EQ(seen(*reader), "A-2 3");

  // Replaced between the two queries of one image: the advisories are not taken from another
  // version of the database than the rows.
  auto records = reader->affected_for("Debian:12", {"a"});
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 1u);
  ASSERT_EQ((*records)[0]->rows.size(), 1u);
  const std::int64_t key = (*records)[0]->rows.front().advisory;
  write(feed, record("A-3", "4"));
  ASSERT_TRUE(import(feed.string()));
  auto advisories = reader->advisories({key}, "Debian:12");
  ASSERT_FALSE(advisories);
  EXPECT_EQ(advisories.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(advisories.error().message.find("match again"), std::string::npos);
  EXPECT_EQ(seen(*reader), "A-3 4");
}

TEST_F(VulnDb, DirectoryLinksAreNotFollowed) {
  write(dir_ / "outside" / "x.json", R"({"id":"X-1","affected":[{"package":{"ecosystem":
      "Debian:12","name":"x"},"versions":["1"]}]})");
  write(dir_ / "feed" / "ok.json", R"({"id":"OK-1","affected":[{"package":{"ecosystem":
      "Debian:12","name":"ok"},"versions":["1"]}]})");
  fs::create_symlink(dir_ / "outside" / "x.json", dir_ / "feed" / "link.json");
  fs::create_directory_symlink(dir_ / "outside", dir_ / "feed" / "linkdir");
  auto imported = import((dir_ / "feed").string());
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->source.records, 1);
  EXPECT_EQ(imported->skipped, 2u);
  EXPECT_EQ(count("Debian:12", {"x"}), 0u);
}

TEST_F(VulnDb, ZipWithHostileNames) {
  write(dir_ / "make-zip.py", R"(import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("../../escape.json", '{"id":"E-1","affected":[{"package":{"ecosystem":"Debian:12","name":"e"},"versions":["1"]}]}')
    z.writestr("/abs/x.json", '{"id":"E-2","affected":[{"package":{"ecosystem":"Debian:12","name":"e"},"versions":["2"]}]}')
    z.writestr("notes.txt", "not a record")
    z.writestr("dir/", "")
)");
  const std::string zip = (dir_ / "all.zip").string();
  ASSERT_EQ(std::system(("python3 " + (dir_ / "make-zip.py").string() + " " + zip).c_str()), 0);
  auto imported = import(zip);
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->format, FeedFormat::kOsvZip);
  EXPECT_EQ(imported->source.records, 2);
  EXPECT_EQ(imported->skipped, 2u);
  EXPECT_FALSE(fs::exists(dir_.parent_path().parent_path() / "escape.json"));
  EXPECT_EQ(count("Debian:12", {"e"}), 2u);
}

TEST_F(VulnDb, PackageIndexReleaseAndSuiteFromTheName) {
  const fs::path index = dir_ /
                         "deb.debian.org_debian-security_dists_bookworm-security_main_"
                         "binary-amd64_Packages";
  write(index,
        "Package: libssl3\nSource: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n\n"
        "Package: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n\n");
  ImportRequest request;
  request.packages = true;
  auto imported = import(index.string(), request);
  ASSERT_TRUE(imported) << imported.error().message;
  auto versions = db_->suite_versions("Debian:12", {"libssl3", "bash"});
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].suite, "bookworm-security");
  EXPECT_EQ((*versions)[0].source_name, "openssl");
  EXPECT_EQ((*versions)[0].version, "3.0.15-1~deb12u1");
  write(dir_ / "Packages", "Package: a\nVersion: 1\n");
  auto unknown = import((dir_ / "Packages").string(), request);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("give --release"), std::string::npos);
}

TEST_F(VulnDb, NewerSchemaIsRefused) {
  const std::string path = (dir_ / "db" / "vuln.db").string();
  db_.reset();
  ASSERT_EQ(std::system(("sqlite3 '" + path +
                         "' 'PRAGMA user_version = 99' 2>/dev/null || "
                         "python3 -c \"import sqlite3; c = sqlite3.connect('" +
                         path + "'); c.execute('PRAGMA user_version = 99'); c.commit()\"")
                            .c_str()),
            0);
  auto opened = Database::open(path, Database::Access::kRead);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("newer than this hardock"), std::string::npos)
      << opened.error().message;
}

TEST(Freshness, WarnsWhenOlderThanTheLimit) {
  std::vector<SourceInfo> sources{{"a", "osv", 1000, "", 1}, {"b", "osv", 2000, "", 1}};
  EXPECT_FALSE(staleness_warning(sources, 7, 2000 + 7 * 86400));
  auto stale = staleness_warning(sources, 7, 2000 + 8 * 86400);
  ASSERT_TRUE(stale);
  EXPECT_NE(stale->find("8 days old"), std::string::npos) << *stale;
  EXPECT_TRUE(staleness_warning({}, 7, 0));
}

}  // namespace
}  // namespace hardock::vulndb
