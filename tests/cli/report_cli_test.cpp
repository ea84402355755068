// `hardock report` and `hardock metrics` end to end on a real SQLite store: runs recorded through
// the store's own interface (as `hardock audit` records them), then the commands read them back.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "hardock/audit/registry.h"
#include "hardock/store/store.h"

namespace hardock {
namespace {

struct Command {
  int status = -1;
  std::string output;
};

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hardock-report-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = (dir_ / "runs.db").string();
    auto opened = store::open_store(db_);
    ASSERT_TRUE(opened) << opened.error().to_string();
    // Host h1: three audits. The privileged finding stays; web-2's is fixed by the second run;
    // the third run brings a container whose name is markup.
    record(**opened, "2026-03-01T10:00:00Z", {"web-1", "web-2"});
    record(**opened, "2026-03-03T10:00:00Z", {"web-1"});
    record(**opened, "2026-03-05T10:00:00Z", {"web-1", "<script>alert(1)</script>\"'"});
    store::Waiver waiver;
    waiver.check = "HDK-C-004";
    waiver.target = "web-1";
    waiver.reason = "migration <pending>";
    waiver.owner = "ops";
    waiver.until = "2026-03-12";  // 7 days after the newest run
    waiver.created_by = "test";
    waiver.created_at = "2026-03-01T10:00:00Z";
    ASSERT_TRUE((*opened)->add_waiver(waiver));
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // `accepted`: the names whose finding a waiver in force accepted in the run.
  static void record(store::Store& db, const std::string& at, std::vector<std::string> names,
                     const std::string& host = "h1",
                     const std::vector<std::string>& accepted = {}) {
    const audit::Check* privileged = audit::find_check("HDK-C-004");
    ASSERT_NE(privileged, nullptr);
    store::RunRecord run;
    run.info.kind = store::RunKind::kAudit;
    run.info.target = "unix:///var/run/docker.sock";
    run.info.host = host;
    run.info.host_name = host == "h1" ? "node-1" : "node-" + host;
    run.info.started_at = at;
    run.info.duration_ms = 1200;
    run.info.tool_version = "0.1.0";
    run.info.findings = static_cast<int>(names.size());
    for (const auto& name : names) {
      store::StoredFinding finding;
      finding.fingerprint = "fp-" + name;
      finding.check_code = std::string(privileged->info.code);
      finding.slug = std::string(privileged->info.slug);
      finding.title = std::string(privileged->info.title);
      finding.severity = privileged->info.severity;
      finding.target_kind = core::TargetKind::kContainer;
      finding.target_id = "id-" + name;
      finding.target_name = name;
      finding.evidence = "HostConfig.Privileged=true";
      finding.remediation = std::string(privileged->info.remediation);
      finding.cobit = std::string(privileged->info.cobit);
      if (std::find(accepted.begin(), accepted.end(), name) != accepted.end()) {
        finding.accepted = true;
        finding.accepted_owner = "ops";
        finding.accepted_until = "2099-12-31";
        finding.accepted_reason = "kept <until> the move";
        finding.accepted_source = "store #1";
      }
      run.findings.push_back(finding);
    }
    for (const audit::Check* check : audit::all_checks()) {
      run.checks.push_back(
          {std::string(check->info.code), check == privileged ? "fail" : "pass", ""});
    }
    auto id = db.record_run(run);
    ASSERT_TRUE(id) << id.error().to_string();
  }

  Command run(const std::string& arguments) const {
    const auto log = dir_ / "command.log";
    const std::string command =
        std::string(HARDOCK_BINARY) + " " + arguments + " >'" + log.string() + "' 2>&1";
    const int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read(log)};
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::filesystem::path dir_;
  std::string db_;
};

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ReportCli, NewestRunWithTrendsTimeToFixAndWaivers) {
  const auto out = dir_ / "report.html";
  const Command done = run("report --store " + db_ + " -o " + out.string());
  ASSERT_EQ(done.status, 0) << done.output;
  const std::string html = read(out);
  EXPECT_TRUE(contains(html, "run 3 (audit of node-1, recorded by hardock 0.1.0)")) << html;
  EXPECT_TRUE(contains(html, "3 runs of this host"));
  EXPECT_TRUE(contains(html, "<polyline points="));
  EXPECT_TRUE(contains(html, "<b id=\"count-findings\">2</b>"));
  // web-2's finding was fixed by the second run, two days after it was first seen.
  EXPECT_TRUE(contains(html, "<td class=\"num\">1</td><td class=\"num\">2d 0h</td>")) << html;
  EXPECT_TRUE(contains(html, "expiring soon (7 days left)"));
  EXPECT_TRUE(contains(html, "migration &lt;pending&gt;"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"));
  EXPECT_FALSE(contains(html, "<script"));
  // Top risks: no snapshot, so both containers are unlabelled (impact 2) and unexposed; the
  // critical severity weighs 5: 10 each. web-1's is steady since run 2, the other new.
  EXPECT_TRUE(contains(html, "<section id=\"risks\">")) << html;
  EXPECT_TRUE(contains(html, "<strong id=\"risk-total\">20.0</strong>")) << html;
  EXPECT_TRUE(contains(html, "<span id=\"risk-open\">2</span> open risks")) << html;
  EXPECT_TRUE(contains(html, "<table id=\"risks-open\">"));
  EXPECT_TRUE(contains(html, "<td>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;</td><td>"))
      << html;
  EXPECT_TRUE(contains(html, "</td><td>steady</td>"));
  EXPECT_FALSE(contains(html, "id=\"risks-accepted\""));
  // The same store gives the same bytes.
  ASSERT_EQ(run("report 3 --store " + db_ + " -o " + (dir_ / "again.html").string()).status, 0);
  EXPECT_EQ(read(dir_ / "again.html"), html);
}

TEST_F(ReportCli, AnEarlierRunShowsTheHistoryUpToIt) {
  const Command done = run("report 2 --store " + db_);
  ASSERT_EQ(done.status, 0) << done.output;
  EXPECT_TRUE(contains(done.output, "2 runs of this host"));
  EXPECT_TRUE(contains(done.output, "<b id=\"count-findings\">1</b>"));
  // The risks as of run 2: web-1's alone.
  EXPECT_TRUE(contains(done.output, "<strong id=\"risk-total\">10.0</strong>")) << done.output;
}

// A run whose findings were accepted lists them as accepted risks, with the waiver's owner,
// last day and reason (escaped), outside the open total.
TEST_F(ReportCli, AcceptedRisksAreListedApart) {
  {
    auto opened = store::open_store(db_);
    ASSERT_TRUE(opened);
    record(**opened, "2026-03-06T10:00:00Z", {"db-1", "db-2"}, "h2", {"db-2"});
  }
  const Command done = run("report --host h2 --store " + db_);
  ASSERT_EQ(done.status, 0) << done.output;
  EXPECT_TRUE(contains(done.output, "<strong id=\"risk-total\">10.0</strong>")) << done.output;
  EXPECT_TRUE(contains(done.output, "<span id=\"risk-accepted\">1</span> accepted"));
  EXPECT_TRUE(contains(done.output, "<table id=\"risks-accepted\">"));
  EXPECT_TRUE(
      contains(done.output, "accepted by ops until 2099-12-31: kept &lt;until&gt; the move"))
      << done.output;
}

TEST_F(ReportCli, OtherFormatsAndErrors) {
  const Command json = run("report --store " + db_ + " -f json");
  ASSERT_EQ(json.status, 0) << json.output;
  EXPECT_TRUE(contains(json.output, "hardock.report/2")) << json.output.substr(0, 600);
  const Command missing = run("report 99 --store " + db_);
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(contains(missing.output, "hardock: error:")) << missing.output;
  const Command bad = run("report 1x --store " + db_);
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(contains(bad.output, "RUN 1x: expected a run id")) << bad.output;
  const Command empty = run("report --store " + (dir_ / "empty.db").string());
  EXPECT_EQ(empty.status, 2);
  EXPECT_TRUE(contains(empty.output, "no audit run in")) << empty.output;
}

// `history --events`: stored runtime events listed back; a stored detail is parsed only when it
// is sane JSON (another host may have written a hostile one), else shown as its text; a
// terminal gets no control characters.
TEST_F(ReportCli, HistoryListsRuntimeEventsAndKeepsHostileDetailsAsText) {
  {
    auto opened = store::open_store(db_);
    ASSERT_TRUE(opened) << opened.error().to_string();
    store::RuntimeEvent event;
    event.host = "h1";
    event.at = "2026-03-05T11:00:00Z";
    event.source = "authz";
    event.kind = "deny";
    event.subject = "POST /v1.43/containers/create\x1b[31m";
    event.checks = "HDK-C-004";
    event.detail = R"({"decision":"deny","denied_by":["HDK-C-004"]})";
    ASSERT_TRUE((*opened)->record_event(event));
    event.source = "watch";
    event.kind = "finding";
    event.at = "2026-03-05T12:00:00Z";
    event.detail = std::string(100000, '[') + std::string(100000, ']');
    ASSERT_TRUE((*opened)->record_event(event));
  }
  const Command json = run("history --events -f json --store " + db_);
  ASSERT_EQ(json.status, 0) << json.output.substr(0, 600);
  EXPECT_TRUE(contains(json.output, R"("denied_by": [)")) << json.output.substr(0, 600);
  EXPECT_TRUE(contains(json.output, R"("detail": "[[[[)")) << json.output.substr(0, 600);
  const Command authz = run("history --events --source authz --store " + db_);
  ASSERT_EQ(authz.status, 0) << authz.output;
  EXPECT_TRUE(contains(authz.output, "HDK-C-004")) << authz.output;
  EXPECT_FALSE(contains(authz.output, "\x1b")) << authz.output;
  EXPECT_FALSE(contains(authz.output, "finding")) << authz.output;
  EXPECT_EQ(run("history --events --source other --store " + db_).status, 2);
  EXPECT_NE(run("history --events --changes --store " + db_).status, 0);
}

TEST_F(ReportCli, MetricsForTheTextfileCollector) {
  {
    auto opened = store::open_store(db_);
    ASSERT_TRUE(opened);
    record(**opened, "2026-03-06T10:00:00Z", {"db-1", "db-2"}, "h2", {"db-2"});
  }
  const auto collector = dir_ / "textfile";
  std::filesystem::create_directory(collector);
  const auto out = collector / "hardock.prom";
  const Command done = run("metrics --store " + db_ + " -o " + out.string());
  ASSERT_EQ(done.status, 0) << done.output;
  const std::string text = read(out);
  EXPECT_TRUE(contains(text, "# TYPE hardock_findings gauge\n"));
  EXPECT_TRUE(contains(text,
                       "hardock_findings{host=\"h1\",host_name=\"node-1\",domain=\"security\","
                       "severity=\"critical\"} 2\n"))
      << text;
  EXPECT_TRUE(contains(text,
                       "hardock_last_run_timestamp_seconds{host=\"h1\",kind=\"audit\"} "
                       "1772704800\n"))
      << text;
  // The risk total of each host's newest audit: h1's two open critical findings (10 each, no
  // snapshot: unlabelled, unexposed); h2's accepted one does not count.
  EXPECT_TRUE(contains(text, "# HELP hardock_risk_total ")) << text;
  EXPECT_TRUE(contains(text, "# TYPE hardock_risk_total gauge\n")) << text;
  EXPECT_TRUE(contains(text, "hardock_risk_total{host=\"h1\",host_name=\"node-1\"} 20\n")) << text;
  EXPECT_TRUE(contains(text, "hardock_risk_total{host=\"h2\",host_name=\"node-h2\"} 10\n")) << text;
  // Written whole: nothing else left in the collector's directory, readable by the collector.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(collector)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);
  struct stat info {};
  ASSERT_EQ(::stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0004, 0004u);
}

}  // namespace
}  // namespace hardock
