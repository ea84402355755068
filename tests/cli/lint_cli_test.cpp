// `hardock lint` end to end: files, directories and stdin; exit codes; the gnu, checkstyle,
// JSON and SARIF renderings carry file:line:column (SARIF valid against the official schema,
// checkstyle well-formed XML); configuration files found in the working directory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_hardock.h"

namespace {

namespace fs = std::filesystem;
using hardock::cli_test::run_hardock;
using hardock::cli_test::RunIn;
using hardock::cli_test::shell_quoted;

std::string data(const std::string& name) {
  return std::string(HARDOCK_TEST_DATA) + "/lint/" + name;
}

class LintCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("lint-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

TEST_F(LintCli, GnuFormatPointsAtTheLineAndExitsOneOnFindings) {
  const auto run =
      run_hardock("lint --check HDK-B-001 -f gnu " + shell_quoted(data("root.Dockerfile")) + " " +
                  shell_quoted(data("clean.Dockerfile")));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out, data("root.Dockerfile") +
                         ":8:1: medium: HDK-B-001 Image runs as root: no USER, or the last USER is "
                         "root: the last USER is root: USER 0:0 [dockerfile-user-root]\n");
  const auto clean =
      run_hardock("lint --check HDK-B-001 -f gnu " + shell_quoted(data("clean.Dockerfile")));
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(clean.out, "");
  const auto no_fail = run_hardock("lint --no-fail --check HDK-B-001 -f gnu " +
                                   shell_quoted(data("root.Dockerfile")));
  EXPECT_EQ(no_fail.exit_code, 0);
}

// -f gnu --no-store to standard output writes each batch of files as it is judged; to a file,
// the report is written at the end. Both must be the same bytes and the same exit gate.
TEST_F(LintCli, GnuWrittenBatchByBatchIsTheSameReport) {
  for (int i = 0; i < 300; ++i) {
    write(std::to_string(1000 + i) + ".Dockerfile",
          i % 7 == 0 ? "FROM ubuntu:22.04@sha256:" + std::string(64, 'a') +
                           "\nUSER app\nHEALTHCHECK CMD true\n"
                     : "FROM ubuntu\nRUN apt-get update\nUSER root\nEXPOSE 22\n");
  }
  const std::string dir = shell_quoted(dir_.string());
  const auto streamed = run_hardock("lint -f gnu --no-store " + dir);
  const std::string file = (dir_ / "report.gnu").string();
  const auto whole = run_hardock("lint -f gnu --no-store -o " + shell_quoted(file) + " " + dir);
  EXPECT_EQ(streamed.exit_code, 1) << streamed.err;
  EXPECT_EQ(whole.exit_code, 1) << whole.err;
  std::stringstream read;
  read << std::ifstream(file).rdbuf();
  const std::string written = read.str();
  EXPECT_GT(std::count(written.begin(), written.end(), '\n'), 300 * 3);
  EXPECT_EQ(streamed.out, written);
  EXPECT_NE(streamed.out.find("/1299.Dockerfile:4:8: "), std::string::npos);
  // The gate sees the written findings: none is critical, some are medium.
  EXPECT_EQ(run_hardock("lint -f gnu --no-store --fail-on critical " + dir).exit_code, 0);
  EXPECT_EQ(run_hardock("lint -f gnu --no-store --fail-on medium " + dir).exit_code, 1);
}

TEST_F(LintCli, StandardInputIsADockerfileNamedDash) {
  const auto run =
      run_hardock("lint --check HDK-B-001 -f json -", RunIn{"", data("root.Dockerfile")});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["location"],
            (nlohmann::json{{"file", "-"}, {"line", 8}, {"column", 1}}));
  EXPECT_EQ(report["findings"][0]["target"]["kind"], "dockerfile");
}

TEST_F(LintCli, SarifCarriesRegionsAndIsValid) {
  const std::string sarif = (dir_ / "out.sarif").string();
  const auto run = run_hardock("lint --check HDK-B-001 -f sarif -o " + shell_quoted(sarif) + " " +
                               shell_quoted(data("root.Dockerfile")));
  ASSERT_EQ(run.exit_code, 1) << run.err;
  std::ifstream in(sarif);
  const auto document = nlohmann::json::parse(in);
  const auto& result = document["runs"][0]["results"][0];
  const auto& physical = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(physical["region"]["startLine"], 8);
  EXPECT_EQ(physical["region"]["startColumn"], 1);
  EXPECT_EQ(physical["artifactLocation"]["uri"].get<std::string>(),
            "file://" + data("root.Dockerfile"));
  const auto& rule = document["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["properties"]["equivalents"], (nlohmann::json{"DL3002", "DS-0002"}));
  if (::system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0) {
    GTEST_SKIP() << "needs python3-jsonschema";
  }
  const std::string schema = std::string(HARDOCK_TEST_DATA) + "/report/sarif-schema-2.1.0.json";
  const std::string validate =
      "/usr/bin/python3 -c 'import json,sys,jsonschema; s=json.load(open(sys.argv[1])); "
      "jsonschema.validators.validator_for(s)(s).validate(json.load(open(sys.argv[2])))' " +
      shell_quoted(schema) + " " + shell_quoted(sarif);
  EXPECT_EQ(::system(validate.c_str()), 0);
}

TEST_F(LintCli, CheckstyleIsWellFormedXmlGroupedByFile) {
  const auto run =
      run_hardock("lint --check HDK-B-001 -f checkstyle " + shell_quoted(data("root.Dockerfile")));
  ASSERT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("<file name=\"" + data("root.Dockerfile") + "\">"), std::string::npos);
  EXPECT_NE(run.out.find("<error line=\"8\" column=\"1\" severity=\"warning\""), std::string::npos);
  const std::string xml = write("out.xml", run.out);
  if (::system("command -v xmllint >/dev/null") != 0) GTEST_SKIP() << "needs xmllint";
  EXPECT_EQ(::system(("xmllint --noout " + shell_quoted(xml)).c_str()), 0);
}

TEST_F(LintCli, ConfigurationFilesInTheWorkingDirectoryApply) {
  fs::copy_file(data("root.Dockerfile"), dir_ / "Dockerfile");
  (void)write(".hadolint.yaml", "ignored: [DL3002]\n");
  const auto ignored = run_hardock("lint --check HDK-B-001 -f gnu .", RunIn{dir_.string(), ""});
  EXPECT_EQ(ignored.exit_code, 0) << ignored.err;
  EXPECT_EQ(ignored.out, "");
  // hardock's own file wins where both speak; an id it does not know is an error.
  (void)write(".hardock.yaml", "ignore: [NOT-A-CHECK]\n");
  const auto broken = run_hardock("lint -f gnu .", RunIn{dir_.string(), ""});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find(".hardock.yaml:1: ignore: NOT-A-CHECK names no check"),
            std::string::npos)
      << broken.err;
}

TEST_F(LintCli, InlineIgnoresCanBeForbidden) {
  const std::string file =
      write("Dockerfile", "FROM debian:12\n# hardock ignore=HDK-B-001\nUSER root\n");
  EXPECT_EQ(run_hardock("lint --check HDK-B-001 -f gnu " + shell_quoted(file)).exit_code, 0);
  const auto forbidden =
      run_hardock("lint --no-inline-ignores --check HDK-B-001 -f gnu " + shell_quoted(file));
  EXPECT_EQ(forbidden.exit_code, 1);
  EXPECT_NE(forbidden.out.find(":3:1: medium: HDK-B-001"), std::string::npos) << forbidden.out;
}

TEST_F(LintCli, BadPathsAreOneLineErrors) {
  const auto missing = run_hardock("lint " + shell_quoted((dir_ / "nope").string()));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope: no such file or directory"), std::string::npos);
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);
  const auto empty = run_hardock("lint " + shell_quoted(dir_.string()));
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no Dockerfile or Compose file"), std::string::npos);
}

TEST_F(LintCli, HostileTextNeverReachesTheTerminalRaw) {
  // The evidence quotes the FROM line, escape sequences and all.
  const std::string file =
      write("Dockerfile", "FROM debian:12\x1b]0;owned\x07\x1b[31m\nRUN true\n");
  for (const char* format : {"table", "gnu"}) {
    const auto run =
        run_hardock("lint --check HDK-B-001 -f " + std::string(format) + " " + shell_quoted(file));
    EXPECT_EQ(run.exit_code, 1) << format;
    EXPECT_NE(run.out.find("FROM debian:12"), std::string::npos) << format;
    EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << format;
    EXPECT_EQ(run.out.find('\x07'), std::string::npos) << format;
  }
}

// A Compose file is judged by the live audit's checks, each finding at its key's line; --fix
// writes the hardened override beside it, and linting the project with it finds less.
TEST_F(LintCli, ComposeFindingsPointAtTheirKeysAndFixWritesAnOverride) {
  const std::string bad = std::string(HARDOCK_TEST_DATA) + "/compose/bad/compose.yml";
  fs::copy_file(bad, dir_ / "compose.yml");
  const auto run = run_hardock("lint -f gnu compose.yml", RunIn{dir_.string(), ""});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("compose.yml:9:9: critical: HDK-C-023"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("compose.yml:26:5: critical: HDK-C-004"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("compose.yml:15:9: medium: HDK-N-004"), std::string::npos) << run.out;
  const auto before = std::count(run.out.begin(), run.out.end(), '\n');

  const auto diff = run_hardock("lint --fix --diff -f gnu compose.yml", RunIn{dir_.string(), ""});
  EXPECT_NE(diff.out.find("+++ compose.hardened.yml"), std::string::npos) << diff.out;
  EXPECT_FALSE(fs::exists(dir_ / "compose.hardened.yml"));  // --diff writes nothing

  const auto fixed = run_hardock("lint --fix -f gnu compose.yml", RunIn{dir_.string(), ""});
  ASSERT_TRUE(fs::exists(dir_ / "compose.hardened.yml")) << fixed.err;
  EXPECT_NE(fixed.err.find("compose.hardened.yml: written"), std::string::npos) << fixed.err;
  // The report after --fix judges the project with its override: privileged is gone.
  EXPECT_EQ(fixed.out.find("HDK-C-004"), std::string::npos) << fixed.out;
  EXPECT_LT(std::count(fixed.out.begin(), fixed.out.end(), '\n'), before);
  const auto merged =
      run_hardock("lint -f gnu -c compose.yml -c compose.hardened.yml", RunIn{dir_.string(), ""});
  EXPECT_EQ(merged.out, fixed.out);
}

TEST_F(LintCli, DockerfileFixWritesABackupAndLintsWhatRemains) {
  const std::string file = write("Dockerfile",
                                 "FROM debian:12\n"
                                 "RUN apt-get update\n"
                                 "RUN apt-get install curl\n"
                                 "ADD app.sh /app.sh\n");
  const auto diff = run_hardock("lint --fix --diff " + shell_quoted(file));
  EXPECT_NE(diff.out.find("-ADD app.sh /app.sh"), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find("+COPY app.sh /app.sh"), std::string::npos) << diff.out;
  const auto fixed = run_hardock("lint --fix -f json " + shell_quoted(file));
  ASSERT_TRUE(fs::exists(file + ".hardock.bak")) << fixed.err;
  std::ifstream backup(file + ".hardock.bak");
  std::stringstream original;
  original << backup.rdbuf();
  EXPECT_NE(original.str().find("ADD app.sh"), std::string::npos);
  const auto report = nlohmann::json::parse(fixed.out);
  for (const auto& finding : report["findings"]) {
    EXPECT_NE(finding["check"], "HDK-B-005") << "ADD was fixed";
    EXPECT_NE(finding["check"], "HDK-B-001") << "a USER was added";
  }
  std::ifstream now(file);
  std::stringstream text;
  text << now.rdbuf();
  EXPECT_NE(text.str().find("COPY app.sh /app.sh"), std::string::npos) << text.str();
  // A second --fix changes nothing more.
  const auto again = run_hardock("lint --fix --diff " + shell_quoted(file));
  EXPECT_EQ(again.out, "");
}

}  // namespace
