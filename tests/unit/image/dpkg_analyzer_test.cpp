// The dpkg analyzer on image trees made from text: stanzas shaped like a bookworm system's
// (epochs, Source with a version after a binNMU, continuation lines, packages removed with
// their configuration left), distroless status.d, several layers, and hostile input.
#include <gtest/gtest.h>

#include "hardock/image/analyzers/dpkg.h"
#include "package_test_util.h"

namespace hardock::image {
namespace {

using namespace test;  // NOLINT: the TarItem factories

constexpr char kStatus[] = R"(Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12986
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Replaces: libc6-amd64
Depends: libgcc-s1
Conffiles:
 /etc/ld.so.conf.d/x86_64-linux-gnu.conf d4e7a7b88a71b5ffd9e2644e71a0cfab
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.
 .
 Package: not-a-package (a continuation line, not a field)
Homepage: https://www.gnu.org/software/libc/libc.html

Package: login
Status: install ok installed
Priority: required
Essential: yes
Architecture: amd64
Source: shadow (1:4.13+dfsg1-1)
Version: 1:4.13+dfsg1-1+b1
Description: system login tools

Package: libgcc-s1
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: gcc-12 (12.2.0-14)
Version: 12.2.0-14
Description: GCC support library

Package: tar
Status: hold ok installed
Architecture: amd64
Version: 1.34+dfsg-1.2+deb12u1
Description: GNU version of the tar archiving utility

Package: exim4-config
Status: deinstall ok config-files
Architecture: all
Version: 4.96-15+deb12u4
Description: configuration for the exim MTA

Package: ghost
Status: purge ok not-installed
Architecture: amd64
Version: 1.0

)";

TEST(DpkgParser, InstalledPackagesWithSourceAndEpoch) {
  const auto parsed = dpkg::parse_status(kStatus, false, 1000);
  EXPECT_TRUE(parsed.problems.empty()) << parsed.problems.summary("problems");
  EXPECT_EQ(parsed.stanzas, 6U);
  ASSERT_EQ(parsed.entries.size(), 6U);
  std::vector<std::string> installed;
  for (const auto& entry : parsed.entries) {
    if (!entry.installed) continue;
    installed.push_back(entry.name + "|" + entry.version + "|" + entry.source_name + "|" +
                        entry.source_version + "|" + entry.architecture);
  }
  EXPECT_EQ(installed, (std::vector<std::string>{
                           "libc6|2.36-9+deb12u4|glibc|2.36-9+deb12u4|amd64",
                           "login|1:4.13+dfsg1-1+b1|shadow|1:4.13+dfsg1-1|amd64",
                           "libgcc-s1|12.2.0-14|gcc-12|12.2.0-14|amd64",
                           "tar|1.34+dfsg-1.2+deb12u1|tar|1.34+dfsg-1.2+deb12u1|amd64",
                       }));
  EXPECT_EQ(parsed.entries[0].line, 1U);
  EXPECT_EQ(parsed.entries[4].status, "deinstall ok config-files");
}

TEST(DpkgParser, CrLfLineEndingsCaseInsensitiveFieldsAndSpaces) {
  const auto parsed = dpkg::parse_status(
      "package:  zlib1g \r\nSTATUS: install ok installed\r\nversion:\t1:1.2.13.dfsg-1 \r\n"
      "Source:   zlib   (1:1.2.13.dfsg-1)  \r\n\r\n",
      false, 10);
  ASSERT_EQ(parsed.entries.size(), 1U);
  EXPECT_EQ(parsed.entries[0].name, "zlib1g");
  EXPECT_EQ(parsed.entries[0].version, "1:1.2.13.dfsg-1");
  EXPECT_EQ(parsed.entries[0].source_name, "zlib");
  EXPECT_EQ(parsed.entries[0].source_version, "1:1.2.13.dfsg-1");
  EXPECT_TRUE(parsed.entries[0].installed);
  EXPECT_TRUE(parsed.problems.empty());
}

TEST(DpkgParser, WhitespaceOnlyLinesSeparateStanzas) {
  const auto parsed = dpkg::parse_status(
      "Package: a\nVersion: 1\nStatus: install ok installed\n \t \nPackage: b\nVersion: 2\n"
      "Status: install ok installed\n",
      false, 10);
  ASSERT_EQ(parsed.entries.size(), 2U);
  EXPECT_EQ(parsed.entries[1].name, "b");
}

TEST(DpkgParser, StatusStatesThatLeaveFilesOnDisk) {
  for (const auto& [status, installed] : std::vector<std::pair<std::string, bool>>{
           {"install ok installed", true},
           {"hold ok installed", true},
           {"deinstall ok installed", true},  // selected for removal, still there
           {"install ok unpacked", true},
           {"install ok half-configured", true},
           {"install ok triggers-pending", true},
           {"install ok triggers-awaited", true},
           {"install reinstreq half-installed", false},
           {"deinstall ok config-files", false},
           {"purge ok not-installed", false},
           {"install ok", false},
           {"", false},
           {"install ok installed extra", false},
       }) {
    const auto parsed =
        dpkg::parse_status("Package: p\nVersion: 1\nStatus: " + status + "\n", false, 10);
    ASSERT_EQ(parsed.entries.size(), 1U) << status;
    EXPECT_EQ(parsed.entries[0].installed, installed) << status;
  }
}

TEST(DpkgParser, StatusDStanzaWithoutStatusIsInstalled) {
  EXPECT_TRUE(dpkg::parse_status("Package: a\nVersion: 1\n", true, 10).entries.at(0).installed);
  EXPECT_FALSE(dpkg::parse_status("Package: a\nVersion: 1\n", false, 10).entries.at(0).installed);
  // A status.d file that does give a Status is held to it.
  EXPECT_FALSE(
      dpkg::parse_status("Package: a\nVersion: 1\nStatus: deinstall ok config-files\n", true, 10)
          .entries.at(0)
          .installed);
}

TEST(DpkgParser, ProblemsAreCountedAndListedByLine) {
  const auto parsed = dpkg::parse_status(
      " orphan continuation\nno colon here\nPackage: a\nVersion: 1\nVersion: 2\n\n"
      "Version: 3\n\nPackage: b\n\n",
      false, 10);
  EXPECT_EQ(parsed.problems.count(), 5U);
  EXPECT_EQ(parsed.problems.summary("problems"),
            "5 problems: line 1: continuation line outside a field; line 2: not a \"Field: value\" "
            "line; line 5: duplicate field Version (the first is kept); line 7: stanza without "
            "Package; line 9: package b without Version");
  ASSERT_EQ(parsed.entries.size(), 1U);
  EXPECT_EQ(parsed.entries[0].version, "1");
}

TEST(DpkgParser, EntriesAreCapped) {
  std::string text;
  for (int index = 0; index < 20; ++index) {
    text += "Package: p" + std::to_string(index) + "\nVersion: 1\n\n";
  }
  const auto parsed = dpkg::parse_status(text, false, 5);
  EXPECT_EQ(parsed.entries.size(), 5U);
  EXPECT_EQ(parsed.stanzas, 20U);
  EXPECT_TRUE(parsed.capped);
}

TEST(DpkgParser, FileListsAreNormalisedAndConfined) {
  const auto list = dpkg::parse_file_list(
      "/.\n/usr\n/usr/bin\n/usr/bin/dpkg\r\n//etc/./dpkg/\n/../../etc/shadow\n\n", 100);
  EXPECT_EQ(list.paths, (std::vector<std::string>{"usr", "usr/bin", "usr/bin/dpkg", "etc/dpkg"}));
  EXPECT_FALSE(list.capped);
  EXPECT_TRUE(dpkg::parse_file_list("/a\n/b\n/c\n", 2).capped);
}

TEST(DpkgAnalyzer, InventoryWithOwnedFiles) {
  const auto inventory = analyze_image(layered_tree({{
      file("var/lib/dpkg/status", kStatus),
      file("var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu/libc.so.6\n"),
      file("var/lib/dpkg/info/tar.list", "/.\n/bin\n/bin/tar\n"),
      file("var/lib/dpkg/info/login.list", "/bin/login\n"),
  }}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(rows(inventory, "deb"),
            (std::vector<std::string>{
                "libc6|2.36-9+deb12u4|glibc|2.36-9+deb12u4|amd64|0|var/lib/dpkg/status",
                "login|1:4.13+dfsg1-1+b1|shadow|1:4.13+dfsg1-1|amd64|0|var/lib/dpkg/status",
                "libgcc-s1|12.2.0-14|gcc-12|12.2.0-14|amd64|0|var/lib/dpkg/status",
                "tar|1.34+dfsg-1.2+deb12u1|tar|1.34+dfsg-1.2+deb12u1|amd64|0|var/lib/dpkg/status",
            }));
  EXPECT_EQ(find_package(inventory, "libc6").files,
            (std::vector<std::string>{"lib", "lib/x86_64-linux-gnu/libc.so.6"}));
  EXPECT_EQ(find_package(inventory, "tar").files, (std::vector<std::string>{"bin", "bin/tar"}));
  EXPECT_EQ(find_package(inventory, "login").files, (std::vector<std::string>{"bin/login"}));
  EXPECT_TRUE(find_package(inventory, "libgcc-s1").files.empty());
  EXPECT_EQ(find_package(inventory, "libc6").ecosystem, "deb");
}

TEST(DpkgAnalyzer, DistrolessStatusD) {
  const auto inventory = analyze_image(layered_tree({{
      file("var/lib/dpkg/status.d/base-files",
           "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n"),
      file("var/lib/dpkg/status.d/base-files.md5sums", "d41d8cd98f00b204e9800998ecf8427e  x\n"),
      file("var/lib/dpkg/status.d/libssl3",
           "Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n"),
      file("var/lib/dpkg/status.d/tzdata",
           "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n"),
  }}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(
      rows(inventory, "deb"),
      (std::vector<std::string>{
          "base-files|12.4+deb12u5|base-files|12.4+deb12u5|amd64|0|var/lib/dpkg/status.d/"
          "base-files",
          "libssl3|3.0.11-1~deb12u2|openssl|3.0.11-1~deb12u2|amd64|0|var/lib/dpkg/status.d/libssl3",
          "tzdata|2024a-0+deb12u1|tzdata|2024a-0+deb12u1|all|0|var/lib/dpkg/status.d/tzdata",
      }));
}

TEST(DpkgAnalyzer, StatusDRepeatingStatusAddsNothing) {
  const std::string stanza = "Package: a\nVersion: 1\nArchitecture: amd64\n";
  const auto inventory = analyze_image(layered_tree({{
      file("var/lib/dpkg/status", stanza + "Status: install ok installed\n"),
      file("var/lib/dpkg/status.d/a", stanza),
  }}));
  EXPECT_EQ(rows(inventory, "deb"),
            (std::vector<std::string>{"a|1|a|1|amd64|0|var/lib/dpkg/status"}));
}

std::string stanza(const std::string& name, const std::string& version) {
  return "Package: " + name +
         "\nStatus: install ok installed\nArchitecture: amd64\nVersion: " + version + "\n\n";
}

TEST(DpkgAnalyzer, OriginLayerAcrossUpgradesAndRemovals) {
  const auto inventory = analyze_image(layered_tree({
      // 0: the base image
      {file("var/lib/dpkg/status",
            stanza("base", "1.0") + stanza("openssl", "3.0.9-1") + stanza("curl", "7.88.1-10"))},
      // 1: upgrade openssl, remove curl, install vim
      {file("var/lib/dpkg/status",
            stanza("base", "1.0") + stanza("openssl", "3.0.11-1") + stanza("vim", "2:9.0.1378-2"))},
      // 2: an unrelated layer
      {file("etc/motd", "hello\n")},
      // 3: install jq: the database is rewritten, the others unchanged
      {file("var/lib/dpkg/status", stanza("base", "1.0") + stanza("openssl", "3.0.11-1") +
                                       stanza("vim", "2:9.0.1378-2") + stanza("jq", "1.6-2.1"))},
  }));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(rows(inventory, "deb"),
            (std::vector<std::string>{
                "base|1.0|base|1.0|amd64|0|var/lib/dpkg/status",
                "openssl|3.0.11-1|openssl|3.0.11-1|amd64|1|var/lib/dpkg/status",
                "vim|2:9.0.1378-2|vim|2:9.0.1378-2|amd64|1|var/lib/dpkg/status",
                "jq|1.6-2.1|jq|1.6-2.1|amd64|3|var/lib/dpkg/status",
            }));
}

TEST(DpkgAnalyzer, ReinstalledAfterRemovalOriginatesWhereItCameBack) {
  const auto inventory = analyze_image(layered_tree({
      {file("var/lib/dpkg/status", stanza("base", "1") + stanza("curl", "7"))},
      {file("var/lib/dpkg/status", stanza("base", "1"))},
      {file("var/lib/dpkg/status", stanza("base", "1") + stanza("curl", "7"))},
  }));
  EXPECT_EQ(find_package(inventory, "curl").origin_layer, 2);
  EXPECT_EQ(find_package(inventory, "base").origin_layer, 0);
}

TEST(DpkgAnalyzer, AWhitedOutStatusDFileIsGone) {
  const auto inventory = analyze_image(layered_tree({
      {file("var/lib/dpkg/status.d/a", "Package: a\nVersion: 1\n"),
       file("var/lib/dpkg/status.d/b", "Package: b\nVersion: 1\n")},
      {file("var/lib/dpkg/status.d/.wh.a", "")},
  }));
  ASSERT_EQ(inventory.packages.size(), 1U);
  EXPECT_EQ(inventory.packages[0].name, "b");
}

TEST(DpkgAnalyzer, StatusThroughASymlink) {
  const auto inventory = analyze_image(layered_tree({{
      file("usr/share/dpkg-db/status", stanza("a", "1")),
      symlink("var/lib/dpkg/status", "/usr/share/dpkg-db/status"),
  }}));
  // The walk kept only what the analyzers asked for: the link's target was not asked for.
  ASSERT_EQ(inventory.errors.size(), 1U);
  EXPECT_NE(inventory.errors[0].find("var/lib/dpkg/status: present"), std::string::npos)
      << inventory.errors[0];
  const auto kept =
      analyze_image(layered_tree({{file("usr/share/dpkg-db/status", stanza("a", "1")),
                                   symlink("var/lib/dpkg/status", "/usr/share/dpkg-db/status")}},
                                 [](std::string_view) { return true; }));
  EXPECT_TRUE(kept.errors.empty()) << joined(kept.errors);
  EXPECT_EQ(rows(kept, "deb"),
            (std::vector<std::string>{"a|1|a|1|amd64|0|usr/share/dpkg-db/status"}));
}

TEST(DpkgAnalyzer, GarbageIsAnErrorNamingTheFile) {
  std::string garbage(4096, '\0');
  for (std::size_t index = 0; index < garbage.size(); ++index) {
    garbage[index] = static_cast<char>(index * 37 % 251);
  }
  const auto inventory = analyze_image(layered_tree({{file("var/lib/dpkg/status", garbage)}}));
  ASSERT_EQ(inventory.errors.size(), 1U);
  EXPECT_TRUE(inventory.errors[0].starts_with("var/lib/dpkg/status: ")) << inventory.errors[0];
  EXPECT_EQ(inventory.errors[0].find('\n'), std::string::npos);
}

TEST(DpkgAnalyzer, UnreadableDatabaseIsAnErrorNotAnEmptyInventory) {
  // Present but not kept (as when over the per-file cap).
  const auto not_kept = analyze_image(layered_tree(
      {{file("var/lib/dpkg/status", stanza("a", "1"))}}, [](std::string_view) { return false; }));
  EXPECT_TRUE(not_kept.packages.empty());
  ASSERT_EQ(not_kept.errors.size(), 1U);
  EXPECT_NE(not_kept.errors[0].find("content was not kept"), std::string::npos);
  // A directory where the file should be.
  const auto directory = analyze_image(layered_tree({{dir("var/lib/dpkg/status")}}));
  ASSERT_EQ(directory.errors.size(), 1U);
  EXPECT_NE(directory.errors[0].find("not a regular file"), std::string::npos);
  // A link loop.
  const auto loop = analyze_image(layered_tree(
      {{symlink("var/lib/dpkg/status", "status2"), symlink("var/lib/dpkg/status2", "status")}}));
  ASSERT_EQ(loop.errors.size(), 1U);
  EXPECT_NE(loop.errors[0].find("cannot be resolved"), std::string::npos) << loop.errors[0];
}

TEST(DpkgAnalyzer, HostileNamesNeverReachOtherFiles) {
  const auto inventory = analyze_image(layered_tree({{
      file("var/lib/dpkg/status",
           "Package: ../../../etc/shadow\nStatus: install ok installed\nVersion: 1\n\n"
           "Package: x\nArchitecture: ../../x\nStatus: install ok installed\nVersion: 1\n"),
      file("var/lib/dpkg/info/x.list", "/usr/bin/x\n"),
  }}));
  ASSERT_EQ(inventory.packages.size(), 2U);
  EXPECT_TRUE(inventory.packages[0].files.empty());
  EXPECT_TRUE(inventory.packages[1].files.empty());
}

TEST(DpkgAnalyzer, WantsOnlyItsFiles) {
  const Analyzer* dpkg = nullptr;
  for (const Analyzer* analyzer : all_analyzers()) {
    if (analyzer->name() == "dpkg") dpkg = analyzer;
  }
  ASSERT_NE(dpkg, nullptr);
  EXPECT_TRUE(dpkg->wants("var/lib/dpkg/status"));
  EXPECT_TRUE(dpkg->wants("var/lib/dpkg/status.d/libc6"));
  EXPECT_TRUE(dpkg->wants("var/lib/dpkg/info/libc6:amd64.list"));
  EXPECT_FALSE(dpkg->wants("var/lib/dpkg/status.d/libc6.md5sums"));
  EXPECT_FALSE(dpkg->wants("var/lib/dpkg/status.d/sub/x"));
  EXPECT_FALSE(dpkg->wants("var/lib/dpkg/info/libc6.md5sums"));
  EXPECT_FALSE(dpkg->wants("var/lib/dpkg/status-old"));
  EXPECT_FALSE(dpkg->wants("var/lib/dpkg/available"));
}

}  // namespace
}  // namespace hardock::image
