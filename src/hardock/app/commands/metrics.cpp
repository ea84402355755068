// `hardock metrics`: the store's newest runs as Prometheus text exposition, for node_exporter's
// textfile collector (--collector.textfile.directory): written to a temporary file beside the
// output and renamed over it, so the collector never reads half a file (the temporary name does
// not end in .prom, which the collector reads alone).
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/io/escape.h"
#include "hardock/monitor/metrics.h"
#include "hardock/store/store.h"
#include "hardock/trends/trends.h"

namespace hardock::app {
namespace {

struct MetricsFlags {
  StoreFlags store;
  std::string output;
  std::string host;
};

// The risk register's total for a host, when there is one (risk/). Until the register lands the
// metric is omitted, never shown as 0.
std::optional<double> risk_total(store::Store& /*db*/, const store::StoredRun& /*run*/) {
  return std::nullopt;
}

int run_metrics_command(const MetricsFlags& flags) {
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
    input.hosts.push_back(
        {info.host, info.host_name, trends::run_point(info, loaded->result), risk_total(db, *run)});
  }
  auto waivers = db.waivers(false);
  if (!waivers) return print_error(waivers.error());
  // Waivers as they stand today: metrics are about now.
  input.waivers = trends::waiver_states(*waivers, now_rfc3339().substr(0, 10));

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
      "run times; waivers) for node_exporter's textfile collector");
  add_store_option(*command, flags->store);
  command->add_option("-o,--output", flags->output,
                      "Write to this file, atomically (e.g. "
                      "/var/lib/node_exporter/textfile_collector/hardock.prom)");
  command->add_option("--host", flags->host, "Only this host's runs");
  command->callback([flags, &status] { status.code = run_metrics_command(*flags); });
}

}  // namespace hardock::app
