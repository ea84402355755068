// The rpm analyzer on databases written by rpm itself (tests/image/make-package-fixtures.sh):
// one set of packages in the sqlite, Berkeley DB (both byte orders, two page sizes) and ndb
// formats must give one exact inventory; an upgrade and a removal in a second layer; damaged
// databases give errors naming the file, never a crash or a silent empty inventory.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "hardock/image/analyzers/rpm_db.h"
#include "hardock/image/analyzers/rpm_header.h"
#include "package_fixtures.h"
#include "package_test_util.h"

namespace hardock::image {
namespace {

using namespace test;  // NOLINT: the TarItem factories

struct Format {
  std::string file;        // in the fixture directory
  std::string image_path;  // where the image has it
};

const std::vector<Format>& formats() {
  static const std::vector<Format> kFormats = {
      {"rpm/v1/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"},
      {"rpm/v1/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite"},
      {"rpm/v1/Packages", "var/lib/rpm/Packages"},
      {"rpm/v1-be512/Packages", "var/lib/rpm/Packages"},
      {"rpm/v1/Packages.db", "usr/lib/sysimage/rpm/Packages.db"},
  };
  return kFormats;
}

std::vector<std::string> sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

// name|version|source|source version|arch|layer|database, sorted by name.
std::vector<std::string> expected_v1(const std::string& database) {
  return sorted({
      "bigfiles|1.0-1|bigfiles|1.0-1|x86_64|0|" + database,
      "hello-libs|1:2.12-3.el9|hello|1:2.12-3.el9|x86_64|0|" + database,
      "hello|1:2.12-3.el9|hello|1:2.12-3.el9|x86_64|0|" + database,
      "perl-Text-Tabs+Wrap|2013.0523-460.el9|perl-Text-Tabs+Wrap|2013.0523-460.el9|noarch|0|" +
          database,
      "python3.11-libs|3.11.2-1.el9|python3.11|3.11.2-1.el9|x86_64|0|" + database,
      "tzdata|2024a-1.el9|tzdata|2024a-1.el9|noarch|0|" + database,
  });
}

TEST(RpmAnalyzer, OneInventoryFromEveryFormat) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  for (const Format& format : formats()) {
    SCOPED_TRACE(format.file + " as " + format.image_path);
    const auto inventory = analyze_image(
        layered_tree({{file(format.image_path, read_file(dir + "/" + format.file))}}));
    EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
    EXPECT_EQ(sorted(rows(inventory, "rpm")), expected_v1(format.image_path));
    EXPECT_EQ(find_package(inventory, "hello").files,
              (std::vector<std::string>{"usr/bin/hello", "usr/share/doc/hello/README"}));
    EXPECT_EQ(find_package(inventory, "hello-libs").files,
              (std::vector<std::string>{"usr/lib64/libhello.so.1"}));
    const auto& big = find_package(inventory, "bigfiles").files;
    EXPECT_EQ(big.size(), 400U);
    EXPECT_TRUE(std::find(big.begin(), big.end(), "usr/share/bigfiles/dir07/file13") != big.end());
  }
}

// The same packages as `rpm -qa` lists them (NAME|EPOCHNUM|VERSION|RELEASE|ARCH|SOURCERPM).
TEST(RpmAnalyzer, AgreesWithRpmQueryAll) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  for (const std::string version : {"v1", "v2"}) {
    std::vector<std::string> ours;
    rpm::read_sqlite(read_file(dir + "/rpm/" + version + "/rpmdb.sqlite"),
                     [&](uint32_t, std::string_view blob) {
                       auto header = rpm::parse_header(blob, 0);
                       ASSERT_TRUE(header) << header.error().to_string();
                       ours.push_back(header->name + "|" +
                                      std::to_string(header->epoch.value_or(0)) + "|" +
                                      header->version + "|" + header->release + "|" +
                                      header->architecture + "|" + header->source_rpm);
                     })
        .value();
    std::string listed = read_file(dir + "/rpm/" + version + ".expected");
    std::vector<std::string> theirs;
    for (std::size_t start = 0; start < listed.size();) {
      const std::size_t end = listed.find('\n', start);
      theirs.push_back(listed.substr(start, end - start));
      start = end + 1;
    }
    // rpm sorts with the C locale's collation of `sort`: compare as sets.
    EXPECT_EQ(sorted(ours), sorted(theirs)) << version;
  }
}

TEST(RpmAnalyzer, UpgradeAndRemovalInALaterLayer) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"},
      {"Packages", "var/lib/rpm/Packages"},
      {"Packages.db", "usr/lib/sysimage/rpm/Packages.db"},
  };
  for (const auto& [name, path] : cases) {
    SCOPED_TRACE(name);
    const auto inventory = analyze_image(layered_tree({
        {file(path, read_file(dir + "/rpm/v1/" + name))},
        {file("etc/motd", "layer 1 leaves the database alone\n")},
        {file(path, read_file(dir + "/rpm/v2/" + name))},
    }));
    EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
    EXPECT_EQ(sorted(rows(inventory, "rpm")),
              sorted({
                  "bigfiles|1.0-1|bigfiles|1.0-1|x86_64|0|" + path,
                  "hello-libs|1:2.13-1.el9|hello|1:2.13-1.el9|x86_64|2|" + path,
                  "hello|1:2.13-1.el9|hello|1:2.13-1.el9|x86_64|2|" + path,
                  "perl-Text-Tabs+Wrap|2013.0523-460.el9|perl-Text-Tabs+Wrap|2013.0523-460.el9|"
                  "noarch|0|" +
                      path,
                  "python3.11-libs|3.11.2-1.el9|python3.11|3.11.2-1.el9|x86_64|0|" + path,
              }));
  }
}

TEST(RpmAnalyzer, VarLibRpmLinkedToSysimage) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  const auto inventory = analyze_image(layered_tree({{
      file("usr/lib/sysimage/rpm/rpmdb.sqlite", read_file(dir + "/rpm/v1/rpmdb.sqlite")),
      symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm"),
  }}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(sorted(rows(inventory, "rpm")), expected_v1("usr/lib/sysimage/rpm/rpmdb.sqlite"));
}

TEST(RpmAnalyzer, EveryTruncationIsAnErrorOrTheWholeInventory) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  for (const Format& format : formats()) {
    SCOPED_TRACE(format.file);
    const std::string bytes = read_file(dir + "/" + format.file);
    const std::size_t step = std::max<std::size_t>(1, bytes.size() / 150);
    for (std::size_t size = 0; size < bytes.size(); size += step) {
      const auto inventory =
          analyze_image(layered_tree({{file(format.image_path, bytes.substr(0, size))}}));
      if (inventory.errors.empty()) {
        // sqlite may not need the free pages at the end of its file.
        EXPECT_EQ(sorted(rows(inventory, "rpm")), expected_v1(format.image_path)) << size;
        continue;
      }
      for (const auto& error : inventory.errors) {
        EXPECT_TRUE(error.starts_with(format.image_path + ": ")) << error;
        EXPECT_EQ(error.find('\n'), std::string::npos);
      }
    }
  }
}

TEST(RpmAnalyzer, ByteFlipsNeverCrash) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  for (const Format& format : formats()) {
    const std::string bytes = read_file(dir + "/" + format.file);
    std::size_t errors = 0;
    for (std::size_t at = 0; at < bytes.size(); at += 97) {
      std::string flipped = bytes;
      flipped[at] = static_cast<char>(~flipped[at]);
      const auto inventory = analyze_image(layered_tree({{file(format.image_path, flipped)}}));
      errors += inventory.errors.empty() ? 0 : 1;
    }
    EXPECT_GT(errors, 0U) << format.file;  // some flips must be noticed
  }
}

// A damaged page chain: the first bucket's page made to continue onto itself.
TEST(RpmBdb, PageLoopIsAnError) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  std::string bytes = read_file(dir + "/rpm/v1/Packages");
  const auto le32 = [&](std::size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3])) << 24;
  };
  const uint32_t page_size = le32(20);
  const uint32_t bucket0 = le32(96);  // spares[0]: bucket 0's page
  ASSERT_GT(bucket0, 0U);
  for (int shift = 0; shift < 32; shift += 8) {
    bytes[std::size_t{bucket0} * page_size + 16 + shift / 8] =
        static_cast<char>((bucket0 >> shift) & 0xff);
  }
  auto read = rpm::read_bdb(bytes, [](uint32_t, std::string_view) {});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message,
            "Berkeley DB: page " + std::to_string(bucket0) + " reached twice (a loop)");
}

TEST(RpmHeaders, RealBlobsParseAndEveryTruncationFails) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  std::size_t blobs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/rpm/headers")) {
    const std::string blob = read_file(entry.path().string());
    auto header = rpm::parse_header(blob, 1000);
    ASSERT_TRUE(header) << entry.path() << ": " << header.error().to_string();
    EXPECT_FALSE(header->name.empty());
    for (std::size_t size = 0; size < blob.size(); size += 7) {
      EXPECT_FALSE(rpm::parse_header(blob.substr(0, size), 1000)) << size;
    }
    ++blobs;
  }
  EXPECT_EQ(blobs, 6U);
}

}  // namespace
}  // namespace hardock::image
