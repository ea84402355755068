// The apk analyzer on image trees made from text in the installed-database format of
// apk-tools (the format of Alpine's lib/apk/db/installed: "K:value" lines, a blank line after
// each package; apk-tools itself is not packaged for Debian).
#include <gtest/gtest.h>

#include "hardock/image/analyzers/apk.h"
#include "package_test_util.h"

namespace hardock::image {
namespace {

using namespace test;  // NOLINT: the TarItem factories

constexpr char kInstalled[] = R"(C:Q1rWJ2F1cIp4cR3U1PSSHfTybB1qA=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:407278
I:663552
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1700000000
c:8a5b8f9b8b7d4b0f5bcd0e1f8a3ae3a1d2c3b4a5
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1GH2MN2F0Mn1c3gBrxMTVfAbKpVg=
R:libc.musl-x86_64.so.1
a:0:0:777
Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=

C:Q1Y9ZG4Q7pY4vPv9aZwYfQ8Qy4mBU=
P:libcrypto3
V:3.1.4-r5
A:x86_64
S:1708288
I:4493312
T:Crypto library from openssl
U:https://www.openssl.org/
L:Apache-2.0
o:openssl
m:Ariadne Conill <ariadne@dereferenced.org>
t:1706000000
c:0f1e2d3c4b5a69788796a5b4c3d2e1f001122334
D:so:libc.musl-x86_64.so.1
p:so:libcrypto.so.3=3
r:libcrypto1.1
F:etc
F:etc/ssl
R:openssl.cnf.dist
Z:Q1a8d2bK7pHqS4lJq0yZn2p5Z1xgR0=
F:usr
F:usr/lib
R:libcrypto.so.3
a:0:0:755
Z:Q1wHc5J+FqGvQ2HcGmM9Xo3b3XzC4=

C:Q1b2cXx0b7Hm4n7oYcJj9K9J4x8PKY=
P:ssl_client
V:1.36.1-r15
A:x86_64
S:4705
I:14336
T:EXternal ssl_client for busybox wget
U:https://busybox.net/
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
t:1705000000
c:aa11bb22cc33dd44ee55ff6677889900aabbccdd
D:so:libc.musl-x86_64.so.1 so:libcrypto.so.3 so:libssl.so.3
i:busybox=1.36.1-r15 libssl3
F:usr
F:usr/bin
R:ssl_client
a:0:0:755
Z:Q1XzKZ0QSYUb8b3HXNLhE2zCZp1Lw=

)";

TEST(ApkParser, RecordsWithOriginsAndFiles) {
  const auto parsed = apk::parse_installed(kInstalled, 100, 1000);
  EXPECT_TRUE(parsed.problems.empty()) << parsed.problems.summary("problems");
  ASSERT_EQ(parsed.entries.size(), 3U);
  EXPECT_EQ(parsed.entries[0].name, "musl");
  EXPECT_EQ(parsed.entries[0].version, "1.2.4_git20230717-r4");
  EXPECT_EQ(parsed.entries[0].files,
            (std::vector<std::string>{"lib/ld-musl-x86_64.so.1", "lib/libc.musl-x86_64.so.1"}));
  EXPECT_EQ(parsed.entries[1].origin, "openssl");
  EXPECT_EQ(parsed.entries[1].files,
            (std::vector<std::string>{"etc/ssl/openssl.cnf.dist", "usr/lib/libcrypto.so.3"}));
  EXPECT_EQ(parsed.entries[2].origin, "busybox");
  EXPECT_EQ(parsed.entries[2].line, 49U);
}

TEST(ApkParser, MissingOriginIsTheNameAndNoTrailingBlankLineIsFine) {
  const auto parsed = apk::parse_installed("P:alpine-keys\nV:2.4-r1\nA:x86_64\nR:x", 10, 10);
  ASSERT_EQ(parsed.entries.size(), 1U);
  EXPECT_EQ(parsed.entries[0].origin, "alpine-keys");
  EXPECT_EQ(parsed.entries[0].files, (std::vector<std::string>{"x"}));
}

TEST(ApkParser, ProblemsAndHostilePaths) {
  const auto parsed = apk::parse_installed(
      "P:a\nV:1\nF:../../etc\nR:shadow\nF:usr\nR:../x\nR:ok\nnot a line\nP:dup\n\n"
      "V:2\n\nP:b\n\n",
      10, 100);
  ASSERT_EQ(parsed.entries.size(), 1U);
  EXPECT_EQ(parsed.entries[0].files, (std::vector<std::string>{"usr/ok"}));
  EXPECT_EQ(parsed.problems.summary("problems"),
            "6 problems: line 3: directory climbs above the root: ../../etc; line 6: file name "
            "is not a plain name: ../x; line 8: not a \"K:value\" line; line 9: duplicate P: "
            "(the first is kept); line 11: record without P: (name)"
            " (and 1 more)");
}

TEST(ApkParser, CapsOnRecordsAndFiles) {
  std::string text;
  for (int index = 0; index < 10; ++index) {
    text += "P:p" + std::to_string(index) + "\nV:1\nF:d\nR:a\nR:b\n\n";
  }
  const auto parsed = apk::parse_installed(text, 4, 5);
  EXPECT_EQ(parsed.entries.size(), 4U);
  EXPECT_TRUE(parsed.capped);
  EXPECT_TRUE(parsed.files_capped);
  std::size_t files = 0;
  for (const auto& entry : parsed.entries) files += entry.files.size();
  EXPECT_EQ(files, 5U);
}

TEST(ApkAnalyzer, Inventory) {
  const auto inventory = analyze_image(layered_tree(
      {{file("lib/apk/db/installed", kInstalled), file("etc/alpine-release", "3.19.1\n")}}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(rows(inventory, "apk"),
            (std::vector<std::string>{
                "musl|1.2.4_git20230717-r4|musl|1.2.4_git20230717-r4|x86_64|0|lib/apk/db/installed",
                "libcrypto3|3.1.4-r5|openssl|3.1.4-r5|x86_64|0|lib/apk/db/installed",
                "ssl_client|1.36.1-r15|busybox|1.36.1-r15|x86_64|0|lib/apk/db/installed",
            }));
  EXPECT_EQ(inventory.os.id, "alpine");
}

std::string record(const std::string& name, const std::string& version) {
  return "P:" + name + "\nV:" + version + "\nA:x86_64\no:" + name + "\n\n";
}

TEST(ApkAnalyzer, OriginLayerAcrossUpgradesAndRemovals) {
  const auto inventory = analyze_image(layered_tree({
      {file("lib/apk/db/installed", record("musl", "1.2.4-r1") + record("busybox", "1.36.1-r5") +
                                        record("curl", "8.5.0-r0"))},
      {file("lib/apk/db/installed", record("musl", "1.2.4-r2") + record("busybox", "1.36.1-r5"))},
  }));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(rows(inventory, "apk"),
            (std::vector<std::string>{
                "musl|1.2.4-r2|musl|1.2.4-r2|x86_64|1|lib/apk/db/installed",
                "busybox|1.36.1-r5|busybox|1.36.1-r5|x86_64|0|lib/apk/db/installed",
            }));
}

TEST(ApkAnalyzer, MergedUsrDatabaseThroughTheLink) {
  const auto inventory = analyze_image(layered_tree({{
      file("usr/lib/apk/db/installed", record("musl", "1.2.5-r0")),
      symlink("lib", "usr/lib"),
  }}));
  EXPECT_TRUE(inventory.errors.empty()) << joined(inventory.errors);
  EXPECT_EQ(rows(inventory, "apk"),
            (std::vector<std::string>{"musl|1.2.5-r0|musl|1.2.5-r0|x86_64|0|"
                                      "usr/lib/apk/db/installed"}));
}

TEST(ApkAnalyzer, GarbageIsAnErrorNamingTheFile) {
  const auto inventory =
      analyze_image(layered_tree({{file("lib/apk/db/installed", std::string("\x7f"
                                                                            "ELF\x02\x01",
                                                                            6))}}));
  EXPECT_TRUE(inventory.packages.empty());
  ASSERT_EQ(inventory.errors.size(), 1U);
  EXPECT_TRUE(inventory.errors[0].starts_with("lib/apk/db/installed: 1 problems: line 1: "))
      << inventory.errors[0];
}

}  // namespace
}  // namespace hardock::image
