// The ShellCheck runner with the real shellcheck (scripts/install-deps.sh installs it): which
// scripts are checked with which dialect, and every note's position mapped back exactly through
// continuations, comment lines and heredocs; failures of the binary are errors, never "no note".
#include "hardock/shellcheck/shellcheck.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace hardock::shellcheck {
namespace {

// "LINE:COLUMN CODE" of each note; a test failure when shellcheck fails.
std::vector<std::string> notes(std::string_view text) {
  auto subject = dockerfile::make_subject("Dockerfile", text);
  auto done = run_shellcheck(subject);
  EXPECT_TRUE(done.has_value()) << done.error().to_string();
  std::vector<std::string> out;
  if (!done) return out;
  EXPECT_TRUE(subject.shellcheck.has_value());
  for (const auto& note : *subject.shellcheck) {
    out.push_back(std::to_string(note.pos.line) + ":" + std::to_string(note.pos.column) + " " +
                  note.code);
  }
  return out;
}

using Notes = std::vector<std::string>;

TEST(Shellcheck, IsInstalled) {
  // The other tests need it: a missing shellcheck fails here with the reason, not silently.
  const auto found = find_shellcheck("");
  ASSERT_TRUE(found.has_value()) << found.error().to_string();
}

TEST(Shellcheck, PositionsOnTheRunLine) {
  EXPECT_EQ(notes("FROM d\nRUN echo $x\n"), (Notes{"2:10 SC2154", "2:10 SC2086"}));
  EXPECT_EQ(notes("FROM d\nRUN --mount=type=cache,target=/c echo \"$HOME\" $Y\n"),
            (Notes{"2:47 SC2086"}));
}

TEST(Shellcheck, PositionsThroughContinuationsAndComments) {
  EXPECT_EQ(notes("FROM d\nRUN true \\\n  && echo $X\n"), (Notes{"3:11 SC2086"}));
  EXPECT_EQ(notes("FROM d\nRUN true \\\n# a comment line\n\n  && echo $X\n"),
            (Notes{"5:11 SC2086"}));
  EXPECT_EQ(notes("FROM d\nRUN a=1 \\\n && b=2 \\\n && echo \"$a\" $b\n"), (Notes{"4:15 SC2086"}));
}

TEST(Shellcheck, HeredocScriptsAndHeredocData) {
  // The heredoc is the script.
  EXPECT_EQ(notes("FROM d\nRUN <<EOF\nset -e\necho $X\nEOF\n"), (Notes{"4:6 SC2086"}));
  // <<- keeps the columns of the file (tabs are one column for json1).
  EXPECT_EQ(notes("FROM d\nRUN <<-EOF\n\techo $X\n\tEOF\n"), (Notes{"3:7 SC2086"}));
  // Fed to bash: a script, checked as bash ([[ is fine).
  EXPECT_EQ(notes("FROM d\nRUN bash <<EOF\n[[ -n $X ]] && echo $X\nEOF\n"), (Notes{"3:21 SC2086"}));
  // Data for cat: part of the command line's script, not a script itself.
  EXPECT_EQ(notes("FROM d\nRUN cat <<EOF >/f && echo $X\necho $Y\nEOF\n"), (Notes{"2:27 SC2086"}));
  // A Python heredoc is not shell.
  EXPECT_EQ(notes("FROM d\nRUN <<EOF\n#!/usr/bin/env python3\nprint($X)\nEOF\n"), Notes{});
  // Its own #! line decides the dialect.
  EXPECT_EQ(notes("FROM d\nRUN <<EOF\n#!/bin/bash\n[[ -n \"$X\" ]]\nEOF\n"), Notes{});
}

TEST(Shellcheck, DialectFromTheStagesShell) {
  EXPECT_EQ(notes("FROM d\nRUN [[ -n \"$X\" ]]\n"), (Notes{"2:5 SC3010"}));
  EXPECT_EQ(
      notes("FROM d\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN [[ -n \"$X\" ]]\n"),
      Notes{});
  EXPECT_EQ(notes("FROM d AS a\nSHELL [\"/bin/bash\", \"-c\"]\nFROM a\nRUN [[ -n \"$X\" ]]\n"
                  "FROM d\nRUN [[ -n \"$X\" ]]\n"),
            (Notes{"6:5 SC3010"}));
  // Not shell, or no shell: not checked.
  EXPECT_EQ(notes("FROM w\nSHELL [\"pwsh\", \"-Command\"]\nRUN echo $x\n"), Notes{});
  EXPECT_EQ(notes("FROM d\nRUN [\"sh\", \"-c\", \"echo $x\"]\n"), Notes{});
  EXPECT_EQ(notes("FROM d\nONBUILD RUN echo $X\n"), (Notes{"2:18 SC2086"}));
}

TEST(Shellcheck, NotesCarryInstructionLevelAndMessage) {
  auto subject = dockerfile::make_subject("Dockerfile", "FROM d\nRUN true\nRUN echo $X\n");
  ASSERT_TRUE(run_shellcheck(subject).has_value());
  ASSERT_TRUE(subject.shellcheck.has_value());
  ASSERT_EQ(subject.shellcheck->size(), 1u);
  const auto& note = subject.shellcheck->front();
  EXPECT_EQ(note.instruction, 2u);
  EXPECT_EQ(note.level, "info");
  EXPECT_EQ(note.message, "Double quote to prevent globbing and word splitting.");
}

class ShellcheckFailures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hardock-shellcheck-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string script(const std::string& name, const std::string& body) {
    const auto path = dir_ / name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
    return path.string();
  }
  std::filesystem::path dir_;
};

TEST_F(ShellcheckFailures, AreErrorsNamingTheRun) {
  auto subject = dockerfile::make_subject("Dockerfile", "FROM d\nRUN echo $X\n");
  ShellcheckOptions options;
  options.binary = (dir_ / "missing").string();
  auto done = run_shellcheck(subject, options);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(subject.shellcheck.has_value());

  options.binary = "no-such-shellcheck-binary";
  done = run_shellcheck(subject, options);
  ASSERT_FALSE(done.has_value());
  EXPECT_NE(done.error().message.find("not found on PATH"), std::string::npos);

  options.binary = script("not-json", "echo hello");
  done = run_shellcheck(subject, options);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, core::ErrorCode::kMalformedInput);
  EXPECT_NE(done.error().to_string().find("Dockerfile:2"), std::string::npos)
      << done.error().to_string();

  options.binary = script("fails", "echo 'bad option' >&2; exit 3");
  done = run_shellcheck(subject, options);
  ASSERT_FALSE(done.has_value());
  EXPECT_NE(done.error().message.find("status 3: bad option"), std::string::npos);

  options.binary = script("floods", "exec yes");
  options.max_output_bytes = 100'000;
  done = run_shellcheck(subject, options);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, core::ErrorCode::kIo);

  options.binary = script("hangs", "exec sleep 60");
  options.timeout = std::chrono::milliseconds(300);
  done = run_shellcheck(subject, options);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, core::ErrorCode::kTimeout);
  EXPECT_FALSE(subject.shellcheck.has_value());
}

TEST(Shellcheck, LargeScriptIsFedWithoutDeadlock) {
  // 200 KB, more than a pipe holds: written while the output is read.
  const std::string text = "FROM d\nRUN echo \"" + std::string(200'000, 'a') + "\" $X\n";
  EXPECT_EQ(notes(text), (Notes{"2:200013 SC2086"}));
}

}  // namespace
}  // namespace hardock::shellcheck
