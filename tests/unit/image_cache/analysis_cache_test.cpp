// The analysis cache (image/analysis_cache.h, analysis_codec.h): a docker save archive built
// here (two layers: a Debian-like base with packages, accounts, setuid, world-writable and
// secret files, links and a device; a top layer deleting the key) is opened as `image` would,
// stored, loaded back and compared field by field with the fresh analysis. Then what must not be
// trusted: another version, corrupt, truncated, oversized and tampered records, a file that is
// no database, links and foreign owners, and the modes the cache creates.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../image/tar_builder.h"
#include "hardock/image/open_image.h"
#include "hardock/image/source_manifest.h"
#include "hardock/image_cache/analysis_cache.h"

namespace hardock::image_cache {
namespace {

using namespace image;  // NOLINT: the analysis types under test

namespace fs = std::filesystem;
using namespace image::test;  // NOLINT: the TarItem factories

constexpr const char* kVersion = "test-version 1";

TarItem with_owner(TarItem item, long uid, long gid) {
  item.uid = uid;
  item.gid = gid;
  return item;
}

// A docker save archive of two layers; `id` receives the image id (the config's sha256).
std::string rich_archive(std::string& id) {
  const std::string key =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
      "-----END OPENSSH PRIVATE KEY-----\n";
  const std::string status =
      "Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\n"
      "Source: openssh (1:9.2p1-2)\nVersion: 1:9.2p1-2+deb12u2\n\n"
      "Package: passwd\nStatus: install ok installed\nArchitecture: amd64\n"
      "Source: shadow\nVersion: 1:4.13+dfsg1-1\n\n";
  const std::string base = make_tar({
      dir("etc/"),
      file("etc/os-release",
           "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
           "VERSION_CODENAME=bookworm\n"),
      file("etc/passwd",
           "root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n"
           "twin:x:1000:1000::/home/twin:/usr/sbin/nologin\n"),
      file("etc/shadow", "root::19000:0:99999:7:::\napp:*:19000:0:99999:7:::\n", 0640),
      file("etc/group", "root:x:0:\napp:x:1000:\nshadow:x:42:\n"),
      dir("var/lib/dpkg/info/"),
      file("var/lib/dpkg/status", status),
      file("var/lib/dpkg/info/openssh-server.list", "/.\n/usr\n/usr/sbin\n/usr/sbin/sshd\n"),
      file("var/lib/dpkg/info/passwd.list", "/usr/bin/passwd\n"),
      dir("usr/bin/"),
      dir("usr/sbin/"),
      file("usr/sbin/sshd", "ELF", 0755),
      file("usr/bin/passwd", "ELF", 04755),
      with_owner(file("usr/local/bin/helper", "ELF", 06750), 0, 42),
      hardlink("usr/bin/passwd-again", "usr/bin/passwd"),
      symlink("bin", "usr/bin"),
      device("dev/null"),
      file("srv/shared", "data", 0666),
      with_owner(dir("tmp/"), 0, 0),
      dir("root/.ssh/"),
      file("root/.ssh/id_ed25519", key, 0600),
      with_owner(file("home/app/.env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"), 1000, 1000),
      dir("var/cache/apt/archives/"),
      file("var/cache/apt/archives/x.deb", std::string(4096, 'x')),
  });
  const std::string top = make_tar({dir("root/.ssh/"), file("root/.ssh/.wh.id_ed25519", ""),
                                    file("etc/motd", "hello\n"), dir("srv/open/")});
  const std::string config = R"({"architecture":"amd64","os":"linux","config":{"User":"app"},
      "rootfs":{"type":"layers","diff_ids":[")" +
                             sha256_digest(base) + R"(",")" + sha256_digest(top) + R"("]}})";
  id = sha256_digest(config);
  const std::string hex = id.substr(7);
  const std::string manifest = R"([{"Config":")" + hex + R"(.json","RepoTags":["rich:1"],
      "Layers":["b/layer.tar","t/layer.tar"]}])";
  return make_tar({file("b/layer.tar", base), file("t/layer.tar", top), file(hex + ".json", config),
                   file("manifest.json", manifest)});
}

// A scratch directory, removed with what is in it.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/hardock-cache-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string path() const { return path_.string(); }
  [[nodiscard]] std::string sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

class AnalysisCacheTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string id;
    const std::string archive = rich_archive(id);
    char pattern[] = "/tmp/hardock-rich-XXXXXX";
    const int fd = ::mkstemp(pattern);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, archive.data(), archive.size()), static_cast<ssize_t>(archive.size()));
    ::close(fd);
    OpenRequest request;
    request.input = pattern;
    auto analysed = open_image(request);
    ::unlink(pattern);
    ASSERT_TRUE(analysed) << analysed.error().to_string();
    fresh_ = new AnalysedImage(std::move(*analysed));
    id_ = new std::string(id);
  }
  static void TearDownTestSuite() {
    delete fresh_;
    delete id_;
  }

  static AnalysisCache open_cache(const std::string& dir, const std::string& version = kVersion) {
    std::vector<std::string> notes;
    auto cache = AnalysisCache::open(dir, version, notes);
    EXPECT_TRUE(cache) << cache.error().to_string();
    EXPECT_TRUE(notes.empty()) << notes.front();
    return std::move(*cache);
  }

  static void store_fresh(AnalysisCache& cache) {
    auto stored = cache.store(*id_, fresh_->image.tree, fresh_->inventory);
    ASSERT_TRUE(stored) << stored.error().to_string();
  }

  // Runs one SQL statement on the cache file behind hardock's back (what a tamperer does).
  static void tamper(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(code, SQLITE_OK) << (message != nullptr ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }

  // Replaces the stored record by `record`, keyed as the real one.
  static void replace_record(const std::string& db_path, const std::string& record) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE analyses SET data = ?1", -1, &statement, nullptr),
              SQLITE_OK);
    sqlite3_bind_blob(statement, 1, record.data(), static_cast<int>(record.size()),
                      SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(statement), SQLITE_DONE);
    EXPECT_EQ(sqlite3_changes(db), 1);
    sqlite3_finalize(statement);
    sqlite3_close(db);
  }

  // The record as it is stored: one row.
  static std::string stored_record(const std::string& db_path) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT data FROM analyses", -1, &statement, nullptr),
              SQLITE_OK);
    std::string record;
    if (sqlite3_step(statement) == SQLITE_ROW) {
      record.assign(static_cast<const char*>(sqlite3_column_blob(statement, 0)),
                    static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return record;
  }

  // A load that must fail and name `reason`; then the image is "walked again" and stored, and
  // the next load gives the fresh analysis back.
  static void expect_ignored_then_replaced(AnalysisCache& cache, const std::string& reason) {
    auto loaded = cache.load(*id_);
    ASSERT_FALSE(loaded) << "a damaged entry was accepted";
    EXPECT_NE(loaded.error().to_string().find(reason), std::string::npos)
        << loaded.error().to_string();
    EXPECT_EQ(loaded.error().to_string().find('\n'), std::string::npos);
    store_fresh(cache);
    auto again = cache.load(*id_);
    ASSERT_TRUE(again) << again.error().to_string();
    ASSERT_TRUE(again->has_value());
    EXPECT_EQ((*again)->tree.index().size(), fresh_->image.tree.index().size());
  }

  static AnalysedImage* fresh_;
  static std::string* id_;
};

AnalysedImage* AnalysisCacheTest::fresh_ = nullptr;
std::string* AnalysisCacheTest::id_ = nullptr;

void expect_same_accounts(const std::vector<Account>& stored, const std::vector<Account>& fresh) {
  ASSERT_EQ(stored.size(), fresh.size());
  for (std::size_t index = 0; index < fresh.size(); ++index) {
    SCOPED_TRACE(fresh[index].name);
    EXPECT_EQ(stored[index].name, fresh[index].name);
    EXPECT_EQ(stored[index].id, fresh[index].id);
    EXPECT_EQ(stored[index].group, fresh[index].group);
    EXPECT_EQ(stored[index].home, fresh[index].home);
    EXPECT_EQ(stored[index].shell, fresh[index].shell);
    EXPECT_EQ(stored[index].empty_password, fresh[index].empty_password);
  }
}

TEST_F(AnalysisCacheTest, TheFreshAnalysisIsRich) {
  // The round trip below proves something only if every kind of field is there to lose.
  const Inventory& inventory = fresh_->inventory;
  EXPECT_EQ(inventory.os.id, "debian");
  ASSERT_EQ(inventory.packages.size(), 2u);
  EXPECT_FALSE(inventory.packages[0].files.empty());
  EXPECT_EQ(inventory.users.size(), 3u);
  EXPECT_TRUE(inventory.users[0].empty_password);
  EXPECT_FALSE(inventory.groups.empty());
  ASSERT_GE(inventory.secrets.size(), 2u);
  bool removed = false;
  for (const auto& secret : inventory.secrets) removed = removed || secret.removed_later;
  EXPECT_TRUE(removed);
  const FileIndex& index = fresh_->image.tree.index();
  ASSERT_NE(index.find("usr/local/bin/helper"), nullptr);
  EXPECT_EQ(index.find("usr/local/bin/helper")->mode, 06750u);
  EXPECT_EQ(index.find("usr/local/bin/helper")->gid, 42);
  EXPECT_EQ(index.find("bin")->type, EntryType::kSymlink);
  EXPECT_EQ(index.find("usr/bin/passwd-again")->type, EntryType::kHardlink);
  EXPECT_EQ(index.find("dev/null")->type, EntryType::kCharDevice);
  EXPECT_EQ(index.find("etc/motd")->layer, 1);
  EXPECT_EQ(index.find("root/.ssh/id_ed25519"), nullptr);
  EXPECT_EQ(fresh_->image.tree.layers().size(), 2u);
}

TEST_F(AnalysisCacheTest, RoundTripGivesTheFreshAnalysisFieldByField) {
  TempDir dir;
  auto cache = open_cache(dir.path());
  store_fresh(cache);
  auto loaded = cache.load(*id_);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  ASSERT_TRUE(loaded->has_value());
  const ImageAnalysis& stored = **loaded;

  const auto& fresh_entries = fresh_->image.tree.index().entries();
  const auto& stored_entries = stored.tree.index().entries();
  ASSERT_EQ(stored_entries.size(), fresh_entries.size());
  for (auto fresh = fresh_entries.begin(), back = stored_entries.begin();
       fresh != fresh_entries.end(); ++fresh, ++back) {
    SCOPED_TRACE(fresh->first);
    EXPECT_EQ(back->first, fresh->first);
    EXPECT_EQ(back->second.type, fresh->second.type);
    EXPECT_EQ(back->second.mode, fresh->second.mode);
    EXPECT_EQ(back->second.uid, fresh->second.uid);
    EXPECT_EQ(back->second.gid, fresh->second.gid);
    EXPECT_EQ(back->second.size, fresh->second.size);
    EXPECT_EQ(back->second.link, fresh->second.link);
    EXPECT_EQ(back->second.layer, fresh->second.layer);
    EXPECT_FALSE(back->second.content.has_value());  // bytes are never stored
  }
  const auto& fresh_layers = fresh_->image.tree.layers();
  ASSERT_EQ(stored.tree.layers().size(), fresh_layers.size());
  for (std::size_t index = 0; index < fresh_layers.size(); ++index) {
    EXPECT_EQ(stored.tree.layers()[index].digest, fresh_layers[index].digest);
    EXPECT_EQ(stored.tree.layers()[index].compressed_bytes, fresh_layers[index].compressed_bytes);
    EXPECT_EQ(stored.tree.layers()[index].uncompressed_bytes,
              fresh_layers[index].uncompressed_bytes);
    EXPECT_EQ(stored.tree.layers()[index].entries, fresh_layers[index].entries);
    EXPECT_EQ(stored.tree.layers()[index].anomalies, fresh_layers[index].anomalies);
  }
  // Links resolve in the restored tree as in the fresh one.
  EXPECT_EQ(*stored.tree.index().resolve("bin/passwd"), "usr/bin/passwd");

  const Inventory& fresh = fresh_->inventory;
  const Inventory& back = stored.inventory;
  EXPECT_EQ(back.os.id, fresh.os.id);
  EXPECT_EQ(back.os.id_like, fresh.os.id_like);
  EXPECT_EQ(back.os.version_id, fresh.os.version_id);
  EXPECT_EQ(back.os.version_codename, fresh.os.version_codename);
  EXPECT_EQ(back.os.pretty_name, fresh.os.pretty_name);
  EXPECT_EQ(back.os.source, fresh.os.source);
  EXPECT_EQ(back.os.distroless, fresh.os.distroless);
  ASSERT_EQ(back.packages.size(), fresh.packages.size());
  for (std::size_t index = 0; index < fresh.packages.size(); ++index) {
    const Package& one = back.packages[index];
    const Package& other = fresh.packages[index];
    SCOPED_TRACE(other.name);
    EXPECT_EQ(one.ecosystem, other.ecosystem);
    EXPECT_EQ(one.name, other.name);
    EXPECT_EQ(one.version, other.version);
    EXPECT_EQ(one.source_name, other.source_name);
    EXPECT_EQ(one.source_version, other.source_version);
    EXPECT_EQ(one.architecture, other.architecture);
    EXPECT_EQ(one.database, other.database);
    EXPECT_EQ(one.origin_layer, other.origin_layer);
    EXPECT_EQ(one.files, other.files);
  }
  expect_same_accounts(back.users, fresh.users);
  expect_same_accounts(back.groups, fresh.groups);
  ASSERT_EQ(back.secrets.size(), fresh.secrets.size());
  for (std::size_t index = 0; index < fresh.secrets.size(); ++index) {
    EXPECT_EQ(back.secrets[index].path, fresh.secrets[index].path);
    EXPECT_EQ(back.secrets[index].layer, fresh.secrets[index].layer);
    EXPECT_EQ(back.secrets[index].rule, fresh.secrets[index].rule);
    EXPECT_EQ(back.secrets[index].redacted, fresh.secrets[index].redacted);
    EXPECT_EQ(back.secrets[index].removed_later, fresh.secrets[index].removed_later);
  }
  EXPECT_EQ(back.errors, fresh.errors);

  // Another process (a second audit) reads the same entry.
  auto other = open_cache(dir.path());
  auto again = other.load(*id_);
  ASSERT_TRUE(again && again->has_value());
  EXPECT_EQ((*again)->tree.index().size(), fresh_entries.size());
}

TEST_F(AnalysisCacheTest, UnknownImageIsAMiss) {
  TempDir dir;
  auto cache = open_cache(dir.path());
  store_fresh(cache);
  auto loaded = cache.load("sha256:" + std::string(64, '0'));
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(AnalysisCacheTest, AnotherAnalysisVersionIsNeverTrusted) {
  TempDir dir;
  {
    auto old = open_cache(dir.path(), "hardock 0.0.9; walk 1");
    store_fresh(old);
  }
  auto cache = open_cache(dir.path());
  auto loaded = cache.load(*id_);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_FALSE(loaded->has_value()) << "an entry of another version was used";
  // Storing at this version drops the old one: one row left.
  store_fresh(cache);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() + "/images.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT version FROM analyses", -1, &statement, nullptr),
            SQLITE_OK);
  std::vector<std::string> versions;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    versions.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  EXPECT_EQ(versions, std::vector<std::string>{kVersion});
}

TEST_F(AnalysisCacheTest, AnalysisVersionNamesToolAnalyzersAndLimits) {
  const std::string version = analysis_version("1.2.3", LayerLimits{});
  EXPECT_NE(version.find("hardock 1.2.3"), std::string::npos) << version;
  EXPECT_NE(version.find("dpkg 1"), std::string::npos) << version;
  EXPECT_NE(analysis_version("1.2.4", LayerLimits{}), version);
  LayerLimits smaller;
  smaller.max_file_bytes = 1 << 20;
  EXPECT_NE(analysis_version("1.2.3", smaller), version);
  EXPECT_TRUE(cacheable_image_id(*id_));
  EXPECT_FALSE(cacheable_image_id("sha256:" + std::string(63, 'a')));
  EXPECT_FALSE(cacheable_image_id("sha256:" + std::string(64, 'A')));
  EXPECT_FALSE(cacheable_image_id("busybox:latest"));
}

TEST_F(AnalysisCacheTest, CorruptTruncatedOversizedAndTamperedEntriesAreIgnoredAndReplaced) {
  TempDir dir;
  const std::string db_path = dir.path() + "/images.db";
  auto cache = open_cache(dir.path());
  store_fresh(cache);
  const std::string good = stored_record(db_path);
  ASSERT_FALSE(good.empty());

  // Truncated.
  replace_record(db_path, good.substr(0, good.size() / 2));
  expect_ignored_then_replaced(cache, "truncated");
  // One byte of the payload flipped: the checksum no longer matches.
  std::string flipped = good;
  flipped[flipped.size() - 10] = static_cast<char>(flipped[flipped.size() - 10] ^ 0x20);
  replace_record(db_path, flipped);
  expect_ignored_then_replaced(cache, "checksum mismatch");
  // Not a record at all, and a value that is no blob.
  replace_record(db_path, "garbage");
  expect_ignored_then_replaced(cache, "not a hardock record");
  tamper(db_path, "UPDATE analyses SET data = 'text'");
  expect_ignored_then_replaced(cache, "not a record");
  // Over the cap: refused without being decoded.
  tamper(db_path,
         "UPDATE analyses SET data = zeroblob(" + std::to_string(kMaxAnalysisBytes + 1) + ")");
  expect_ignored_then_replaced(cache, "over the 128 MiB cap");
}

// A tamperer who recomputes the checksum: the decoder still refuses what a walk never makes.
TEST_F(AnalysisCacheTest, TamperedRecordsWithAValidChecksumAreRefused) {
  auto record = encode_analysis(*id_, kVersion, fresh_->image.tree, fresh_->inventory);
  ASSERT_TRUE(record);
  auto decoded = decode_analysis(*record, *id_, kVersion);
  ASSERT_TRUE(decoded) << decoded.error().to_string();

  // Header: magic (8), codec (4), payload size (8), digest (4 + 71), then the payload.
  const std::size_t payload_at = 8 + 4 + 8 + 4 + 71;
  auto resealed = [&](std::string payload) {
    std::string out = record->substr(0, 12);
    uint64_t size = payload.size();
    for (int byte = 0; byte < 8; ++byte) out.push_back(static_cast<char>(size >> (8 * byte)));
    const std::string digest = sha256_digest(payload);
    for (int byte = 0; byte < 4; ++byte)
      out.push_back(static_cast<char>(digest.size() >> (8 * byte)));
    return out + digest + payload;
  };
  const std::string payload = record->substr(payload_at);
  ASSERT_TRUE(decode_analysis(resealed(payload), *id_, kVersion)) << "resealing is faithful";

  // Made for another image, or another version: the key inside the record must match.
  EXPECT_FALSE(decode_analysis(*record, "sha256:" + std::string(64, 'f'), kVersion));
  EXPECT_FALSE(decode_analysis(*record, *id_, "other"));

  // The first layer count after the two key strings: a count that cannot fit is refused before
  // anything is allocated.
  const std::size_t layers_at = 4 + id_->size() + 4 + std::string(kVersion).size();
  std::string huge_count = payload;
  for (int byte = 0; byte < 4; ++byte) huge_count[layers_at + byte] = '\xff';
  auto refused = decode_analysis(resealed(huge_count), *id_, kVersion);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("do not fit"), std::string::npos)
      << refused.error().message;

  // Every single-byte change and every truncation of the payload decodes or fails cleanly (the
  // sanitizer build would catch a read out of bounds); most are refused.
  int refused_count = 0;
  for (std::size_t at = 0; at < payload.size(); at += 7) {
    std::string changed = payload;
    changed[at] = static_cast<char>(changed[at] ^ 0x81);
    if (!decode_analysis(resealed(changed), *id_, kVersion)) ++refused_count;
    if (!decode_analysis(resealed(payload.substr(0, at)), *id_, kVersion)) ++refused_count;
  }
  EXPECT_GT(refused_count, static_cast<int>(payload.size() / 7));

  // A trailing byte, and an entry path that is not normalised.
  EXPECT_FALSE(decode_analysis(resealed(payload + "x"), *id_, kVersion));
  ImageTree tree;
  LayerRecord layer;
  layer.entries.push_back({"etc/passwd", FileEntry{}});
  tree.add(layer);
  auto plain = encode_analysis(*id_, kVersion, tree, Inventory{});
  ASSERT_TRUE(plain);
  std::string dotted = *plain;
  const auto path_at = dotted.find("etc/passwd");
  ASSERT_NE(path_at, std::string::npos);
  dotted.replace(path_at, 10, "etc/./pass");
  std::string dotted_payload = dotted.substr(payload_at);
  auto not_normal = decode_analysis(resealed(dotted_payload), *id_, kVersion);
  ASSERT_FALSE(not_normal);
  EXPECT_NE(not_normal.error().message.find("not normalised"), std::string::npos);
}

TEST_F(AnalysisCacheTest, DirectoryIs0700AndFile0600WhateverTheUmask) {
  TempDir dir;
  const mode_t old_mask = ::umask(0);
  {
    auto cache = open_cache(dir.sub("a/b/hardock"));
    store_fresh(cache);
  }
  ::umask(old_mask);
  struct stat info {};
  ASSERT_EQ(::stat(dir.sub("a/b/hardock").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  ASSERT_EQ(::stat(dir.sub("a/b/hardock/images.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_FALSE(fs::exists(dir.sub("a/b/hardock/images.db-journal")));

  // A directory and file made looser by someone else are tightened on the next open.
  ASSERT_EQ(::chmod(dir.sub("a/b/hardock").c_str(), 0755), 0);
  ASSERT_EQ(::chmod(dir.sub("a/b/hardock/images.db").c_str(), 0644), 0);
  open_cache(dir.sub("a/b/hardock"));
  ASSERT_EQ(::stat(dir.sub("a/b/hardock").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  ASSERT_EQ(::stat(dir.sub("a/b/hardock/images.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
}

TEST_F(AnalysisCacheTest, UnusableDirectoriesAreAnErrorNeverACrash) {
  TempDir dir;
  std::ofstream(dir.sub("file")) << "x";
  std::vector<std::string> notes;
  // Under a regular file: cannot be created (even root cannot).
  auto under_file = AnalysisCache::open(dir.sub("file/hardock"), kVersion, notes);
  ASSERT_FALSE(under_file);
  EXPECT_NE(under_file.error().to_string().find("file/hardock"), std::string::npos)
      << under_file.error().to_string();
  // A symbolic link in place of the directory, or of the database file, is not followed.
  fs::create_directory(dir.sub("real"));
  fs::create_directory_symlink(dir.sub("real"), dir.sub("linked"));
  EXPECT_FALSE(AnalysisCache::open(dir.sub("linked"), kVersion, notes));
  fs::create_directory(dir.sub("planted"));
  fs::create_symlink(dir.sub("file"), dir.sub("planted/images.db"));
  auto planted = AnalysisCache::open(dir.sub("planted"), kVersion, notes);
  ASSERT_FALSE(planted);
  EXPECT_NE(planted.error().message.find("symbolic link"), std::string::npos);
  std::ifstream kept(dir.sub("file"));
  std::string content;
  std::getline(kept, content);
  EXPECT_EQ(content, "x");  // not turned into a database through the link
  EXPECT_TRUE(notes.empty());

  if (::geteuid() != 0) {
    // Not root: a directory without write permission.
    fs::create_directory(dir.sub("readonly"));
    ASSERT_EQ(::chmod(dir.sub("readonly").c_str(), 0500), 0);
    EXPECT_FALSE(AnalysisCache::open(dir.sub("readonly"), kVersion, notes));
    return;
  }
  // Root: a directory of another user's is never used (its owner would choose the findings).
  fs::create_directory(dir.sub("theirs"));
  ASSERT_EQ(::chown(dir.sub("theirs").c_str(), 65534, 65534), 0);
  auto theirs = AnalysisCache::open(dir.sub("theirs"), kVersion, notes);
  ASSERT_FALSE(theirs);
  EXPECT_NE(theirs.error().message.find("belongs to uid 65534"), std::string::npos)
      << theirs.error().message;
  EXPECT_FALSE(fs::exists(dir.sub("theirs/images.db")));
}

TEST_F(AnalysisCacheTest, AFileThatIsNoCacheDatabaseIsReplaced) {
  TempDir dir;
  for (const std::string& damage : {std::string("not a database at all, just text"),
                                    std::string("truncate"), std::string("schema")}) {
    SCOPED_TRACE(damage);
    {
      auto cache = open_cache(dir.path());
      store_fresh(cache);
    }
    const std::string db_path = dir.path() + "/images.db";
    if (damage == "truncate") {
      ASSERT_EQ(::truncate(db_path.c_str(), 2048), 0);  // the header page of a larger file
    } else if (damage == "schema") {
      tamper(db_path, "CREATE VIEW extra AS SELECT 1");
    } else {
      std::ofstream(db_path, std::ios::trunc) << damage;
    }
    std::vector<std::string> notes;
    auto cache = AnalysisCache::open(dir.path(), kVersion, notes);
    ASSERT_TRUE(cache) << cache.error().to_string();
    if (damage != "truncate") {
      ASSERT_EQ(notes.size(), 1u);
      EXPECT_NE(notes[0].find("replaced by an empty cache"), std::string::npos) << notes[0];
    }
    // Whether the damage showed at open or shows now, the entry is not used, and a store
    // makes the cache work again.
    auto loaded = cache->load(*id_);
    EXPECT_FALSE(loaded && loaded->has_value());
    store_fresh(*cache);
    auto again = cache->load(*id_);
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_TRUE(again->has_value());
    fs::remove(db_path);
  }
}

// Audits running at once (processes, each with its own connection) store and load the same
// and different entries; none fails or sees a damaged entry, and every entry is whole after.
TEST_F(AnalysisCacheTest, ConcurrentAuditsShareTheCache) {
  TempDir dir;
  open_cache(dir.path());
  constexpr int kChildren = 4;
  auto own_id = [](int child) {
    return "sha256:" + std::string(63, '0') + static_cast<char>('a' + child);
  };
  std::vector<pid_t> children;
  for (int child = 0; child < kChildren; ++child) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::vector<std::string> notes;
      auto cache = AnalysisCache::open(dir.path(), kVersion, notes);
      int failures = cache && notes.empty() ? 0 : 1;
      for (int round = 0; cache && round < 10; ++round) {
        if (!cache->store(own_id(child), fresh_->image.tree, fresh_->inventory)) ++failures;
        if (!cache->store(*id_, fresh_->image.tree, fresh_->inventory)) ++failures;
        auto loaded = cache->load(*id_);
        if (!loaded || !loaded->has_value()) ++failures;
      }
      ::_exit(failures == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a concurrent audit failed";
  }
  auto cache = open_cache(dir.path());
  for (int child = 0; child < kChildren; ++child) {
    auto loaded = cache.load(own_id(child));
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_TRUE(loaded->has_value());
  }
}

TEST_F(AnalysisCacheTest, DefaultDirectoryFollowsXdgThenHome) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const std::string saved_xdg = xdg != nullptr ? xdg : "";
  const std::string saved_home = home != nullptr ? home : "";
  ::setenv("XDG_CACHE_HOME", "/x/cache", 1);
  ::setenv("HOME", "/h", 1);
  EXPECT_EQ(*default_cache_dir(), "/x/cache/hardock");
  ::setenv("XDG_CACHE_HOME", "relative", 1);  // the XDG spec: relative paths are ignored
  EXPECT_EQ(*default_cache_dir(), "/h/.cache/hardock");
  ::unsetenv("XDG_CACHE_HOME");
  ::unsetenv("HOME");
  EXPECT_FALSE(default_cache_dir());
  if (xdg != nullptr) ::setenv("XDG_CACHE_HOME", saved_xdg.c_str(), 1);
  if (home != nullptr) ::setenv("HOME", saved_home.c_str(), 1);
}

}  // namespace
}  // namespace hardock::image_cache
