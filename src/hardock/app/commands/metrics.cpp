// `hardock metrics`: the store's newest runs as Prometheus text exposition, for node_exporter's
// textfile collector (--collector.textfile.directory): written to a temporary file beside the
// output and renamed over it, so the collector never reads half a file (the temporary name does
// not end in .prom, which the collector reads alone).
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "hardock/app/commands.h"
#include "hardock/app/engine_options.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/risk_register.h"
#include "hardock/io/escape.h"
#include "hardock/monitor/metrics.h"
#include "hardock/risk/register.h"
#include "hardock/store/store.h"
#include "hardock/trends/trends.h"

namespace hardock::app {
namespace {

struct MetricsFlags {
  StoreFlags store;
  std::string output;
  std::string host;
  std::string policy_file;  // the risk weights (default ./.hardock.yaml)
  PolicyFlags policy;
};

// The sum of the open risks' scores of a host's newest audit (risk register, every risk, waivers
// as they stand today). A register that cannot be built leaves the metric out, never shown as 0,
// and says why on stderr.
std::optional<double> risk_total(store::Store& db, const store::RunInfo& info,
                                 const RiskSettings& settings, const std::string& today) {
  auto entries = host_register(db, info, settings, today, 0);
  if (!entries) {
    std::cerr << "hardock: warning: hardock_risk_total of host "
              << io::terminal_safe(io::one_line(info.host))
              << " left out: " << io::terminal_safe(io::one_line(entries.error().to_string()))
              << "\n";
    return std::nullopt;
  }
  return risk::open_total(*entries);
}

int run_metrics_command(const MetricsFlags& flags) {
  auto config = load_policy(flags.policy);
  if (!config) return print_error(config.error());
  auto settings = load_risk_settings(flags.policy_file, std::move(*config));
  if (!settings) return print_error(settings.error());
  // Waivers and risk as they stand today: metrics are about now.
  const std::string today = now_rfc3339().substr(0, 10);
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& db = **opened;
  store::RunFilter filter;
  filter.host = flags.host;
  auto runs = db.runs(filter);  // newest first
  if (!runs) return print_error(runs.error());

  monitor::MetricsInput input;
  std::set<std::pair<std::string, store::RunKind>> seen_kinds;
  std::set<std::string> audited;
  for (const auto& info : *runs) {
    if (!seen_kinds.insert({info.host, info.kind}).second) continue;
    monitor::LastRun last;
    last.host = info.host;
    last.kind = std::string(store::to_string(info.kind));
    last.started_seconds = trends::parse_time(info.started_at).value_or(0);
    last.duration_ms = info.duration_ms;
    input.last_runs.push_back(std::move(last));
    if (info.kind != store::RunKind::kAudit || !audited.insert(info.host).second) continue;
    auto run = db.load_run(info.id);
    if (!run) {
      // Could not look: the host's findings are not reported as none.
      return print_error(run.error().with_context("run " + std::to_string(info.id)));
    }
    const auto loaded = to_audit_result(*run);
    input.hosts.push_back({info.host, info.host_name, trends::run_point(info, loaded->result),
                           risk_total(db, info, *settings, today)});
  }
  auto waivers = db.waivers(false);
  if (!waivers) return print_error(waivers.error());
  input.waivers = trends::waiver_states(*waivers, today);

  if (auto written = write_output(flags.output, monitor::render_prometheus(input), 0644);
      !written) {
    return print_error(written.error());
  }
  return 0;
}

}  // namespace

void register_metrics(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<MetricsFlags>();
  CLI::App* command = app.add_subcommand(
      "metrics",
      "Write Prometheus metrics of the stored runs (findings by severity, domain and host; last "
      "run times; waivers; risk total) for node_exporter's textfile collector");
  add_store_option(*command, flags->store);
  command->add_option("-o,--output", flags->output,
                      "Write to this file, atomically (e.g. "
                      "/var/lib/node_exporter/textfile_collector/hardock.prom)");
  command->add_option("--host", flags->host, "Only this host's runs");
  command->add_option("--policy", flags->policy_file,
                      "The policy file with the risk: weights of hardock_risk_total (default "
                      "./.hardock.yaml if present)");
  add_policy_flags(*command, flags->policy);
  command->callback([flags, &status] { status.code = run_metrics_command(*flags); });
}

}  // namespace hardock::app
