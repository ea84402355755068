// apk version order. apk itself cannot be installed here: the expected orders below are
// apk-tools 2.14's (each was checked against its src/version.c built on its own), the ~hash
// cases follow apk-tools 3. Then every version in real Alpine secdb data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "checked_order.h"
#include "hardock/vuln/version.h"

namespace hardock::vuln {
namespace {

int apk(std::string_view a, std::string_view b) {
  return testing::checked_order(Ecosystem::kApk, a, b);
}

TEST(VersionApk, OrdersAsApkTools) {
  struct Case {
    const char* a;
    const char* b;
    int order;
  };
  const std::vector<Case> cases = {
      {"1.0", "1.0.1", -1},
      {"1.0_alpha", "1.0_beta", -1},  // pre-release suffixes, in order, before none
      {"1.0_beta", "1.0_pre", -1},
      {"1.0_pre", "1.0_rc", -1},
      {"1.0_rc", "1.0", -1},
      {"1.0_rc1", "1.0", -1},
      {"1.0", "1.0_cvs", -1},  // post-release suffixes, in order, after none
      {"1.0_cvs", "1.0_svn", -1},
      {"1.0_svn", "1.0_git", -1},
      {"1.0_git", "1.0_hg", -1},
      {"1.0_hg", "1.0_p", -1},
      {"1.0_p1", "1.0_p2", -1},
      {"1.0_rc10", "1.0_rc9", 1},  // suffix numbers are numbers
      {"1.0_alpha_p", "1.0_alpha", 1},
      {"1.0_alpha1_p2", "1.0_alpha1", 1},
      {"1.0-r0", "1.0-r1", -1},
      {"1.0", "1.0-r0", -1},
      {"1.0-r1", "1.0.1", -1},
      {"1.0-r", "1.0-r0", 0},
      {"1.0a", "1.0b", -1},
      {"1.0a", "1.0", 1},
      {"1.0a", "1.0.1", -1},
      {"2.10", "2.9", 1},
      {"1.0", "1.00", 1},  // apk 2.14: a run of zeros after a dot is its own token
      {"1.05", "1.5", -1},
      {"1.005", "1.05", -1},
      {"6.6.2p1-r0", "6.6.2-r0", 1},  // a letter followed by digits (apk 2 only)
      {"6.6.2p1-r0", "6.6.2p2-r0", -1},
      {"1.2.3_git20240101-r1", "1.2.3-r1", 1},
      {"1.2.3_git20240101-r1", "1.2.4_rc1", -1},
      {"3.3.2-r0", "3.3.2-r1", -1},
      {"a", "b", -1},  // apk 2.14 accepts a version without digits
      {"_rc1", "1", -1},
      // apk-tools 3's commit hash: after suffixes, before -rN, compared as text.
      {"1.0~abc", "1.0", 1},
      {"1.0~abc", "1.0~abd", -1},
      {"1.0~abc-r1", "1.0-r1", 1},
      {"1.0_rc1~abc", "1.0", -1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(apk(c.a, c.b), c.order) << c.a << " vs " << c.b;
    EXPECT_EQ(apk(c.b, c.a), -c.order) << c.b << " vs " << c.a;
    EXPECT_EQ(apk(c.a, c.a), 0) << c.a;
  }
}

TEST(VersionApk, RejectsWhatApkToolsRejects) {
  const std::vector<std::string> rejected = {"10.0.11-0",
                                             "2021-03-27-r5",
                                             "1.0_foo",
                                             "1.0-1",
                                             "1.0B",
                                             "1.0ab",
                                             "1.0-r1_p1",
                                             "123456789012345678",
                                             "1.0~",
                                             "1.0~xyz",
                                             "1.0~ab_rc1",
                                             "1.0-",
                                             "1.0 1",
                                             "",
                                             std::string(257, '1'),
                                             std::string("1\0", 2)};
  for (const std::string& version : rejected) {
    EXPECT_FALSE(validate_version(Ecosystem::kApk, version)) << "accepted " << version;
    EXPECT_FALSE(compare_versions(Ecosystem::kApk, "1.0", version));
    EXPECT_FALSE(ParsedVersion::parse(Ecosystem::kApk, version));
  }
  for (const std::string version : {"12345678901234567", "1.0.-r1", "1..", "1.0~0a1f-r2"}) {
    EXPECT_TRUE(validate_version(Ecosystem::kApk, version)) << version;
  }
}

// Every fixed version in the real Alpine secdb sample validates, except the two that
// apk-tools 2.14 itself rejects (checked with its own code on the whole sample).
TEST(VersionApk, RealSecdbVersionsValidateOrAreKnownInvalid) {
  const std::set<std::string> known_invalid = {"10.0.11-0", "2021-03-27-r5"};
  std::set<std::string> versions;
  const std::filesystem::path root = std::filesystem::path(HARDOCK_TEST_DATA) / "vuln/alpine-secdb";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    const auto secdb = nlohmann::json::parse(in);
    for (const auto& package : secdb.at("packages")) {
      for (const auto& [version, ids] : package.at("pkg").at("secfixes").items()) {
        versions.insert(version);
      }
    }
  }
  ASSERT_GT(versions.size(), 2000u);
  std::set<std::string> invalid;
  for (const std::string& version : versions) {
    if (!validate_version(Ecosystem::kApk, version)) invalid.insert(version);
  }
  EXPECT_EQ(invalid, known_invalid);
}

}  // namespace
}  // namespace hardock::vuln
