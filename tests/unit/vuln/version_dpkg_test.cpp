// dpkg version order: a table of dpkg's rules, then the real `dpkg --compare-versions` on
// generated versions and pairs.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "checked_order.h"
#include "hardock/vuln/version.h"
#include "real_tool.h"

namespace hardock::vuln {
namespace {

int dpkg(std::string_view a, std::string_view b) {
  return testing::checked_order(Ecosystem::kDpkg, a, b);
}

TEST(VersionDpkg, OrdersAsDpkg) {
  struct Case {
    const char* a;
    const char* b;
    int order;
  };
  const std::vector<Case> cases = {
      {"1.0", "1.0.1", -1},
      {"1.0~rc1", "1.0", -1},  // ~ before the end
      {"1.0~~", "1.0~", -1},   // ... and before another ~
      {"1.0", "1.0-0", 0},     // no revision = revision 0
      {"1.0", "0:1.0", 0},     // no epoch = epoch 0
      {"1:0.1", "2.0", 1},     // epoch first
      {"1.0a", "1.0", 1},      // a letter after the end
      {"1.0+", "1.0a", 1},     // non-letters after letters
      {"1.01", "1.1", 0},      // numbers, not strings
      {"1.0-1", "1.0-1.1", -1},
      {"2.36-9+deb12u4", "2.36-9+deb12u10", -1},
      {"1.2.3-1ubuntu1", "1.2.3-1", 1},
      {"3.0.11-1~deb12u2", "3.0.11-1", -1},
      {"1:2:3", "1:2:4", -1},   // a colon in the upstream part when there is an epoch
      {"1.0-a-b", "1.0-a", 1},  // the last hyphen starts the revision
      {"123456789012345678901234567890", "123456789012345678901234567891", -1},
      {" 1.0 ", "1.0", 0},     // dpkg trims blanks
      {"+1:1.0", "1:1.0", 0},  // dpkg reads the epoch with strtol
      {"-0:1", "1", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(dpkg(c.a, c.b), c.order) << c.a << " vs " << c.b;
    EXPECT_EQ(dpkg(c.b, c.a), -c.order) << c.b << " vs " << c.a;
  }
}

TEST(VersionDpkg, RejectsWhatDpkgRejectsOrWarnsAbout) {
  const std::vector<std::string> rejected = {"",
                                             "   ",
                                             "1:",
                                             ":1",
                                             "a:1",
                                             "-1:1",
                                             "99999999999:1",
                                             "1.0-",
                                             "-1",
                                             "1:-1",
                                             "a1",
                                             "1_0",
                                             "1.0-a_b",
                                             "1.0-1:2",
                                             "1 0",
                                             "1.0\n",
                                             "~1",
                                             "1.0-1\x01",
                                             std::string(257, '1')};
  for (const std::string& version : rejected) {
    auto valid = validate_version(Ecosystem::kDpkg, version);
    EXPECT_FALSE(valid) << "accepted " << version;
    if (!valid) {
      EXPECT_EQ(valid.error().code, core::ErrorCode::kInvalidArgument);
      EXPECT_EQ(valid.error().message.find('\n'), std::string::npos);
    }
    EXPECT_FALSE(compare_versions(Ecosystem::kDpkg, version, "1.0"));
    EXPECT_FALSE(ParsedVersion::parse(Ecosystem::kDpkg, version));
    EXPECT_FALSE(compare_versions(Ecosystem::kDpkg, "1.0", version));
  }
  EXPECT_NE(validate_version(Ecosystem::kDpkg, "1:").error().message.find("nothing after colon"),
            std::string::npos);
}

// Atoms for generated versions: digits with leading zeros and long runs, letters, every
// separator dpkg accepts and some it refuses, epochs and revisions.
const std::vector<std::string> kAtoms = {
    "0",       "1",  "2",  "9",  "10",  "01",    "00",    "007",  "12345678901234567890",
    "a",       "b",  "z",  "A",  "Z",   "~",     "~~",    "+",    ".",
    "-",       ":",  "1:", "0:", "2:",  "01:",   "+dfsg", "~rc1", "ubuntu1",
    "deb12u1", "-1", "-0", ".0", "1.0", "2.3.4", "_",     "^",    "!",
    "x:"};

TEST(VersionDpkg, AgreesWithDpkgCompareVersions) {
  if (!testing::have_program("dpkg")) GTEST_SKIP() << "dpkg is not installed";
  std::vector<std::string> versions = testing::generate(kAtoms, 1500, 5, 20240611);
  for (std::string& version : versions) {
    // dpkg requires a leading digit most of the time; keep many versions valid.
    if (version.size() % 3 != 0) version.insert(0, "1");
  }
  // Which versions dpkg refuses or warns about: one call each, its stderr classified.
  std::string script;
  for (const std::string& version : versions) {
    script += "dpkg --compare-versions " + testing::shell_quote(version) + " eq " +
              testing::shell_quote(version) +
              " 2>&1 >/dev/null | grep -q . && echo bad || echo ok\n";
  }
  const auto verdicts = testing::run_script(script);
  ASSERT_TRUE(verdicts);
  const std::vector<std::string> verdict_lines = testing::lines(*verdicts);
  ASSERT_EQ(verdict_lines.size(), versions.size());
  std::vector<std::string> valid;
  size_t disagreements = 0;
  for (size_t index = 0; index < versions.size(); ++index) {
    const bool dpkg_accepts = verdict_lines[index] == "ok";
    const bool we_accept = bool(validate_version(Ecosystem::kDpkg, versions[index]));
    if (dpkg_accepts != we_accept && ++disagreements < 20) {
      ADD_FAILURE() << "dpkg " << (dpkg_accepts ? "accepts" : "rejects") << " "
                    << testing::shell_quote(versions[index]);
    }
    if (dpkg_accepts && we_accept) valid.push_back(versions[index]);
  }
  EXPECT_EQ(disagreements, 0u);
  ASSERT_GT(valid.size(), 600u);  // the generator must give dpkg plenty to order

  // Pairs: neighbours, random pairs and each with a near copy (one atom more).
  std::vector<std::pair<std::string, std::string>> pairs;
  std::mt19937 rng(7);
  for (size_t index = 0; index < valid.size(); ++index) {
    pairs.emplace_back(valid[index], valid[(index + 1) % valid.size()]);
    pairs.emplace_back(valid[index], valid[rng() % valid.size()]);
    pairs.emplace_back(valid[index], valid[index]);
    const std::string longer = valid[index] + kAtoms[rng() % kAtoms.size()];
    if (validate_version(Ecosystem::kDpkg, longer)) pairs.emplace_back(valid[index], longer);
  }
  script.clear();
  for (const auto& [a, b] : pairs) {
    const std::string qa = testing::shell_quote(a);
    const std::string qb = testing::shell_quote(b);
    script += "if dpkg --compare-versions " + qa + " lt " + qb + "; then echo -1; elif dpkg " +
              "--compare-versions " + qa + " eq " + qb + "; then echo 0; else echo 1; fi\n";
  }
  const auto orders = testing::run_script(script);
  ASSERT_TRUE(orders);
  const std::vector<std::string> order_lines = testing::lines(*orders);
  ASSERT_EQ(order_lines.size(), pairs.size());
  size_t mismatches = 0;
  for (size_t index = 0; index < pairs.size(); ++index) {
    const int ours = dpkg(pairs[index].first, pairs[index].second);
    if (std::to_string(ours) != order_lines[index] && ++mismatches < 20) {
      ADD_FAILURE() << pairs[index].first << " vs " << pairs[index].second << ": dpkg says "
                    << order_lines[index] << ", hardock " << ours;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  RecordProperty("pairs", static_cast<int>(pairs.size()));
  std::printf("dpkg: %zu versions (%zu valid), %zu pairs compared\n", versions.size(), valid.size(),
              pairs.size());
}

}  // namespace
}  // namespace hardock::vuln
