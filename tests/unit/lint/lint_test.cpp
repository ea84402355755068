// The lint module: which files a path names, the configuration users already have (hardock's and
// hadolint's), inline pragmas, and one run over real Dockerfiles with suppressions applied.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <span>

#include "hardock/core/finding_order.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/lint/config.h"
#include "hardock/lint/inputs.h"
#include "hardock/lint/lint.h"

namespace hardock::lint {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ =
        fs::path(::testing::TempDir()) /
        ("lint-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "-" + std::to_string(getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] std::string write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

TEST(LintInputs, FileNamesSayTheirKind) {
  for (const char* name : {"Dockerfile", "Containerfile", "api.Dockerfile", "x.dockerfile",
                           "Dockerfile.prod", "Containerfile.dev"}) {
    EXPECT_EQ(kind_of_name(name), FileKind::kDockerfile) << name;
  }
  for (const char* name :
       {"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml",
        "compose.override.yml", "docker-compose.prod.yaml"}) {
    EXPECT_EQ(kind_of_name(name), FileKind::kCompose) << name;
  }
  for (const char* name : {"README.md", "dockerfile.go", "compose.json", "compose.yml.bak",
                           "mycompose.yml", "Dockerfiles", "compose..yml"}) {
    EXPECT_FALSE(kind_of_name(name).has_value()) << name;
  }
}

TEST(LintInputs, DirectoriesAreWalkedSortedWithoutLinksOrVcsFolders) {
  TempDir dir;
  (void)dir.write("b/Dockerfile", "FROM scratch\n");
  (void)dir.write("a/api.Dockerfile", "FROM scratch\n");
  (void)dir.write("compose.yaml", "services: {}\n");
  (void)dir.write(".git/Dockerfile", "FROM scratch\n");
  (void)dir.write("node_modules/x/Dockerfile", "FROM scratch\n");
  (void)dir.write("notes.txt", "FROM scratch\n");
  fs::create_directories(dir.path() + "/outside");
  (void)dir.write("outside/Dockerfile", "FROM scratch\n");
  fs::create_directories(dir.path() + "/inside");
  fs::create_directory_symlink(dir.path() + "/outside", dir.path() + "/inside/linked");
  fs::create_symlink(dir.path() + "/outside/Dockerfile", dir.path() + "/inside/Dockerfile");
  auto files = gather({dir.path() + "/a", dir.path() + "/b", dir.path() + "/inside",
                       dir.path() + "/compose.yaml", dir.path() + "/notes.txt"});
  ASSERT_TRUE(files) << files.error().to_string();
  std::vector<std::string> seen;
  for (const auto& file : *files)
    seen.push_back(fs::path(file.path).lexically_relative(dir.path()));
  // A named file is linted whatever its name; links inside a walked directory are not followed.
  EXPECT_EQ(seen, (std::vector<std::string>{"a/api.Dockerfile", "b/Dockerfile", "compose.yaml",
                                            "notes.txt"}));
  EXPECT_EQ((*files)[2].kind, FileKind::kCompose);
  EXPECT_EQ((*files)[3].kind, FileKind::kDockerfile);

  auto whole = gather({dir.path()});
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->size(), 4u);  // a, b, compose.yaml, outside/Dockerfile; not .git, node_modules
}

TEST(LintInputs, MissingPathsAndDeepTreesAreOneLineErrors) {
  TempDir dir;
  auto missing = gather({dir.path() + "/nope"});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nope: no such file"), std::string::npos);

  std::string deep = "d";
  for (std::size_t level = 0; level < kMaxWalkDepth + 2; ++level) deep += "/d";
  (void)dir.write(deep + "/Dockerfile", "FROM scratch\n");
  auto too_deep = gather({dir.path()});
  ASSERT_FALSE(too_deep);
  EXPECT_NE(too_deep.error().message.find("deeper than"), std::string::npos);
  EXPECT_EQ(too_deep.error().message.find('\n'), std::string::npos);
}

TEST(LintConfig, HardockYamlIgnoresOverridesAndTrusts) {
  TempDir dir;
  const std::string path = dir.write(".hardock.yaml",
                                     "ignore: [dockerfile-user-root, SC2086]\n"
                                     "severity: {DL3002: high}\n"
                                     "trusted-registries: [registry.example.com:5000]\n"
                                     "accepted-secret-keys: [TOKEN_URL]\n"
                                     "failure-threshold: high\n"
                                     "inline-ignores: false\n");
  LintConfig config;
  auto loaded = load_hardock_config(path, config);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_TRUE(config.ignored.contains("HDK-B-001"));
  EXPECT_TRUE(config.ignored_shellcheck.contains("SC2086"));
  EXPECT_EQ(config.severity.at("HDK-B-001"), core::Severity::kHigh);
  EXPECT_EQ(config.trusted_registries, std::vector<std::string>{"registry.example.com:5000"});
  EXPECT_EQ(config.accepted_secret_keys, std::vector<std::string>{"TOKEN_URL"});
  EXPECT_EQ(config.failure_threshold, core::Severity::kHigh);
  EXPECT_FALSE(config.inline_ignores);
}

TEST(LintConfig, HardockYamlMistakesNameTheFileAndLine) {
  TempDir dir;
  struct Case {
    const char* text;
    const char* expected;
  };
  for (const Case& bad : {
           Case{"ignore: [NOPE-1]\n", "NOPE-1 names no check"},
           Case{"colour: red\n", ":1: colour: unknown key"},
           Case{"\nseverity: {HDK-B-001: loud}\n", ":2: severity: expected a severity"},
           Case{"ignore: {a: b}\n", "ignore: expected a list"},
           Case{"- just\n- a list\n", "not a YAML mapping"},
           Case{"ignore: [\n", ".hardock.yaml:"},
       }) {
    SCOPED_TRACE(bad.text);
    const std::string path = dir.write(".hardock.yaml", bad.text);
    LintConfig config;
    auto loaded = load_hardock_config(path, config);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find(bad.expected), std::string::npos)
        << loaded.error().message;
    EXPECT_EQ(loaded.error().message.find('\n'), std::string::npos);
  }
}

TEST(LintConfig, DeeplyNestedYamlIsRefusedBeforeParsing) {
  TempDir dir;
  const std::string path = dir.write(".hardock.yaml", "ignore: " + std::string(100000, '[') + "\n");
  LintConfig config;
  auto loaded = load_hardock_config(path, config);
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("nested deeper"), std::string::npos);
}

TEST(LintConfig, HadolintYamlMapsThroughEquivalents) {
  TempDir dir;
  const std::string path = dir.write(".hadolint.yaml",
                                     "ignored: [DL3002, DL3059, SC2046]\n"
                                     "trustedRegistries: [docker.io, my.registry:5000]\n"
                                     "override:\n  error: [DL3002]\n"
                                     "failure-threshold: none\n"
                                     "format: tty\n");
  LintConfig config;
  auto loaded = load_hadolint_config(path, config);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_TRUE(config.ignored.contains("HDK-B-001"));  // DL3002: the last USER is root
  EXPECT_TRUE(config.ignored_shellcheck.contains("SC2046"));
  ASSERT_EQ(config.notes.size(), 1u);  // DL3059 (multiple consecutive RUN) is style only
  EXPECT_NE(config.notes[0].find("DL3059 has no hardock equivalent"), std::string::npos);
  EXPECT_EQ(config.trusted_registries.size(), 2u);
  EXPECT_EQ(config.severity.at("HDK-B-001"), core::Severity::kHigh);
  EXPECT_TRUE(config.never_fail);
}

TEST(LintPragmas, HardockAndHadolintSpellings) {
  auto local = parse_pragma(" hardock ignore=HDK-B-001,dockerfile-user-root ");
  ASSERT_TRUE(local);
  EXPECT_FALSE(local->global);
  EXPECT_TRUE(local->codes.contains("HDK-B-001"));
  auto hadolint = parse_pragma("hadolint ignore=DL3002,SC2086 because we must");
  ASSERT_TRUE(hadolint);
  EXPECT_TRUE(hadolint->codes.contains("HDK-B-001"));
  EXPECT_TRUE(hadolint->shellcheck.contains("SC2086"));
  auto global = parse_pragma("hardock global ignore=HDK-B-001");
  ASSERT_TRUE(global);
  EXPECT_TRUE(global->global);
  EXPECT_FALSE(parse_pragma("just a comment"));
  EXPECT_FALSE(parse_pragma("hardock please ignore=HDK-B-001"));
}

LintRequest request_for(const std::string& path, const std::string& text) {
  LintRequest request;
  request.files.push_back({FileKind::kDockerfile, path, text});
  request.only = {"HDK-B-001"};
  return request;
}

// `count` Dockerfiles named dir/1000, dir/1001 ... (in path order), all holding `text`, every
// Dockerfile check run on them: several batches' worth.
LintRequest many_files(const std::string& text, int count = 300) {
  LintRequest request;
  for (int i = 0; i < count; ++i) {
    request.files.push_back({FileKind::kDockerfile, "dir/" + std::to_string(1000 + i), text});
  }
  return request;
}

TEST(LintRun, InlinePragmasSuppressTheNextInstructionOnly) {
  const std::string text =
      "FROM debian:12 AS build\n"
      "# hardock ignore=HDK-B-001\n"
      "USER root\n"
      "FROM debian:12\n"
      "USER root\n";
  auto ignored_in_stage_one = run_lint(request_for("Dockerfile", text));
  ASSERT_TRUE(ignored_in_stage_one);
  // The pragma is above line 3; the finding is about line 5: it stays.
  ASSERT_EQ(ignored_in_stage_one->result.findings.size(), 1u);
  EXPECT_EQ(ignored_in_stage_one->result.findings[0].location.line, 5u);

  const std::string suppressed_text =
      "FROM debian:12\n"
      "# hadolint ignore=DL3002\n"
      "USER root\n";
  auto suppressed = run_lint(request_for("Dockerfile", suppressed_text));
  ASSERT_TRUE(suppressed);
  EXPECT_TRUE(suppressed->result.findings.empty());
  EXPECT_EQ(suppressed->suppressed, 1);
  EXPECT_EQ(suppressed->result.find("HDK-B-001")->outcome, audit::Outcome::kPass);

  auto forbidden = request_for("Dockerfile", suppressed_text);
  forbidden.config.inline_ignores = false;
  auto kept = run_lint(std::move(forbidden));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->result.findings.size(), 1u);
  EXPECT_EQ(kept->result.find("HDK-B-001")->outcome, audit::Outcome::kFail);
}

TEST(LintRun, GlobalPragmasAndSeverityOverrides) {
  auto global = run_lint(request_for(
      "Dockerfile", "# hardock global ignore=dockerfile-user-root\nFROM debian:12\nRUN true\n"));
  ASSERT_TRUE(global);
  EXPECT_TRUE(global->result.findings.empty());

  auto overridden = request_for("Dockerfile", "FROM debian:12\nUSER 0\n");
  overridden.config.severity["HDK-B-001"] = core::Severity::kCritical;
  auto result = run_lint(std::move(overridden));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->result.findings.size(), 1u);
  EXPECT_EQ(result->result.findings[0].severity, core::Severity::kCritical);
  EXPECT_EQ(result->result.findings[0].location.line, 2u);
  EXPECT_EQ(result->result.findings[0].location.column, 1u);
}

TEST(LintRun, AnAcceptedRiskDoesNotFailItsCheck) {
  // As in an audit (audit/run.cpp): the waived finding stays, accepted, and its check passes,
  // with or without a pragma taking another finding of the run out.
  for (const bool with_pragma : {false, true}) {
    auto request = request_for("Dockerfile", "FROM debian:12\nUSER root\n");
    if (with_pragma) {
      request.files.push_back(
          {FileKind::kDockerfile, "other", "FROM debian:12\n# hardock ignore=HDK-B-001\nUSER 0\n"});
    }
    request.config.today = "2026-12-01";
    request.config.waivers.push_back({.check = "HDK-B-001",
                                      .target = "*",
                                      .vulnerability = "",
                                      .package = "",
                                      .reason = "test",
                                      .owner = "a@example.com",
                                      .until = "2027-01-31",
                                      .source = "test"});
    auto result = run_lint(std::move(request));
    ASSERT_TRUE(result);
    ASSERT_EQ(result->result.findings.size(), 1u) << with_pragma;
    EXPECT_TRUE(result->result.findings[0].accepted != nullptr);
    EXPECT_EQ(result->result.find("HDK-B-001")->outcome, audit::Outcome::kPass) << with_pragma;
    EXPECT_EQ(result->result.find("HDK-B-001")->findings, 1) << with_pragma;
  }
}

TEST(LintRun, IgnoredChecksAreNotRunAtAll) {
  auto request = request_for("Dockerfile", "FROM debian:12\n");
  request.only.clear();
  request.config.ignored.insert("HDK-B-001");
  auto result = run_lint(std::move(request));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->result.find("HDK-B-001"), nullptr);
  EXPECT_TRUE(result->result.findings.empty() ||
              result->result.findings[0].check_code != "HDK-B-001");
}

TEST(LintRun, FileOrderAsksForTheSameFindingsInFileOrder) {
  // Findings of every rule, several per line (FROM), in two files and more than one batch.
  const std::string text =
      "FROM ubuntu\nRUN apt-get update\nRUN curl -s http://x.example/i.sh | sh\nUSER root\n"
      "EXPOSE 22\nADD app.tar /app\nWORKDIR /usr/bin\n";
  auto request_for_all = [&] {
    LintRequest request = many_files(text);
    request.config.severity["HDK-B-013"] = core::Severity::kCritical;
    return request;
  };
  auto in_report_order = run_lint(request_for_all());
  LintRequest by_file = request_for_all();
  by_file.file_order = true;
  auto in_file_order = run_lint(std::move(by_file));
  ASSERT_TRUE(in_report_order);
  ASSERT_TRUE(in_file_order);
  const auto& sorted = in_file_order->result.findings;
  ASSERT_GT(sorted.size(), 300u * 5);
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end(), core::file_before));
  EXPECT_FALSE(std::is_sorted(in_report_order->result.findings.begin(),
                              in_report_order->result.findings.end(), core::file_before));
  // The same findings, overrides applied: put both in file order and compare them line by line.
  auto key = [](const core::Finding& f) {
    return f.location.file + ":" + std::to_string(f.location.line) + ":" +
           std::to_string(f.location.column) + " " + std::string(f.check_code) + " " +
           std::string(core::to_string(f.severity)) + " " + f.evidence;
  };
  const auto& unsorted = in_report_order->result.findings;
  std::vector<std::string> expected;
  for (const std::uint32_t at : core::file_order(unsorted)) expected.push_back(key(unsorted[at]));
  std::vector<std::string> got;
  for (const auto& finding : sorted) got.push_back(key(finding));
  EXPECT_EQ(got, expected);
  EXPECT_EQ(in_file_order->result.find("HDK-B-013")->findings, 300);
}

// What a streamed run wrote and kept, against a run that kept everything: the same findings.
TEST(LintRun, StreamedBatchesAreTheFileOrderedFindingsOnce) {
  // Several batches' worth of files; ShellCheck named but absent: each file also gets an error
  // about no file (HDK-B-060), which sorts after every file's findings and so is kept.
  const std::string text =
      "FROM ubuntu\nRUN apt-get update\nRUN curl -s http://x.example/i.sh | sh\nUSER root\n"
      "EXPOSE 22\nADD app.tar /app\n";
  auto request_for_all = [&] {
    LintRequest request = many_files(text);
    request.file_order = true;
    request.shellcheck = true;
    request.shellcheck_path = "/nonexistent/shellcheck";
    return request;
  };
  auto line_of = [](const core::Finding& f) {
    return f.location.file + ":" + std::to_string(f.location.line) + ":" +
           std::to_string(f.location.column) + " " + std::string(f.check_code) + " " +
           std::string(core::to_string(f.severity)) + " " + f.evidence + "\n";
  };
  auto kept = run_lint(request_for_all());
  ASSERT_TRUE(kept);
  std::string expected;
  std::size_t about_no_file = 0;
  std::optional<core::Severity> worst;
  for (const auto& finding : kept->result.findings) {
    if (finding.location.empty()) {
      ++about_no_file;
      continue;
    }
    expected += line_of(finding);
    if (finding.counts() && (!worst || finding.severity > *worst)) worst = finding.severity;
  }
  ASSERT_EQ(about_no_file, 300u);

  LintRequest streaming = request_for_all();
  std::string written;
  int writes = 0;
  streaming.render_batch = [&](std::string& out, std::span<const core::Finding* const> batch) {
    for (const core::Finding* finding : batch) out += line_of(*finding);
  };
  streaming.write_batch = [&](std::string_view chunk) {
    written += chunk;
    ++writes;
  };
  auto streamed = run_lint(std::move(streaming));
  ASSERT_TRUE(streamed);
  EXPECT_GT(writes, 1);  // one write per batch, and 300 files are several
  EXPECT_EQ(written, expected);
  EXPECT_EQ(streamed->streamed + about_no_file, kept->result.findings.size());
  EXPECT_EQ(streamed->streamed_worst, worst);
  // Kept: only the findings about no file, for the report's end.
  ASSERT_EQ(streamed->result.findings.size(), about_no_file);
  for (const auto& finding : streamed->result.findings) EXPECT_TRUE(finding.location.empty());
  // The checks' counts and outcomes are those of every finding, written or kept.
  for (const auto& check : kept->result.checks) {
    const auto* same = streamed->result.find(check.check->info.code);
    ASSERT_NE(same, nullptr);
    EXPECT_EQ(same->findings, check.findings) << check.check->info.code;
    EXPECT_EQ(same->outcome, check.outcome) << check.check->info.code;
  }
}

TEST(LintRun, FilesOutOfPathOrderAreNotStreamed) {
  // Given b before a, batch after batch would not be file order: everything is kept instead.
  LintRequest request;
  for (int i = 0; i < 200; ++i) {
    request.files.push_back(
        {FileKind::kDockerfile, "dir/" + std::to_string(2000 - i), "FROM ubuntu\nUSER root\n"});
  }
  request.file_order = true;
  int writes = 0;
  request.render_batch = [](std::string&, std::span<const core::Finding* const>) {};
  request.write_batch = [&](std::string_view) { ++writes; };
  auto result = run_lint(std::move(request));
  ASSERT_TRUE(result);
  EXPECT_EQ(writes, 0);
  EXPECT_EQ(result->streamed, 0u);
  EXPECT_GE(result->result.findings.size(), 200u * 3);
}

}  // namespace
}  // namespace hardock::lint
