// `hardock report [RUN]`: a stored run's report, HTML by default: the run's findings and domain
// scorecards, with what the store knows around it: trends over the host's earlier runs, time to
// fix, waivers, and the parts other modules render (top risks, drift since the baseline).
#include <charconv>
#include <iostream>
#include <memory>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/risk_register.h"
#include "hardock/app/version.h"
#include "hardock/drift/drift.h"
#include "hardock/io/escape.h"
#include "hardock/report/report.h"
#include "hardock/risk/register.h"
#include "hardock/store/store.h"
#include "hardock/trends/trends.h"

namespace hardock::app {
namespace {

// Runs shown in the trend charts unless --history says otherwise.
constexpr int kDefaultHistory = 30;
// Top risks shown per zone (as `hardock risk` by default).
constexpr int kReportTopRisks = 10;

struct ReportFlags {
  std::string run;  // a run id; empty: the newest audit run (of --host)
  StoreFlags store;
  std::string host;
  std::string format = "html";
  std::string output;
  int history = kDefaultHistory;
  std::string policy_file;  // the risk weights (default ./.hardock.yaml)
  PolicyFlags policy;
};

core::Result<std::int64_t> parse_run_id(const std::string& text) {
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return core::fail(
        core::ErrorCode::kInvalidArgument,
        "RUN " + io::one_line(text) + ": expected a run id (hardock history lists them)");
  }
  return id;
}

// The parts of the report that other modules render from the store (report::HtmlSection). Each
// module adds its section here when it lands, with the id the writer places:
//   "risks": the risk register's top risks of this host (risk/),
//   "drift": drift::render_html_section() of this run against the host's baseline (drift/).
std::vector<report::HtmlSection> supplied_sections(store::Store& db, const store::StoredRun& run,
                                                   const RiskSettings& settings) {
  std::vector<report::HtmlSection> sections;
  // The host's top risks as of this audit run (scored as `hardock risk` scores them, waivers as
  // on the day of the run). A register that cannot be built is said, never shown as no risk.
  if (run.info.kind == store::RunKind::kAudit) {
    auto entries = host_register(db, run.info, settings, run.info.started_at.substr(0, 10), 0);
    const std::string scope = "host " +
                              (run.info.host_name.empty() ? run.info.host : run.info.host_name) +
                              ", run " + std::to_string(run.info.id);
    sections.push_back({"risks", "Top risks",
                        entries
                            ? risk::render_html_section(*entries, kReportTopRisks, scope)
                            : "<p>The risk register could not be built: " +
                                  io::html_escape(entries.error().to_string(), false) + "</p>"});
  }
  // Drift since the host's baseline, when one is set and is another audit run. A baseline that
  // cannot be read is said in the section, never shown as "no drift".
  auto baseline = db.baseline(run.info.host);
  if (run.info.kind == store::RunKind::kAudit && baseline && *baseline &&
      (*baseline)->run != run.info.id) {
    std::string html;
    auto before_run = db.load_run((*baseline)->run);
    if (!before_run) {
      html = "<p>The baseline (run " + std::to_string((*baseline)->run) +
             ") could not be read: " + io::html_escape(before_run.error().message, false) + "</p>";
    } else {
      drift::DriftSide before;
      before.run = before_run->info.id;
      before.started_at = before_run->info.started_at;
      before.host = before_run->info.host;
      before.findings = before_run->findings;
      drift::DriftSide after;
      after.run = run.info.id;
      after.started_at = run.info.started_at;
      after.host = run.info.host;
      after.findings = run.findings;
      auto decoded =
          drift::decode_side_snapshots(before_run->snapshot, before, run.snapshot, after);
      html = decoded ? drift::render_html_section(drift::compare(before, after))
                     : "<p>Drift could not be computed: " +
                           io::html_escape(decoded.error().message, false) + "</p>";
    }
    sections.push_back({"drift", "Drift since the baseline", std::move(html)});
  }
  return sections;
}

// The host's runs of the same kind and target up to `run` (oldest first, at most `limit`),
// counted. A run that cannot be read back is named on stderr and left out of the trend.
std::vector<trends::RunPoint> trend_points(store::Store& db, const store::StoredRun& run,
                                           const audit::AuditResult& result, int limit) {
  std::vector<trends::RunPoint> points;
  store::RunFilter filter;
  filter.kind = run.info.kind;
  filter.host = run.info.host;
  auto runs = db.runs(filter);
  if (!runs) {
    std::cerr << "hardock: warning: trends left out: "
              << io::terminal_safe(runs.error().to_string()) << "\n";
    return points;
  }
  std::vector<const store::RunInfo*> chosen;  // newest first
  for (const auto& info : *runs) {
    if (static_cast<int>(chosen.size()) >= limit) break;
    if (info.target != run.info.target) continue;
    if (info.id != run.info.id &&
        (info.started_at > run.info.started_at ||
         (info.started_at == run.info.started_at && info.id > run.info.id))) {
      continue;  // after the reported run
    }
    chosen.push_back(&info);
  }
  for (auto it = chosen.rbegin(); it != chosen.rend(); ++it) {
    const store::RunInfo& info = **it;
    if (info.id == run.info.id) {
      points.push_back(trends::run_point(run.info, result));
      continue;
    }
    auto earlier = db.load_run(info.id);
    if (!earlier) {
      std::cerr << "hardock: warning: run " << info.id
                << " left out of the trends: " << io::terminal_safe(earlier.error().to_string())
                << "\n";
      continue;
    }
    const auto earlier_result = to_audit_result(*earlier);
    points.push_back(trends::run_point(earlier->info, earlier_result->result));
  }
  return points;
}

int run_report_command(const ReportFlags& flags) {
  auto format = report::parse_format(flags.format);
  if (!format) return print_error(format.error());
  if (flags.history < 1) {
    return print_error(
        core::Error{core::ErrorCode::kInvalidArgument,
                    "--history " + std::to_string(flags.history) + ": expected at least 1",
                    {}});
  }
  auto config = load_policy(flags.policy);
  if (!config) return print_error(config.error());
  auto settings = load_risk_settings(flags.policy_file, std::move(*config));
  if (!settings) return print_error(settings.error());
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& db = **opened;

  std::int64_t run_id = 0;
  if (!flags.run.empty()) {
    auto parsed = parse_run_id(flags.run);
    if (!parsed) return print_error(parsed.error());
    run_id = *parsed;
  } else {
    auto latest = db.latest_run(store::RunKind::kAudit, flags.host);
    if (!latest) return print_error(latest.error());
    if (!*latest) {
      return print_error(core::Error{
          core::ErrorCode::kNotFound,
          "no audit run" + (flags.host.empty() ? std::string() : " of host " + flags.host) +
              " in " + db.describe() + " (hardock audit records one)",
          {}});
    }
    run_id = (*latest)->id;
  }
  auto run = db.load_run(run_id);
  if (!run) return print_error(run.error());
  // The same reading of a stored run as `hardock show` (app/record_run.h).
  const auto loaded = to_audit_result(*run);

  trends::Trends history;
  history.points = trend_points(db, *run, loaded->result, flags.history);
  store::RunFilter host_runs;
  host_runs.host = run->info.host;
  auto all_runs = db.runs(host_runs);
  auto seen = db.fingerprints_seen(run->info.host);
  if (all_runs && seen) {
    std::string now = run->info.started_at;
    for (const auto& info : *all_runs) now = std::max(now, info.started_at);
    history.time_to_fix = trends::time_to_fix(*seen, *all_runs, now);
  } else {
    const core::Error& error = all_runs ? seen.error() : all_runs.error();
    std::cerr << "hardock: warning: time to fix left out: " << io::terminal_safe(error.to_string())
              << "\n";
  }
  // Waiver states as on the day of the run: the same run always gives the same report.
  history.today = run->info.started_at.substr(0, 10);
  auto waivers = db.waivers(false);
  if (!waivers) return print_error(waivers.error());
  history.waivers = trends::waiver_states(*waivers, history.today);

  report::HtmlExtras extras;
  extras.trends = &history;
  extras.sections = supplied_sections(db, *run, *settings);
  extras.full_list_command =
      "hardock show " + std::to_string(run_id) +
      (flags.store.location.empty() ? std::string()
                                    : " --store " + io::shell_quote(flags.store.location)) +
      " --format json";
  extras.run_label = "run " + std::to_string(run_id) + " (" +
                     std::string(store::to_string(run->info.kind)) + " of " +
                     (run->info.host_name.empty() ? run->info.host : run->info.host_name) +
                     ", recorded by hardock " + run->info.tool_version + ")";

  const bool lint = run->info.kind == store::RunKind::kLint;
  const StoredEngine engine = stored_engine(*run);
  report::ReportInput input{
      .tool_version = std::string(kVersion),
      .endpoint = lint ? std::string() : run->info.target,
      .collected_at = engine.collected_at,
      .engine_version = engine.version,
      .host_name = run->info.host_name,
      .result = loaded->result,
      .domains = audit::summarize_domains(loaded->result),
      .files_linted = lint ? run->info.target : std::string(),
      .html = &extras,
      .started_at = run->info.started_at,
  };
  auto render = [&](const std::function<void(std::string_view)>& drain) {
    report::render(*format, input, report::RenderOptions{}, drain);
  };
  if (auto written = write_output(flags.output, render); !written) {
    return print_error(written.error());
  }
  return 0;
}

}  // namespace

void register_report(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* command = app.add_subcommand(
      "report",
      "Report a stored run (default: the newest audit) as one self-contained HTML file: domain "
      "scorecards, trends, time to fix, waivers and every finding");
  command->add_option("RUN", flags->run, "The run's id (hardock history lists them)");
  add_store_option(*command, flags->store);
  command->add_option("--host", flags->host, "Without RUN: the newest audit of this host");
  command->add_option("-f,--format", flags->format, "html, or any report format of hardock audit")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Write the report to this file");
  command->add_option("--history", flags->history, "Runs shown in the trends")
      ->capture_default_str();
  command->add_option("--policy", flags->policy_file,
                      "The policy file with the risk: weights of the top risks (default "
                      "./.hardock.yaml if present)");
  add_policy_flags(*command, flags->policy);
  command->callback([flags, &status] { status.code = run_report_command(*flags); });
}

}  // namespace hardock::app
