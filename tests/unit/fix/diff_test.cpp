// unified_diff against the real tools: GNU diff gives the same hunks for small changes, and
// `patch` applied to the old text gives the new one, for fixed Dockerfiles and for random edits.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "fix_test_util.h"

namespace hardock::fix::test {
namespace {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch() {
    std::string dir = (fs::temp_directory_path() / "hardock-diff-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = dir;
  }
  ~Scratch() { fs::remove_all(path_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  [[nodiscard]] fs::path file(std::string_view name, std::string_view content) const {
    const fs::path out = path_ / name;
    std::ofstream(out, std::ios::binary) << content;
    return out;
  }
  [[nodiscard]] static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The text `patch` makes of `before` with `diff`.
std::string patched(std::string_view before, std::string_view diff) {
  Scratch dir;
  const auto old_file = dir.file("old", before);
  const auto patch_file = dir.file("fix.patch", diff);
  const fs::path out = dir.path() / "new";
  const std::string command = "patch --quiet --batch -o '" + out.string() + "' '" +
                              old_file.string() + "' '" + patch_file.string() + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << diff;
  return Scratch::read(out);
}

// GNU diff -u's output without its two header lines (they carry timestamps).
std::string gnu_hunks(std::string_view before, std::string_view after) {
  Scratch dir;
  const auto a = dir.file("a", before);
  const auto b = dir.file("b", after);
  const fs::path out = dir.path() / "out";
  const std::string command =
      "diff -u '" + a.string() + "' '" + b.string() + "' > '" + out.string() + "'";
  EXPECT_EQ(WEXITSTATUS(std::system(command.c_str())), 1);
  std::string text = Scratch::read(out);
  for (int header = 0; header < 2; ++header) text.erase(0, text.find('\n') + 1);
  return text;
}

std::string hunks(std::string_view diff) {
  std::string text(diff);
  for (int header = 0; header < 2; ++header) text.erase(0, text.find('\n') + 1);
  return text;
}

TEST(UnifiedDiff, EqualTextsGiveNothing) { EXPECT_EQ(unified_diff("a", "b", "x\n", "x\n"), ""); }

TEST(UnifiedDiff, HeaderAndHunk) {
  EXPECT_EQ(unified_diff("Dockerfile", "Dockerfile", "a\nb\nc\n", "a\nB\nc\n"),
            "--- Dockerfile\n+++ Dockerfile\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  // Control characters in a label cannot start a new line of the patch.
  EXPECT_EQ(unified_diff("x\n+++ y", "z", "a\n", "b\n").substr(0, 18), "--- x?+++ y\n+++ z\n");
}

TEST(UnifiedDiff, SameHunksAsGnuDiff) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a\nb\nc\n", "a\nb\nc\nd\n"},
      {"a\nb\nc\n", "b\nc\n"},
      {"", "a\n"},
      {"a\n", ""},
      {"a\nb", "a\nc"},
      {"a\nb", "a\nb\n"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
       "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\nY\n16\n"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\nX\n4\n5\n6\n7\nY\n9\n"},
      {"FROM a\r\nRUN x\r\n", "FROM a\r\nSHELL [\"s\"]\r\nRUN x\r\n"},
  };
  for (const auto& [before, after] : cases) {
    EXPECT_EQ(hunks(unified_diff("a", "b", before, after)), gnu_hunks(before, after))
        << before << "=>" << after;
    EXPECT_EQ(patched(before, unified_diff("a", "b", before, after)), after);
  }
}

TEST(UnifiedDiff, PatchReproducesFixedDockerfiles) {
  const std::string before =
      "# escape=`\r\nFROM debian:12\r\nRUN apt-get update\r\nRUN apt-get install `\r\n    "
      "openssh-server curl\r\nEXPOSE 22\r\nADD app.py /app/\r\nCMD [\"python3\", \"/app/app.py\"]";
  const auto result =
      run(before, {finding("HDK-B-042", 3), finding("HDK-B-043", 4), finding("HDK-B-045", 4),
                   finding("HDK-B-051", 4), finding("HDK-B-007", 6), finding("HDK-B-005", 7),
                   finding("HDK-B-001", 2)});
  ASSERT_NE(result.text, before);
  EXPECT_EQ(patched(before, unified_diff("Dockerfile", "Dockerfile", before, result.text)),
            result.text);
}

TEST(UnifiedDiff, PatchReproducesRandomEdits) {
  std::mt19937 random(12);  // fixed seed: the same cases every run
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> lines;
    const int count = static_cast<int>(random() % 40);
    for (int i = 0; i < count; ++i) lines.push_back("l" + std::to_string(random() % 8));
    auto changed = lines;
    const int edits = static_cast<int>(random() % 6);
    for (int e = 0; e < edits; ++e) {
      const auto at = changed.empty() ? 0 : random() % (changed.size() + 1);
      switch (random() % 3) {
        case 0:
          changed.insert(changed.begin() + static_cast<std::ptrdiff_t>(at),
                         "new" + std::to_string(e));
          break;
        case 1:
          if (at < changed.size()) changed.erase(changed.begin() + static_cast<std::ptrdiff_t>(at));
          break;
        default:
          if (at < changed.size()) changed[at] = "chg" + std::to_string(e);
      }
    }
    std::string before, after;
    for (const auto& line : lines) before += line + "\n";
    for (const auto& line : changed) after += line + "\n";
    if (random() % 4 == 0 && !after.empty()) after.pop_back();  // no newline at the end
    const std::string diff = unified_diff("a", "b", before, after);
    if (before == after) {
      EXPECT_EQ(diff, "");
      continue;
    }
    ASSERT_EQ(patched(before, diff), after) << diff;
  }
}

TEST(UnifiedDiff, ManyDifferencesStayLinear) {
  // Beyond the edit bound the middle becomes one replacement: still a correct patch.
  std::string before, after;
  for (int i = 0; i < 3000; ++i) {
    before += "a" + std::to_string(i) + "\n";
    after += "b" + std::to_string(i) + "\n";
  }
  const std::string diff = unified_diff("a", "b", before, after);
  EXPECT_EQ(patched(before, diff), after);
}

}  // namespace
}  // namespace hardock::fix::test
