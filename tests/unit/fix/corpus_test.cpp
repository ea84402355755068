// The Dockerfile corpus (tests/data/dockerfile/corpus/, see its README): each file's findings,
// by the real rules, against the `<name>.expected` list written by reading the file; then each
// file fixed for those findings lints clean of the codes fixed, and fixing again changes
// nothing. Findings are compared by code and by the first line of the instruction they point
// into (a shell rule may point at a command on a continuation line), restricted to the codes of
// the issue 12 table (README: which and why).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "fix_test_util.h"
#include "hardock/audit/run.h"
#include "hardock/docker/snapshot.h"

namespace hardock::fix::test {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(HARDOCK_TEST_DATA) / "dockerfile" / "corpus";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The codes the expected lists speak for: the issue 12 table's, without HDK-B-004 (it depends
// on the configured trusted registries) and HDK-B-060 (ShellCheck, only with --shellcheck).
bool compared(std::string_view code) {
  if (!code.starts_with("HDK-B-") || code.size() != 9) return false;
  const int number = std::stoi(std::string(code.substr(6)));
  return (number >= 1 && number <= 22 && number != 4) || (number >= 40 && number <= 56);
}

std::vector<core::Finding> lint(const dockerfile::DockerfileSubject& subject) {
  const std::vector<dockerfile::DockerfileSubject> subjects{subject};
  audit::Selection selection;
  selection.engine_present = false;
  auto result = audit::run_audit(docker::EngineSnapshot{}, audit::AuditConfig{}, selection, nullptr,
                                 nullptr, &subjects);
  EXPECT_TRUE(result.has_value());
  std::vector<core::Finding> out;
  if (!result) return out;
  for (auto& finding : result->findings) {
    if (finding.check_code.starts_with("HDK-B-") && finding.status == core::FindingStatus::kFail) {
      out.push_back(std::move(finding));
    }
  }
  return out;
}

std::uint32_t instruction_line(const dockerfile::DockerfileSubject& subject, std::uint32_t line) {
  for (const auto& inst : subject.file.instructions) {
    if (inst.pos.line <= line && line <= inst.end_line) return inst.pos.line;
  }
  return line;
}

std::set<std::string> normalized(const dockerfile::DockerfileSubject& subject,
                                 const std::vector<core::Finding>& findings) {
  std::set<std::string> out;
  for (const auto& finding : findings) {
    if (!compared(finding.check_code)) continue;
    out.insert(std::string(finding.check_code) + " " +
               std::to_string(instruction_line(subject, finding.location.line)));
  }
  return out;
}

std::set<std::string> expected(const fs::path& file) {
  std::set<std::string> out;
  std::istringstream lines(read(file));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != '#') out.insert(line);
  }
  return out;
}

std::vector<fs::path> corpus() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".Dockerfile") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "  " + item + "\n";
  return out;
}

TEST(Corpus, HasTheFilesTheIssueAsksFor) {
  const auto files = corpus();
  EXPECT_GE(files.size(), 12u);
  for (const auto& file : files) {
    auto expected_file = file;
    expected_file.replace_extension(".expected");
    EXPECT_TRUE(fs::exists(expected_file)) << expected_file;
    const auto subject = dockerfile::make_subject("Dockerfile", read(file));
    EXPECT_TRUE(subject.file.diagnostics.empty()) << file;
  }
}

TEST(Corpus, FindingsAreTheExpectedOnes) {
  for (const auto& file : corpus()) {
    auto expected_file = file;
    expected_file.replace_extension(".expected");
    const auto subject = dockerfile::make_subject("Dockerfile", read(file));
    const auto found = normalized(subject, lint(subject));
    const auto want = expected(expected_file);
    std::set<std::string> missing, extra;
    std::set_difference(want.begin(), want.end(), found.begin(), found.end(),
                        std::inserter(missing, missing.end()));
    std::set_difference(found.begin(), found.end(), want.begin(), want.end(),
                        std::inserter(extra, extra.end()));
    EXPECT_TRUE(missing.empty() && extra.empty())
        << file.filename().string() << "\nexpected, not found:\n"
        << join(missing) << "found, not expected:\n"
        << join(extra);
  }
}

TEST(Corpus, FixedFilesLintCleanOfTheFixedCodes) {
  FixOptions options;
  options.healthcheck_command = "true";
  for (const auto& file : corpus()) {
    const auto subject = dockerfile::make_subject("Dockerfile", read(file));
    const auto result = fix_dockerfile(subject, lint(subject), options);
    const auto fixed = dockerfile::make_subject("Dockerfile", result.text);
    EXPECT_TRUE(fixed.file.diagnostics.empty()) << file.filename().string() << "\n" << result.text;
    std::set<std::string> fixed_codes;
    for (const auto& applied : result.applied) fixed_codes.insert(applied.code);
    const auto again = lint(fixed);
    for (const auto& finding : again) {
      EXPECT_FALSE(fixed_codes.contains(std::string(finding.check_code)))
          << file.filename().string() << ": " << finding.check_code << " at line "
          << finding.location.line << " after the fix:\n"
          << result.text;
    }
    const auto twice = fix_dockerfile(fixed, again, options);
    EXPECT_EQ(twice.text, result.text) << file.filename().string() << ": not idempotent";
  }
}

}  // namespace
}  // namespace hardock::fix::test
