// Risk management end to end on the real binary and a real SQLite store: waivers accepted in the
// store or kept in .hardock.yaml, shown as accepted and not failing the gate; expired ones
// counting again and reported (HDK-G-001); --allow-critical; the register after two runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_hardock.h"

namespace {

namespace fs = std::filesystem;
using hardock::cli_test::CliRun;
using hardock::cli_test::run_hardock;
using hardock::cli_test::RunIn;
using hardock::cli_test::shell_quoted;

std::string fixture(const std::string& name) {
  return std::string(HARDOCK_TEST_DATA) + "/cli/" + name;
}

// Today plus `days`, UTC, as hardock judges waivers.
std::string day(int days) {
  const std::time_t at = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                              std::chrono::hours(24 * days));
  std::tm parts{};
  gmtime_r(&at, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

const nlohmann::json* find(const nlohmann::json& report, const std::string& check,
                           const std::string& target = "") {
  for (const auto& finding : report.at("findings")) {
    if (finding.at("check") == check &&
        (target.empty() || finding.at("target").at("name") == target)) {
      return &finding;
    }
  }
  return nullptr;
}

class RiskCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("risk-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = shell_quoted((dir_ / "hardock.db").string());
    // Runs record into, and read their waivers from, this test's store.
    ::setenv("HARDOCK_STORE", (dir_ / "hardock.db").c_str(), 1);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  CliRun run(const std::string& args) { return run_hardock(args, RunIn{dir_.string(), ""}); }
  CliRun audit(const std::string& extra) {
    return run("audit --from " + shell_quoted(fixture("two-containers.json")) + " --format json " +
               extra);
  }
  fs::path dir_;
  std::string store_;
};

TEST_F(RiskCli, AStoredWaiverShowsTheFindingAcceptedAndTheGatePasses) {
  // Without a waiver the sshd finding (medium) trips the gate.
  CliRun before = audit("--check HDK-C-006 --exit-code 7");
  EXPECT_EQ(before.exit_code, 7) << before.err;

  CliRun accepted =
      run("accept HDK-C-006 --target risky --reason 'legacy app, replaced in Q3' "
          "--owner ops@example.com --until " +
          day(30) + " --store " + store_);
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_NE(accepted.out.find("waiver #1"), std::string::npos) << accepted.out;

  CliRun after = audit("--check HDK-C-006 --exit-code 7");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  const auto report = nlohmann::json::parse(after.out);
  const nlohmann::json* finding = find(report, "HDK-C-006", "risky");
  ASSERT_NE(finding, nullptr) << after.out;  // still reported
  ASSERT_TRUE(finding->contains("accepted")) << finding->dump();
  EXPECT_EQ(finding->at("accepted").at("owner"), "ops@example.com");
  EXPECT_EQ(finding->at("accepted").at("until"), day(30));
  EXPECT_EQ(report.at("summary").at("accepted"), 1);

  // The table says so too; SARIF carries it as an external suppression.
  CliRun table = run("audit --from " + shell_quoted(fixture("two-containers.json")) +
                     " --check HDK-C-006 --no-color");
  EXPECT_NE(table.out.find("[accepted: ops@example.com until " + day(30)), std::string::npos)
      << table.out;
  CliRun sarif = run("audit --from " + shell_quoted(fixture("two-containers.json")) +
                     " --check HDK-C-006 -f sarif");
  const auto results = nlohmann::json::parse(sarif.out).at("runs")[0].at("results");
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0].at("suppressions")[0].at("kind"), "external");
  EXPECT_EQ(results[0].at("suppressions")[0].at("status"), "accepted");

  // Listed, then revoked: the finding counts again. Both changes are change records.
  CliRun list = run("accept --list --format json --store " + store_);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto waivers = nlohmann::json::parse(list.out).at("waivers");
  ASSERT_EQ(waivers.size(), 1u);
  EXPECT_EQ(waivers[0].at("status"), "in force");
  CliRun revoked = run("accept --revoke 1 --store " + store_);
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(audit("--check HDK-C-006 --exit-code 7").exit_code, 7);
  CliRun again = run("accept --revoke 1 --store " + store_);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already revoked"), std::string::npos) << again.err;
}

TEST_F(RiskCli, AnExpiredWaiverCountsAgainAndIsItselfAFinding) {
  write(".hardock.yaml",
        "waivers:\n  - {check: HDK-C-006, target: risky, reason: legacy, owner: "
        "ops, until: " +
            day(-1) + "}\n");
  CliRun expired = audit("--check HDK-C-006,HDK-G-001 --exit-code 7");
  EXPECT_EQ(expired.exit_code, 7) << expired.err;
  const auto report = nlohmann::json::parse(expired.out);
  const nlohmann::json* finding = find(report, "HDK-C-006", "risky");
  ASSERT_NE(finding, nullptr);
  EXPECT_FALSE(finding->contains("accepted"));
  EXPECT_NE(finding->at("evidence").get<std::string>().find("expired after " + day(-1)),
            std::string::npos);
  const nlohmann::json* waiver = find(report, "HDK-G-001");
  ASSERT_NE(waiver, nullptr) << expired.out;
  EXPECT_NE(waiver->at("evidence").get<std::string>().find("owner ops"), std::string::npos);

  // Today is still its day.
  write(".hardock.yaml",
        "waivers:\n  - {check: HDK-C-006, target: risky, reason: legacy, owner: "
        "ops, until: " +
            day(0) + "}\n");
  CliRun today = audit("--check HDK-C-006,HDK-G-001 --exit-code 7");
  EXPECT_EQ(today.exit_code, 0) << today.out;
  EXPECT_EQ(find(nlohmann::json::parse(today.out), "HDK-G-001"), nullptr);
}

TEST_F(RiskCli, CriticalFindingsNeedAllowCritical) {
  CliRun refused = run("accept HDK-C-004 --target risky --reason r --owner o --until " + day(10) +
                       " --store " + store_);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("needs --allow-critical"), std::string::npos) << refused.err;
  CliRun allowed = run("accept privileged-container --target risky --reason r --owner o --until " +
                       day(10) + " --allow-critical --store " + store_);
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  CliRun run_after = audit("--check HDK-C-004 --exit-code 7 --fail-on critical");
  EXPECT_EQ(run_after.exit_code, 0) << run_after.out;
  ASSERT_NE(find(nlohmann::json::parse(run_after.out), "HDK-C-004"), nullptr);

  // In .hardock.yaml without allow_critical: not applied, and reported.
  write(".hardock.yaml",
        "waivers:\n  - {check: HDK-C-004, target: calm, reason: r, owner: o, "
        "until: " +
            day(10) + "}\n");
  CliRun yaml = audit("--check HDK-C-004,HDK-G-002");
  ASSERT_EQ(yaml.exit_code, 0) << yaml.err;
  EXPECT_NE(find(nlohmann::json::parse(yaml.out), "HDK-G-002"), nullptr) << yaml.out;
}

TEST_F(RiskCli, BadWaiversAreOneLineErrors) {
  const std::string tail = " --store " + store_;
  const std::pair<std::string, std::string> cases[] = {
      {"accept HDK-Z-999 --target a --reason r --owner o --until " + day(1), "names no check"},
      {"accept HDK-C-006 --target a --reason r --owner o --until 2026-02-30", "is not a date"},
      {"accept HDK-C-006 --target a --reason '' --owner o --until " + day(1), "reason must not"},
      {"accept HDK-C-006 --target a --reason r --owner '' --until " + day(1), "owner must not"},
      {"accept HDK-C-006 --target a --reason r --owner o --until " + day(-2), "already past"},
      {"accept", "name the check"},
  };
  for (const auto& [args, message] : cases) {
    CliRun bad = run(args + tail);
    EXPECT_EQ(bad.exit_code, 2) << args;
    EXPECT_NE(bad.err.find(message), std::string::npos) << args << ": " << bad.err;
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  }
  write(".hardock.yaml",
        "waivers:\n  - {check: HDK-C-006, target: a, reason: r, owner: o, "
        "until: someday}\n");
  CliRun yaml = audit("");
  EXPECT_EQ(yaml.exit_code, 2);
  EXPECT_NE(yaml.err.find(".hardock.yaml:2: waiver: until someday is not a date"),
            std::string::npos)
      << yaml.err;
}

// lint applies the same waivers: a Dockerfile finding accepted in .hardock.yaml passes the gate.
TEST_F(RiskCli, LintAppliesTheSameWaivers) {
  const std::string dockerfile = std::string(HARDOCK_TEST_DATA) + "/lint/root.Dockerfile";
  const std::string args = "lint --check HDK-B-001 -f gnu " + shell_quoted(dockerfile);
  EXPECT_EQ(run(args).exit_code, 1);
  write(".hardock.yaml", "waivers:\n  - {check: dockerfile-user-root, target: \"" + dockerfile +
                             "\", reason: base image, owner: dev, until: " + day(3) + "}\n");
  CliRun accepted = run(args);
  EXPECT_EQ(accepted.exit_code, 0) << accepted.out << accepted.err;
  EXPECT_NE(accepted.out.find("[accepted: dev until " + day(3) + ": base image]"),
            std::string::npos)
      << accepted.out;
}

// The acceptance is stored with the finding: `show` reports it as the live run did, and the
// register lists it as an accepted risk (owner, expiry), not an open one.
TEST_F(RiskCli, AStoredRunKeepsItsAcceptances) {
  CliRun accepted =
      run("accept HDK-C-006 --target risky --reason 'legacy app, replaced in Q3' "
          "--owner ops@example.com --until " +
          day(30) + " --store " + store_);
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  ASSERT_EQ(audit("").exit_code, 0);

  CliRun shown = run("show latest --format json --store " + store_);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto report = nlohmann::json::parse(shown.out);
  const nlohmann::json* finding = find(report, "HDK-C-006", "risky");
  ASSERT_NE(finding, nullptr) << shown.out;
  ASSERT_TRUE(finding->contains("accepted")) << finding->dump();
  EXPECT_EQ(finding->at("accepted").at("owner"), "ops@example.com");
  EXPECT_EQ(finding->at("accepted").at("until"), day(30));
  EXPECT_EQ(finding->at("accepted").at("reason"), "legacy app, replaced in Q3");
  EXPECT_EQ(finding->at("accepted").at("source"), "store #1");
  EXPECT_EQ(report.at("summary").at("accepted"), 1);
  const nlohmann::json* other = find(report, "HDK-C-004", "risky");
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(other->contains("accepted"));
  CliRun sarif = run("show latest -f sarif --store " + store_);
  ASSERT_EQ(sarif.exit_code, 0) << sarif.err;
  int suppressed = 0;
  const auto sarif_document = nlohmann::json::parse(sarif.out);
  for (const auto& result : sarif_document.at("runs")[0].at("results")) {
    if (!result.contains("suppressions")) continue;
    ++suppressed;
    EXPECT_EQ(result.at("ruleId"), "HDK-C-006");
    EXPECT_EQ(result.at("suppressions")[0].at("status"), "accepted");
  }
  EXPECT_EQ(suppressed, 1) << sarif.out;
  CliRun table = run("show latest --store " + store_);
  EXPECT_NE(table.out.find("[accepted: ops@example.com until " + day(30)), std::string::npos)
      << table.out;

  CliRun risk = run("risk --store " + store_ + " --format json --top 0");
  ASSERT_EQ(risk.exit_code, 0) << risk.err;
  const auto doc = nlohmann::json::parse(risk.out);
  double open_total = 0;
  for (const auto& item : doc.at("risks")) {
    EXPECT_FALSE(item.at("check") == "HDK-C-006" && item.at("target").at("name") == "risky")
        << item.dump();
    EXPECT_EQ(item.at("status"), "open");
    open_total += item.at("score").get<double>();
  }
  EXPECT_NEAR(doc.at("open_total").get<double>(), open_total, 1e-6);
  ASSERT_EQ(doc.at("accepted").size(), 1u) << risk.out;
  const auto& waived = doc.at("accepted")[0];
  EXPECT_EQ(waived.at("check"), "HDK-C-006");
  EXPECT_EQ(waived.at("status"), "accepted");
  EXPECT_EQ(waived.at("waiver").at("owner"), "ops@example.com");
  EXPECT_EQ(waived.at("waiver").at("until"), day(30));
  CliRun risk_table = run("risk --store " + store_ + " --top 0");
  EXPECT_NE(risk_table.out.find("accepted risks"), std::string::npos) << risk_table.out;
  EXPECT_NE(risk_table.out.find("[accepted by ops@example.com until " + day(30)), std::string::npos)
      << risk_table.out;

  // The run's stored count (`history`) is of the open findings: failing and not accepted, as
  // show's summary gives them (findings, of which accepted) and as the register lists them.
  CliRun history = run("history --format json --store " + store_);
  ASSERT_EQ(history.exit_code, 0) << history.err;
  const auto runs = nlohmann::json::parse(history.out);
  ASSERT_EQ(runs.size(), 1u) << history.out;
  const int failing = report.at("summary").at("findings").get<int>();
  EXPECT_EQ(runs[0].at("findings").get<int>(), failing - 1) << history.out;
  EXPECT_EQ(runs[0].at("findings").get<int>(), static_cast<int>(doc.at("risks").size()));
}

TEST_F(RiskCli, TheRegisterListsTopRisksWithAgeAndTrendAfterTwoRuns) {
  ASSERT_EQ(audit("").exit_code, 0);
  // The second run: one more container, labelled restricted and publishing on every interface.
  auto snapshot = nlohmann::json::parse(std::ifstream(fixture("two-containers.json")));
  snapshot["containers"].push_back(nlohmann::json::parse(R"({"inspect":{"Id":"cccc",
      "Name":"/vault","Image":"sha256:img1","Config":{"Image":"busybox:1","User":"",
      "Labels":{"hardock.sensitivity":"restricted"}},
      "State":{"Status":"running","Running":true,"Pid":300},
      "HostConfig":{"Privileged":true},
      "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}}}})"));
  write("second.json", snapshot.dump());
  CliRun second = run("audit --from second.json --format json");
  ASSERT_EQ(second.exit_code, 0) << second.err;

  CliRun risk = run("risk --store " + store_ + " --format json --top 0");
  ASSERT_EQ(risk.exit_code, 0) << risk.err;
  const auto risks = nlohmann::json::parse(risk.out).at("risks");
  ASSERT_FALSE(risks.empty());
  // The top risk is the restricted, privileged, exposed container's, and it is new.
  EXPECT_EQ(risks[0].at("target").at("name"), "vault");
  EXPECT_EQ(risks[0].at("zone"), "restricted");
  EXPECT_EQ(risks[0].at("trend"), "new");
  bool steady = false;
  for (const auto& item : risks) {
    EXPECT_FALSE(item.at("first_seen").is_null()) << item.dump();
    EXPECT_EQ(item.at("age_days"), 0);
    if (item.at("target").at("name") == "risky") {
      EXPECT_EQ(item.at("trend"), "steady") << item.dump();
      steady = true;
    }
  }
  EXPECT_TRUE(steady);
  const double top = risks[0].at("score");
  for (const auto& item : risks) EXPECT_LE(item.at("score").get<double>(), top);

  CliRun table = run("risk --store " + store_ + " --top 2");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("zone restricted"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("TREND"), std::string::npos);
  CliRun markdown = run("risk --store " + store_ + " -f markdown");
  EXPECT_NE(markdown.out.find("| Zone | Score |"), std::string::npos) << markdown.out;
}

}  // namespace
