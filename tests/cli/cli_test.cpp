// Runs the real hardock binary: exit codes, one-line errors, formats and the
// offline (`--from`) path.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "run_hardock.h"

namespace {

using hardock::cli_test::CliRun;
using hardock::cli_test::run_hardock;

std::string fixture(const std::string& name) {
  return std::string(HARDOCK_TEST_DATA) + "/cli/" + name;
}

int count_lines(const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

// libcurl, libpq, libarchive and OpenSSL (and the 38 libraries they need) are opened by the
// commands that use them, not at start-up (src/hardock/lazylib). The dynamic loader's own trace
// says which files a run loaded.
CliRun run_traced(const std::string& args) {
  setenv("LD_DEBUG", "files", 1);
  CliRun run = run_hardock(args);
  unsetenv("LD_DEBUG");
  return run;
}

TEST(Cli, LintLoadsNoNetworkDatabaseOrArchiveLibrary) {
  CliRun run = run_traced("lint --no-store --format gnu " + std::string(HARDOCK_TEST_DATA) +
                          "/dockerfile/continuation.Dockerfile");
  ASSERT_NE(run.err.find("file=libre2"), std::string::npos) << "no loader trace:\n" << run.err;
  EXPECT_EQ(run.err.find("file=libcurl"), std::string::npos);
  EXPECT_EQ(run.err.find("file=libpq"), std::string::npos);
  EXPECT_EQ(run.err.find("file=libarchive"), std::string::npos);
  EXPECT_EQ(run.err.find("file=libxml2"), std::string::npos);
  EXPECT_EQ(run.err.find("file=libcrypto"), std::string::npos);  // no digest without a store
  EXPECT_EQ(run.err.find("file=libssl"), std::string::npos);
}

TEST(Cli, AuditOpensLibcurlWhenItReadsAnEngine) {
  CliRun run = run_traced("audit --no-store -H unix:///nonexistent-hardock-dir/docker.sock");
  EXPECT_EQ(run.exit_code, 2) << run.err;  // the engine could not be read
  EXPECT_NE(run.err.find("file=libcurl.so.4"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("cannot connect to unix:///nonexistent-hardock-dir/docker.sock"),
            std::string::npos)
      << run.err;
}

// A run builds only the command it names (app/cli.cpp): each command `hardock --help` lists must
// be found under its own name.
TEST(Cli, EveryListedCommandIsBuiltWhenNamedAlone) {
  CliRun all = run_hardock("--help");
  ASSERT_EQ(all.exit_code, 0) << all.err;
  std::istringstream lines(all.out.substr(all.out.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  int commands = 0;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name;
    if (!(words >> name)) continue;
    ++commands;
    CliRun one = run_hardock(name + " --help");
    EXPECT_EQ(one.exit_code, 0) << name << ": " << one.err;
    EXPECT_NE(one.out.find("Usage: hardock " + name + " "), std::string::npos) << one.out;
  }
  EXPECT_GE(commands, 20);
  CliRun unknown = run_hardock("no-such-command");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("A subcommand is required"), std::string::npos) << unknown.err;
}

TEST(Cli, AuditFromSnapshotFindsAndExitsZeroByDefault) {
  CliRun run = run_hardock("audit --from " + fixture("two-containers.json") + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  bool privileged_on_risky = false;
  for (const auto& finding : report.at("findings")) {
    if (finding.at("check") == "HDK-C-004") {
      EXPECT_EQ(finding.at("target").at("name"), "risky");
      privileged_on_risky = true;
    }
  }
  EXPECT_TRUE(privileged_on_risky);
}

TEST(Cli, ExitCodeOnlyAtOrAboveFailOn) {
  // The fixture has a critical finding (privileged), so --fail-on critical trips.
  CliRun fails = run_hardock("audit --from " + fixture("two-containers.json") +
                             " --format json --exit-code 7 --fail-on critical");
  EXPECT_EQ(fails.exit_code, 7) << fails.err;
  // A low finding (no CPU limit) is shown but does not trip --fail-on high.
  CliRun passes = run_hardock("audit --from " + fixture("two-containers.json") +
                              " --format json --check HDK-C-008 --exit-code 7 --fail-on high");
  EXPECT_EQ(passes.exit_code, 0) << passes.out;
  EXPECT_FALSE(nlohmann::json::parse(passes.out).at("findings").empty());
  CliRun below = run_hardock("audit --from " + fixture("two-containers.json") +
                             " --format json --skip HDK-C-004 --exit-code 7 --fail-on critical");
  EXPECT_EQ(below.exit_code, 0) << below.out;
}

TEST(Cli, SeverityFilterHidesLowerFindings) {
  CliRun run = run_hardock("audit --from " + fixture("two-containers.json") +
                           " --format json --severity high");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  ASSERT_FALSE(report.at("findings").empty());
  for (const auto& finding : report.at("findings")) {
    const std::string severity = finding.at("severity");
    EXPECT_TRUE(severity == "high" || severity == "critical") << severity;
  }
}

struct BadInput {
  std::string args;
  std::string expected_in_error;
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.args; }

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, OneLineErrorAndExitTwo) {
  CliRun run = run_hardock(GetParam().args);
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_EQ(count_lines(run.err), 1) << run.err;
  EXPECT_NE(run.err.find(GetParam().expected_in_error), std::string::npos) << run.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadInput,
    ::testing::Values(
        BadInput{"audit --from /nonexistent/snap.json", "cannot open snapshot"},
        BadInput{"audit --from " + fixture("truncated.json"), "invalid JSON at byte"},
        BadInput{"audit --from " + fixture("future-schema.json"), "not supported"},
        BadInput{"audit --from " + fixture("two-containers.json") + " --check HDK-X-999",
                 "no such check"},
        BadInput{"audit --from " + fixture("two-containers.json") + " --format yaml", "yaml"},
        BadInput{"audit --from " + fixture("two-containers.json") + " --fail-on urgent", "urgent"},
        BadInput{"audit --host unix:///nonexistent/docker.sock", "no such socket"},
        BadInput{"audit --no-such-flag", "no-such-flag"},
        // Neither an engine nor a host part: refused, never "every check passed".
        BadInput{"audit --from " + fixture("empty-object.json"), "not a hardock snapshot"},
        BadInput{"audit --from " + fixture("schema-only.json"),
                 "holds neither an engine nor a host part"}));

// A field of the wrong type in one container ("Name": 5) makes that container "could not check",
// named by its id and the field; the other containers are audited (issue 9), and the gate fails.
TEST(Cli, AWrongTypeInOneContainerIsCouldNotCheckAndTheRestIsAudited) {
  CliRun run = run_hardock("audit --from " + fixture("wrong-type.json") + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  bool good_audited = false;
  bool bad_named = false;
  for (const auto& finding : report.at("findings")) {
    if (finding.at("check") == "HDK-C-004" && finding.at("target").at("name") == "good") {
      good_audited = true;
    }
    if (finding.at("check") == "HDK-E-004") {
      EXPECT_EQ(finding.at("status"), "error");
      EXPECT_EQ(finding.at("evidence"),
                "could not look: GET /containers/bad1/json: container: field Name: expected a "
                "string");
      bad_named = true;
    }
  }
  EXPECT_TRUE(good_audited) << run.out;
  EXPECT_TRUE(bad_named) << run.out;
  run = run_hardock("audit --from " + fixture("wrong-type.json") +
                    " --format json --skip HDK-C-004 --exit-code 3 --fail-on medium");
  EXPECT_EQ(run.exit_code, 3) << run.out;
}

// A check that could not look fails the --exit-code gate (an auditor cannot sign off what was
// not looked at) unless --allow-unchecked; it never reads as passed.
TEST(Cli, CouldNotLookFailsTheGateUnlessAllowed) {
  const std::string base =
      "audit --from " + fixture("inspect-failed.json") + " --format json --exit-code 3";
  CliRun run = run_hardock(base + " --fail-on medium");
  EXPECT_EQ(run.exit_code, 3) << run.err;
  auto report = nlohmann::json::parse(run.out);
  EXPECT_GT(report.at("summary").at("could_not_check").get<int>(), 0);
  run = run_hardock(base + " --fail-on medium --allow-unchecked");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = run_hardock(base + " --fail-on critical");  // the error's check is below the gate
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

// A snapshot without a host part: the host checks are "not run", with the reason; never passed,
// never a passed JUnit case, never raising a score.
TEST(Cli, SnapshotWithoutHostReportsHostChecksAsNotRun) {
  CliRun run = run_hardock("audit --from " + fixture("two-containers.json") + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  int not_run = 0;
  for (const auto& check : report.at("checks")) {
    if (check.at("outcome") != "not-run") continue;
    ++not_run;
    const auto reason = check.at("reason").get<std::string>();
    if (check.at("code").get<std::string>().starts_with("HDK-I-")) continue;  // no image read
    EXPECT_NE(reason.find("no host part"), std::string::npos) << reason;
  }
  EXPECT_GT(not_run, 30);
  EXPECT_EQ(report.at("summary").at("checks_not_run"), not_run);

  run = run_hardock("audit --from " + fixture("two-containers.json") + " --format junit");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Every not-run check is a skipped test case naming why.
  int skipped_cases = 0;
  for (size_t pos = 0;
       (pos = run.out.find("<skipped message=\"not run: ", pos)) != std::string::npos; ++pos) {
    ++skipped_cases;
  }
  EXPECT_EQ(skipped_cases, not_run);
  EXPECT_EQ(run.out.find("HDK-F-016 docker-sock-mode\" classname=\"hardock.security\"/>"),
            std::string::npos)
      << "a host check shows as a passed test case";

  run = run_hardock("audit --from " + fixture("two-containers.json"));
  EXPECT_NE(run.out.find("NOT RUN ("), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("checks not run"), std::string::npos);
}

TEST(Cli, OutputIntoAFifoWritesThroughItAndKeepsIt) {
  // `-o /dev/null` once replaced the device node with a regular file (write + rename).
  // A FIFO stands for any non-regular target: it must be written through, not replaced.
  const std::string dir =
      std::string(::testing::TempDir()) + "hardock_fifo." + std::to_string(getpid());
  std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str());
  const std::string fifo = dir + "/out";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string copy = dir + "/copy";
  // The reader runs in the background; the writer blocks until it opens the FIFO.
  // It marks completion, so the copy is read only once whole (the writer may still be writing).
  ASSERT_EQ(std::system(("(cat " + fifo + " > " + copy + "; touch " + copy + ".done) &").c_str()),
            0);
  CliRun run =
      run_hardock("audit --from " + fixture("two-containers.json") + " --format json -o " + fifo);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  struct stat info {};
  ASSERT_EQ(stat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode)) << "the FIFO was replaced";
  for (int attempt = 0; attempt < 100 && access((copy + ".done").c_str(), F_OK) != 0; ++attempt) {
    usleep(100000);
  }
  std::ifstream in(copy);
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  EXPECT_NO_THROW((void)nlohmann::json::parse(text).at("findings"));
  std::system(("rm -rf " + dir).c_str());
}

TEST(Cli, OutputIntoADirectoryIsAnError) {
  CliRun run = run_hardock("audit --from " + fixture("two-containers.json") + " -o " +
                           std::string(::testing::TempDir()));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("is a directory"), std::string::npos) << run.err;
}

TEST(Cli, DockerPluginMetadata) {
  CliRun run = run_hardock("docker-cli-plugin-metadata");
  ASSERT_EQ(run.exit_code, 0);
  auto metadata = nlohmann::json::parse(run.out);
  EXPECT_EQ(metadata.at("SchemaVersion"), "0.1.0");
  EXPECT_EQ(metadata.at("Vendor"), "hardock");
}

TEST(Cli, DockerPluginInvocationDropsPluginName) {
  CliRun run = run_hardock("hardock version");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("hardock ", 0), 0u);
}

// The real docker CLI finds hardock as a plugin in $DOCKER_CONFIG/cli-plugins
// and runs `docker hardock ...` through it.
TEST(Cli, RunsAsDockerCliPlugin) {
  if (std::system("command -v docker >/dev/null 2>&1") != 0) {
    GTEST_FAIL() << "the docker CLI is not installed (scripts/install-deps.sh installs docker.io)";
  }
  const std::string config =
      std::string(::testing::TempDir()) + "hardock-docker-config-" + std::to_string(getpid());
  const std::string setup = "mkdir -p " + config + "/cli-plugins && ln -sf " +
                            std::string(HARDOCK_BINARY) + " " + config +
                            "/cli-plugins/docker-hardock";
  ASSERT_EQ(std::system(setup.c_str()), 0);
  std::string out;
  FILE* pipe = popen(("DOCKER_CONFIG=" + config + " docker hardock version 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::array<char, 4096> buffer{};
  size_t count = 0;
  while ((count = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), count);
  EXPECT_EQ(pclose(pipe), 0) << out;
  EXPECT_NE(out.find("hardock 0."), std::string::npos) << out;
  FILE* list = popen(("DOCKER_CONFIG=" + config + " docker --help 2>&1").c_str(), "r");
  ASSERT_NE(list, nullptr);
  std::string help;
  while ((count = fread(buffer.data(), 1, buffer.size(), list)) > 0)
    help.append(buffer.data(), count);
  pclose(list);
  EXPECT_NE(help.find("hardock*"), std::string::npos) << "docker --help does not list the plugin";
  std::system(("rm -rf " + config).c_str());
}

TEST(Cli, SensitivityLevelsFromFlagsAndConfig) {
  // With levels "low,high" the fixture's containers have no valid level.
  CliRun run = run_hardock("audit --from " + fixture("two-containers.json") +
                           " --format json --check HDK-N-011 --sensitivity-label zone "
                           "--sensitivity-levels low,high");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report.at("findings").size(), 2u);
  CliRun bad = run_hardock("audit --from " + fixture("two-containers.json") + " --config " +
                           fixture("bad-config.json"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown key 'sensitivty'"), std::string::npos) << bad.err;
}

}  // namespace

namespace {

// The policy file's image section reaches the image checks: busybox:1 comes from Docker Hub, which
// a policy trusting only registry.example reports and one trusting docker.io does not.
TEST(Cli, TrustedRegistriesFromTheConfig) {
  const std::string dir = ::testing::TempDir() + "hardock-policy-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  auto audit_with = [&](const std::string& registries) {
    const std::string path = dir + "/policy.json";
    {
      std::ofstream out(path);
      out << R"({"image": {"trusted_registries": [)" << registries
          << R"(], "max_age_days": 100000}, "secrets": {"accept": ["X"]}})";
    }
    CliRun run = run_hardock("audit --from " + fixture("two-containers.json") +
                             " --format json --check HDK-I-013 --config " + path);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::string evidence;
    const auto report = nlohmann::json::parse(run.out);
    for (const auto& finding : report.at("findings")) {
      evidence += finding.at("evidence").get<std::string>();
    }
    return evidence;
  };
  EXPECT_NE(audit_with(R"("registry.example")").find("not in image.trusted_registries: docker.io"),
            std::string::npos);
  EXPECT_EQ(audit_with(R"("docker.io")").find("trusted_registries"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace

TEST(Cli, VercmpPrintsTheOrder) {
  struct Case {
    const char* args;
    const char* out;
  };
  const Case cases[] = {
      {"dpkg 1.0~rc1 1.0", "-1\n"},
      {"deb 1:0.1 2.0", "1\n"},
      {"dpkg 1.0 1.0-0", "0\n"},
      {"apk 1.0_rc1 1.0", "-1\n"},
      {"apk 1.2.3-r1 1.2.3_p1-r0", "-1\n"},
      {"rpm 1.0^git1 1.0", "1\n"},
      {"rpm 1:3.5.5-4.el9_8 1:3.0.7-27.el9", "1\n"},
  };
  for (const Case& c : cases) {
    CliRun run = run_hardock(std::string("vercmp ") + c.args);
    EXPECT_EQ(run.exit_code, 0) << c.args << ": " << run.err;
    EXPECT_EQ(run.out, c.out) << c.args;
  }
}

TEST(Cli, VercmpRejectsInvalidVersionsAndEcosystems) {
  const char* const bad[] = {"apk 10.0.11-0 1.0", "dpkg '1:' 1.0", "rpm 1.0 '1.0-1-2'",
                             "pacman 1 2", "dpkg 1.0"};
  for (const char* args : bad) {
    CliRun run = run_hardock(std::string("vercmp ") + args);
    EXPECT_EQ(run.exit_code, 2) << args;
    EXPECT_TRUE(run.out.empty()) << args;
    EXPECT_EQ(count_lines(run.err), 1) << args << ": " << run.err;
    EXPECT_EQ(run.err.rfind("hardock: error: ", 0), 0u) << run.err;
  }
  EXPECT_NE(run_hardock("vercmp apk 10.0.11-0 1.0").err.find("10.0.11-0"), std::string::npos);
}
