// rpm version order: a table of rpm's rules, then the real rpm (rpm.vercmp in rpm's Lua, one
// process for all pairs) on generated pairs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checked_order.h"
#include "hardock/vuln/version.h"
#include "real_tool.h"

namespace hardock::vuln {
namespace {

int rpm(std::string_view a, std::string_view b) {
  return testing::checked_order(Ecosystem::kRpm, a, b);
}

TEST(VersionRpm, OrdersAsRpm) {
  struct Case {
    const char* a;
    const char* b;
    int order;
  };
  const std::vector<Case> cases = {
      {"1.0", "1.0.1", -1},
      {"1.0~rc1", "1.0", -1},     // ~ before the end
      {"1.0^git1", "1.0", 1},     // ^ after the end ...
      {"1.0^git1", "1.0.1", -1},  // ... but before a further segment
      {"1:1.0", "2.0", 1},        // epoch first
      {"0:1.0", "1.0", 0},        // no epoch = epoch 0
      {"1.0-1", "1.0", 1},        // a missing release sorts before any release
      {"1.0-1.el9", "1.0-1.el9_2", -1},
      {"1.0a", "1.0", 1},
      {"1.0a", "1.0.1", -1},  // numeric segments are newer than alphabetic ones
      {"1.01", "1.1", 0},
      {"1.0", "1_0", 0},  // separators only separate
      {"1.0", "1..0", 0},
      {"2.0", "10", -1},
      {"1.el9", "1.el10", -1},
      {"3.5.5-4.el9_8", "1:3.0.7-27.el9", -1},
      {"1:3.5.5-4.el9_8", "1:3.0.7-27.el9", 1},
      {"32:9.8.2-0.68.rc1.el6_10.17", "32:9.8.2-0.68.rc1.el6_10.9", 1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(rpm(c.a, c.b), c.order) << c.a << " vs " << c.b;
    EXPECT_EQ(rpm(c.b, c.a), -c.order) << c.b << " vs " << c.a;
  }
}

TEST(VersionRpm, RejectsWhatRpmbuildRejects) {
  const std::vector<std::string> rejected = {"",
                                             ":1",
                                             "a:1",
                                             "1:",
                                             "1.0-",
                                             "-1",
                                             "1.0-1-2",
                                             "1.0 1",
                                             "1.0/2",
                                             "1:2:3",
                                             "99999999999:1",
                                             "1.0-1:2",
                                             "1.0\x80",
                                             std::string(257, '1')};
  for (const std::string& version : rejected) {
    EXPECT_FALSE(validate_version(Ecosystem::kRpm, version)) << "accepted " << version;
    EXPECT_FALSE(compare_versions(Ecosystem::kRpm, version, "1.0"));
    EXPECT_FALSE(ParsedVersion::parse(Ecosystem::kRpm, version));
  }
  for (const std::string version : {"1.0", "1:1.0-1", "1.0~rc1^git2+x_y.%{z}", "0:0-0"}) {
    EXPECT_TRUE(validate_version(Ecosystem::kRpm, version)) << version;
  }
}

const std::vector<std::string> kAtoms = {
    "0",  "1",  "2",  "9",  "10",     "01",  "00",    "007",  "12345678901234567890",
    "a",  "b",  "z",  "A",  "Z",      "el",  "el9_8", "rc1",  "git",
    "~",  "~~", "^",  "^^", ".",      "_",   "+",     "%",    "{",
    "}",  "..", "-1", "-0", "-1.el9", "1.0", "2.3.4", "~rc1", "^git1",
    "1:", "0:", "2:"};

TEST(VersionRpm, AgreesWithRpmVercmp) {
  if (!testing::have_program("rpm")) GTEST_SKIP() << "rpm is not installed (apt-get install rpm)";
  std::vector<std::string> versions;
  for (std::string& version : testing::generate(kAtoms, 10000, 5, 20240612)) {
    if (validate_version(Ecosystem::kRpm, version)) versions.push_back(std::move(version));
  }
  ASSERT_GT(versions.size(), 3000u);
  std::vector<std::pair<std::string, std::string>> pairs;
  std::mt19937 rng(11);
  for (size_t index = 0; index < versions.size(); ++index) {
    pairs.emplace_back(versions[index], versions[(index + 1) % versions.size()]);
    pairs.emplace_back(versions[index], versions[rng() % versions.size()]);
    pairs.emplace_back(versions[index], versions[index]);
    const std::string longer = versions[index] + kAtoms[rng() % kAtoms.size()];
    if (validate_version(Ecosystem::kRpm, longer)) pairs.emplace_back(versions[index], longer);
  }
  // The pairs go through a file, so that no version meets rpm's macro expansion or Lua quoting.
  std::string data;
  for (const auto& [a, b] : pairs) data += a + "\t" + b + "\n";
  const std::string data_path = testing::temp_path("rpm-pairs.txt");
  testing::write_file(data_path, data);
  // The temporary path holds no quote or backslash: a Lua string literal as it is.
  const std::string lua =
      "for line in io.lines(\"" + data_path +
      "\") do local tab = line:find(\"\\t\", 1, true) "
      "io.write(rpm.vercmp(line:sub(1, tab - 1), line:sub(tab + 1)), \"\\n\") end";
  const auto out = testing::run_script("rpm --eval " + testing::shell_quote("%{lua: " + lua + "}"));
  std::remove(data_path.c_str());
  ASSERT_TRUE(out);
  const std::vector<std::string> results = testing::lines(*out);
  ASSERT_GE(results.size(), pairs.size());
  size_t mismatches = 0;
  for (size_t index = 0; index < pairs.size(); ++index) {
    const int ours = rpm(pairs[index].first, pairs[index].second);
    if (std::to_string(ours) != results[index] && ++mismatches < 20) {
      ADD_FAILURE() << pairs[index].first << " vs " << pairs[index].second << ": rpm says "
                    << results[index] << ", hardock " << ours;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  std::printf("rpm: %zu valid versions, %zu pairs compared\n", versions.size(), pairs.size());
}

}  // namespace
}  // namespace hardock::vuln
