// The dpkg analyzer against dpkg itself: this machine's database (copied by
// tests/image/make-package-fixtures.sh) must give exactly what dpkg-query says, package by
// package (version, architecture, source name and version), and the files of a few packages
// exactly what `dpkg-query -L` lists. And distroless status.d files cut from the same stanzas.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "package_fixtures.h"
#include "package_test_util.h"

namespace hardock::image {
namespace {

using namespace test;  // NOLINT: the TarItem factories

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// dpkg-query's lines (Package|Version|Architecture|source:Package|source:Version|state) of the
// packages whose files are on disk, as "name|version|source|source version|arch".
std::set<std::string> expected_packages(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& line : lines_of(read_file(dir + "/dpkg/host/expected"))) {
    std::vector<std::string> fields;
    std::stringstream parts(line);
    for (std::string field; std::getline(parts, field, '|');) fields.push_back(field);
    EXPECT_EQ(fields.size(), 6U) << line;
    if (fields.size() != 6) continue;
    static const std::set<std::string> kOnDisk = {"installed", "unpacked", "half-configured",
                                                  "triggers-awaited", "triggers-pending"};
    if (!kOnDisk.contains(fields[5])) continue;
    out.insert(fields[0] + "|" + fields[1] + "|" + fields[3] + "|" + fields[4] + "|" + fields[2]);
  }
  return out;
}

std::string summary(const Package& package) {
  return package.name + "|" + package.version + "|" + package.source_name + "|" +
         package.source_version + "|" + package.architecture;
}

TEST(DpkgHost, InventoryEqualsDpkgQuery) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  std::vector<TarItem> layer = {file("var/lib/dpkg/status", read_file(dir + "/dpkg/host/status"))};
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/dpkg/host/info")) {
    layer.push_back(file("var/lib/dpkg/info/" + entry.path().filename().string(),
                         read_file(entry.path().string())));
  }
  const auto inventory = analyze_image(layered_tree({layer}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  std::set<std::string> ours;
  for (const auto& package : inventory.packages) ours.insert(summary(package));
  const auto expected = expected_packages(dir);
  EXPECT_GT(expected.size(), 10U);
  EXPECT_EQ(ours, expected);
  EXPECT_EQ(ours.size(), inventory.packages.size());  // no package twice

  for (const std::string name : {"dpkg", "libc6", "bash", "coreutils"}) {
    const std::string listed = dir + "/dpkg/host/" + name + ".files";
    if (!std::filesystem::exists(listed)) continue;
    std::vector<std::string> expected_files;
    for (const auto& line : lines_of(read_file(listed))) {
      if (line == "/.") continue;
      expected_files.push_back(line.substr(1));
    }
    if (expected_files.empty()) continue;  // not installed here
    EXPECT_EQ(find_package(inventory, name).files, expected_files) << name;
  }
}

TEST(DpkgHost, DistrolessStatusDFromTheSameStanzas) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  const std::string status_d = dir + "/dpkg/distroless/status.d";
  std::vector<TarItem> layer;
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(status_d)) {
    const std::string name = entry.path().filename().string();
    layer.push_back(file("var/lib/dpkg/status.d/" + name, read_file(entry.path().string())));
    if (!name.ends_with(".md5sums")) names.insert(name);
  }
  ASSERT_FALSE(names.empty());
  const auto inventory = analyze_image(layered_tree({layer}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  std::set<std::string> ours;
  for (const auto& package : inventory.packages) {
    ours.insert(summary(package));
    EXPECT_EQ(package.database, "var/lib/dpkg/status.d/" + package.name);
  }
  std::set<std::string> expected;
  for (const auto& line : expected_packages(dir)) {
    if (names.contains(line.substr(0, line.find('|')))) expected.insert(line);
  }
  EXPECT_EQ(ours, expected);
}

TEST(ApkFixture, AlpineBaseDatabase) {
  HARDOCK_PACKAGE_FIXTURES_OR_SKIP(dir);
  const auto inventory = analyze_image(
      layered_tree({{file("lib/apk/db/installed", read_file(dir + "/apk/installed"))}}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(rows(inventory, "apk"),
            (std::vector<std::string>{
                "alpine-baselayout-data|3.4.3-r2|alpine-baselayout|3.4.3-r2|x86_64|0|"
                "lib/apk/db/installed",
                "musl|1.2.4_git20230717-r4|musl|1.2.4_git20230717-r4|x86_64|0|"
                "lib/apk/db/installed",
                "busybox|1.36.1-r15|busybox|1.36.1-r15|x86_64|0|lib/apk/db/installed",
                "libcrypto3|3.1.4-r5|openssl|3.1.4-r5|x86_64|0|lib/apk/db/installed",
                "ssl_client|1.36.1-r15|busybox|1.36.1-r15|x86_64|0|lib/apk/db/installed",
            }));
  EXPECT_EQ(find_package(inventory, "busybox").files,
            (std::vector<std::string>{"bin/busybox", "bin/sh", "etc/logrotate.d/acpid",
                                      "usr/share/udhcpc/default.script"}));
}

}  // namespace
}  // namespace hardock::image
