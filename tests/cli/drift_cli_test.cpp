// `hardock baseline` and `hardock drift` end to end on a real SQLite store: two audits of
// snapshot files (the recorded dockerd 20.10 snapshot, and a copy where `web` was recreated
// with --privileged and SYS_ADMIN), a baseline, drift in every format, --exit-code, and the
// one-line errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "run_hardock.h"

namespace {

namespace fs = std::filesystem;
using hardock::cli_test::CliRun;
using hardock::cli_test::run_hardock;
using nlohmann::json;

std::string recorded_snapshot() {
  return std::string(HARDOCK_TEST_DATA) + "/docker/snapshot-dockerd-20.10.json";
}

class DriftCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("drift-cli-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = " --store " + (dir_ / "hardock.db").string();
    // The changed copy: `web` recreated (new id) privileged with SYS_ADMIN; `c3` removed.
    std::ifstream in(recorded_snapshot());
    json snapshot = json::parse(in);
    json containers = json::array();
    for (auto& entry : snapshot["containers"]) {
      json& inspect = entry["inspect"];
      if (inspect["Name"] == "/c3") continue;
      if (inspect["Name"] == "/web") {
        inspect["Id"] = std::string(64, 'e');
        inspect["HostConfig"]["Privileged"] = true;
        inspect["HostConfig"]["CapAdd"] = json::array({"SYS_ADMIN"});
      }
      containers.push_back(entry);
    }
    snapshot["containers"] = containers;
    // Disk use in the newer snapshot only (the recorded one predates it).
    snapshot["system_df"] = json::parse(R"({"LayersSize": 2000000,
        "Images": [{"Id": "sha256:0123456789abcdef", "RepoTags": [], "Size": 500000,
                    "SharedSize": 0, "Containers": 0}],
        "Containers": [{"Id": "c9", "Names": ["/old-job"], "State": "exited",
                        "SizeRw": 3000}],
        "Volumes": [], "BuildCache": []})");
    changed_ = (dir_ / "changed.json").string();
    std::ofstream(changed_) << snapshot.dump();
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliRun audit(const std::string& file) {
    return run_hardock("audit --from " + file + " --format json -o /dev/null" + store_);
  }

  fs::path dir_;
  std::string store_;
  std::string changed_;
};

TEST_F(DriftCli, BaselineThenDriftInEveryFormat) {
  ASSERT_EQ(audit(recorded_snapshot()).exit_code, 0);
  CliRun no_baseline = run_hardock("drift" + store_);
  EXPECT_EQ(no_baseline.exit_code, 2);
  EXPECT_NE(no_baseline.err.find("no baseline set for host"), std::string::npos) << no_baseline.err;
  CliRun show_none = run_hardock("baseline show" + store_);
  EXPECT_EQ(show_none.exit_code, 2);
  EXPECT_NE(show_none.err.find("no baseline set"), std::string::npos) << show_none.err;

  CliRun no_note = run_hardock("baseline set" + store_);
  EXPECT_EQ(no_note.exit_code, 2);
  EXPECT_NE(no_note.err.find("--note"), std::string::npos) << no_note.err;

  CliRun set = run_hardock("baseline set --note 'approved, change 1234'" + store_);
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("set to run 1"), std::string::npos) << set.out;
  CliRun show = run_hardock("baseline show" + store_);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("approved, change 1234"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("run:    1"), std::string::npos) << show.out;

  // Nothing changed yet: the newest run is the baseline.
  CliRun same = run_hardock("drift --exit-code" + store_);
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("Security-relevant drift: no"), std::string::npos) << same.out;

  ASSERT_EQ(audit(changed_).exit_code, 0);
  CliRun table = run_hardock("drift" + store_);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("recreated web"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("privileged: false -> true"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("cap_add: +SYS_ADMIN"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("removed c3"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("Security-relevant drift: yes"), std::string::npos) << table.out;

  CliRun as_json = run_hardock("drift --format json" + store_);
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  const json document = json::parse(as_json.out);
  EXPECT_EQ(document["schema"], "hardock.drift/1");
  EXPECT_EQ(document["before"]["run"], 1);
  EXPECT_EQ(document["after"]["run"], 2);
  EXPECT_EQ(document["summary"]["containers"]["recreated"], 1);
  EXPECT_EQ(document["summary"]["containers"]["removed"], 1);
  // Running privileged is a new finding of the recreated container.
  bool privileged_finding = false;
  for (const auto& finding : document["findings"]["new"]) {
    if (finding["target"] == "web" && finding["severity"] == "critical") privileged_finding = true;
  }
  EXPECT_TRUE(privileged_finding) << document["findings"].dump();

  CliRun markdown = run_hardock("drift --format markdown" + store_);
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("| web | recreated | privileged |"), std::string::npos)
      << markdown.out;

  const std::string html_file = (dir_ / "drift.html").string();
  CliRun html = run_hardock("drift --format html -o " + html_file + store_);
  ASSERT_EQ(html.exit_code, 0) << html.err;
  std::ifstream html_in(html_file);
  std::stringstream html_text;
  html_text << html_in.rdbuf();
  EXPECT_NE(html_text.str().find("<section class=\"hardock-drift\">"), std::string::npos);

  CliRun gate = run_hardock("drift --exit-code" + store_);
  EXPECT_EQ(gate.exit_code, 1) << gate.err;
  // Explicit runs, in the other order: the recreated container is recreated back.
  CliRun explicit_runs = run_hardock("drift --against 2 1 --format json" + store_);
  ASSERT_EQ(explicit_runs.exit_code, 0) << explicit_runs.err;
  EXPECT_EQ(json::parse(explicit_runs.out)["summary"]["containers"]["added"], 1);
}

TEST_F(DriftCli, DiskUsageOfAStoredRun) {
  ASSERT_EQ(audit(recorded_snapshot()).exit_code, 0);
  CliRun none = run_hardock("disk-usage 1" + store_);
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("Disk use: not collected"), std::string::npos) << none.out;
  ASSERT_EQ(audit(changed_).exit_code, 0);
  CliRun usage = run_hardock("disk-usage" + store_);
  ASSERT_EQ(usage.exit_code, 0) << usage.err;
  EXPECT_NE(usage.out.find("Stopped containers: 1"), std::string::npos) << usage.out;
  EXPECT_NE(usage.out.find("old-job (c9)  3.0 kB"), std::string::npos) << usage.out;
  EXPECT_NE(usage.out.find("Dangling images: 1"), std::string::npos) << usage.out;
  // Drift says disk use was not compared rather than "no change".
  CliRun drift = run_hardock("drift --against 1 2" + store_);
  ASSERT_EQ(drift.exit_code, 0) << drift.err;
  EXPECT_NE(drift.out.find("Disk use: not compared (not collected in the older run)"),
            std::string::npos)
      << drift.out;
}

// Disk use as a trend: one row per stored audit run, oldest first; a run without disk use says
// so, never zero.
TEST_F(DriftCli, DiskUsageOverTheStoredRuns) {
  ASSERT_EQ(audit(recorded_snapshot()).exit_code, 0);
  ASSERT_EQ(audit(changed_).exit_code, 0);
  // The third run: the image layers grew, and a second stopped container.
  json grown = json::parse(std::ifstream(changed_));
  grown["system_df"]["LayersSize"] = 2500000;
  grown["system_df"]["Containers"].push_back(
      json::parse(R"({"Id": "c10", "Names": ["/old-job-2"], "State": "exited", "SizeRw": 5000})"));
  const std::string third = (dir_ / "grown.json").string();
  std::ofstream(third) << grown.dump();
  ASSERT_EQ(audit(third).exit_code, 0);

  CliRun trend = run_hardock("disk-usage --trend --format json" + store_);
  ASSERT_EQ(trend.exit_code, 0) << trend.err;
  const json document = json::parse(trend.out);
  EXPECT_EQ(document["schema"], "hardock.disk-trend/1");
  const json& runs = document["runs"];
  ASSERT_EQ(runs.size(), 3u) << trend.out;
  EXPECT_EQ(runs[0]["run"], 1);  // oldest first
  EXPECT_EQ(runs[0]["collected"], false);
  EXPECT_FALSE(runs[0].contains("images"));
  EXPECT_EQ(runs[1]["collected"], true);
  EXPECT_EQ(runs[1]["images"]["bytes"], 2000000);
  EXPECT_EQ(runs[1]["containers"]["bytes"], 3000);
  EXPECT_EQ(runs[1]["stopped_containers"]["count"], 1);
  EXPECT_EQ(runs[1]["dangling_images"]["count"], 1);
  EXPECT_EQ(runs[2]["run"], 3);
  EXPECT_EQ(runs[2]["images"]["bytes"], 2500000);
  EXPECT_EQ(runs[2]["containers"]["bytes"], 8000);
  EXPECT_EQ(runs[2]["stopped_containers"]["count"], 2);
  EXPECT_EQ(runs[2]["stopped_containers"]["bytes"], 8000);

  CliRun newest = run_hardock("disk-usage --trend --runs 2 --format json" + store_);
  ASSERT_EQ(newest.exit_code, 0) << newest.err;
  EXPECT_EQ(json::parse(newest.out)["runs"].size(), 2u);
  EXPECT_EQ(json::parse(newest.out)["runs"][0]["run"], 2);

  CliRun table = run_hardock("disk-usage --trend" + store_);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("over 3 audit run(s), oldest first"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("BUILD-CACHE"), std::string::npos);
  EXPECT_NE(table.out.find("disk use not collected in this run"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("2.0 MB"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("+505.0 kB"), std::string::npos) << table.out;  // 2.003 -> 2.508 MB

  CliRun with_run = run_hardock("disk-usage 2 --trend" + store_);
  EXPECT_EQ(with_run.exit_code, 2);
  EXPECT_NE(with_run.err.find("give --runs N, not RUN"), std::string::npos) << with_run.err;
  CliRun html = run_hardock("disk-usage --trend --format html" + store_);
  EXPECT_EQ(html.exit_code, 2);
  EXPECT_NE(html.err.find("expected table or json"), std::string::npos) << html.err;
  EXPECT_EQ(run_hardock("disk-usage --trend --runs 0" + store_).exit_code, 2);
}

TEST_F(DriftCli, ClearOneLineErrors) {
  CliRun empty = run_hardock("drift" + store_);
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no audit run"), std::string::npos) << empty.err;

  ASSERT_EQ(audit(recorded_snapshot()).exit_code, 0);
  CliRun missing = run_hardock("drift --against 1 999" + store_);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("run 999 not found"), std::string::npos) << missing.err;
  CliRun bad_id = run_hardock("drift --against yesterday" + store_);
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_NE(bad_id.err.find("is not a run id"), std::string::npos) << bad_id.err;
  CliRun bad_format = run_hardock("drift --against 1 1 --format yaml" + store_);
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_NE(bad_format.err.find("unknown drift format"), std::string::npos) << bad_format.err;
  for (const CliRun* run : {&missing, &bad_id, &bad_format}) {
    EXPECT_EQ(std::count(run->err.begin(), run->err.end(), '\n'), 1) << run->err;
  }
}

}  // namespace
