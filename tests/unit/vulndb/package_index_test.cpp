// Package indexes: the stanza parser, the real bookworm APT indexes of this machine
// (/var/lib/apt/lists, filled by `apt-get update`; tests/vulndb/fetch-apt-index.sh fetches the
// bookworm-security one elsewhere) and an APKINDEX.tar.gz made here.
#include "hardock/vulndb/package_index.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "collecting_sink.h"
#include "hardock/vulndb/security_support.h"

namespace hardock::vulndb {
namespace {

core::Result<void> parse_all(StanzaParser& parser, std::string_view text) {
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (auto parsed = parser.line(text.substr(start, end - start), ++number); !parsed) {
      return parsed;
    }
    start = end + 1;
  }
  return parser.finish(number);
}

TEST(PackageIndex, AptStanzas) {
  CollectingSink sink;
  StanzaParser parser(StanzaParser::Format::kApt, {"Debian:12", "bookworm-security", "P"}, sink);
  ASSERT_TRUE(parse_all(parser,
                        "Package: libssl3\nSource: openssl\nVersion: 3.0.15-1~deb12u1\n"
                        "Architecture: amd64\nDescription: x\n more\n\n"
                        "package: libgcc-s1\nsource: gcc-12 (12.2.0-14+deb12u1)\n"
                        "version: 12.2.0-14+deb12u1\n"));
  ASSERT_EQ(sink.packages.size(), 2u);
  EXPECT_EQ(sink.packages[0].source_name, "openssl");
  EXPECT_EQ(sink.packages[0].source_version, "3.0.15-1~deb12u1");
  EXPECT_EQ(sink.packages[0].suite, "bookworm-security");
  EXPECT_EQ(sink.packages[1].package, "libgcc-s1");
  EXPECT_EQ(sink.packages[1].source_name, "gcc-12");
  EXPECT_EQ(sink.packages[1].source_version, "12.2.0-14+deb12u1");
  CollectingSink other;
  StanzaParser missing(StanzaParser::Format::kApt, {"Debian:12", "s", "P"}, other);
  auto failed = parse_all(missing, "Package: a\n\nVersion: 1\n");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "P: line 2: package a has no Version field");
  StanzaParser twice(StanzaParser::Format::kApt, {"Debian:12", "s", "P"}, other);
  EXPECT_FALSE(parse_all(twice, "Package: a\nPackage: b\nVersion: 1\n"));
}

TEST(PackageIndex, RealBookwormIndexes) {
  const char* lists_env = std::getenv("HARDOCK_APT_LISTS");
  const std::filesystem::path lists = lists_env != nullptr ? lists_env : "/var/lib/apt/lists";
  std::error_code error;
  std::vector<std::filesystem::path> security;
  for (const auto& entry : std::filesystem::directory_iterator(lists, error)) {
    const std::string name = entry.path().filename().string();
    if (name.find("_dists_bookworm-security_main_binary-") != std::string::npos &&
        name.find("_Packages") != std::string::npos) {
      security.push_back(entry.path());
    }
  }
  if (security.empty()) {
    GTEST_SKIP() << "no bookworm-security Packages index in " << lists
                 << ": run `apt-get update`, or tests/vulndb/fetch-apt-index.sh DIR and set "
                    "HARDOCK_APT_LISTS=DIR";
  }
  CollectingSink sink;
  const std::string name = security.front().filename().string();
  auto read =
      read_apt_packages(security.front().string(),
                        {"Debian:12", "bookworm-security", security.front().string()}, sink);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_GT(*read, 100u);
  EXPECT_EQ(*read, sink.packages.size());
  bool libssl = false;
  for (const auto& package : sink.packages) {
    if (package.package == "libssl3") {
      libssl = true;
      EXPECT_EQ(package.source_name, "openssl");
      EXPECT_NE(package.version.find("deb12u"), std::string::npos) << package.version;
    }
  }
  EXPECT_TRUE(libssl) << "the security suite of bookworm always carries openssl";
}

TEST(PackageIndex, ApkIndexTarGz) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "vulndb-apk" / "v3.21" / "main" / "x86_64";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "APKINDEX");
    out << "C:Q1abc=\nP:musl\nV:1.2.5-r8\nA:x86_64\no:musl\n\nC:Q1def=\nP:libcrypto3\n"
           "V:3.3.2-r4\nA:x86_64\no:openssl\n\n";
    std::ofstream description(dir / "DESCRIPTION");
    description << "v3.21.0\n";
  }
  const std::string command =
      "cd '" + dir.string() + "' && tar -czf APKINDEX.tar.gz DESCRIPTION APKINDEX";
  ASSERT_EQ(std::system(command.c_str()), 0);
  CollectingSink sink;
  auto read =
      read_apkindex((dir / "APKINDEX.tar.gz").string(), {"Alpine:v3.21", "v3.21/main", "A"}, sink);
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(sink.packages.size(), 2u);
  EXPECT_EQ(sink.packages[1].package, "libcrypto3");
  EXPECT_EQ(sink.packages[1].source_name, "openssl");
  EXPECT_EQ(sink.packages[1].version, "3.3.2-r4");
  EXPECT_EQ(sink.packages[1].architecture, "x86_64");
}

TEST(SecuritySupport, RealLists) {
  EXPECT_FALSE(support_list_name("Packages"));
  ASSERT_TRUE(support_list_name("security-support-ended.deb12"));
  EXPECT_EQ(*support_list_name("/x/security-support-ended.deb12")->release, "Debian:12");
  EXPECT_FALSE(support_list_name("security-support-limited")->release);
  CollectingSink sink;
  auto ended = read_security_support(test_data("security-support/security-support-ended.deb12"),
                                     {true, "Debian:12", "security-support-ended.deb12"}, sink);
  ASSERT_TRUE(ended) << ended.error().message;
  bool wolfssl = false;
  bool horde = false;
  for (const auto& note : sink.notes) {
    EXPECT_TRUE(note.ended);
    if (note.source_package == "wolfssl") {
      wolfssl = true;
      EXPECT_EQ(note.version, "5.5.4-2+deb12u2");
      EXPECT_EQ(note.date, "2026-06-12");
      EXPECT_NE(note.note.find("bugs.debian.org/1138294"), std::string::npos);
    }
    if (note.source_package == "php-horde") {
      horde = true;
      EXPECT_TRUE(note.prefix);
      EXPECT_EQ(note.version, "0");
    }
  }
  EXPECT_TRUE(wolfssl);
  EXPECT_TRUE(horde);
  CollectingSink limited;
  ASSERT_TRUE(read_security_support(test_data("security-support/security-support-limited"),
                                    {false, "Debian:12", "security-support-limited"}, limited));
  bool binutils = false;
  for (const auto& note : limited.notes) {
    EXPECT_FALSE(note.ended);
    if (note.source_package == "binutils") {
      binutils = true;
      EXPECT_EQ(note.note.substr(0, 26), "Only suitable for trusted ");
    }
  }
  EXPECT_TRUE(binutils);
  CollectingSink bad;
  auto broken = decode_security_support("foo\n", "l", {true, "Debian:12", "l"}, bad);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message, "l: line 1: package foo: no version and date");
}

}  // namespace
}  // namespace hardock::vulndb
