// `hardock drift [--against baseline|RUN] [RUN]`: what changed between two audit runs of a host,
// field by field (drift/drift.h). --exit-code makes security-relevant drift exit 1 for CI.
#include <iostream>
#include <memory>
#include <string>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/run_select.h"
#include "hardock/drift/drift.h"
#include "hardock/io/escape.h"

namespace hardock::app {
namespace {

struct DriftFlags {
  StoreFlags store;
  std::string host;
  std::string against = "baseline";
  std::string run;
  std::string format = "table";
  std::string output = "-";
  bool exit_code = false;
};

// The run's metadata and findings; its snapshot text is left in `snapshot` for the decode.
drift::DriftSide make_side(std::int64_t id, store::StoredRun run, std::string& snapshot) {
  drift::DriftSide side;
  side.run = id;
  side.started_at = run.info.started_at;
  side.host = run.info.host_name.empty() ? run.info.host : run.info.host_name;
  side.findings = std::move(run.findings);
  snapshot = std::move(run.snapshot);
  return side;
}

int run_drift(const DriftFlags& flags) {
  // Check the format before any work.
  if (auto probe = drift::render(drift::DriftReport{}, flags.format); !probe) {
    return print_error(probe.error());
  }
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& store = **opened;

  std::int64_t after_id = 0;
  std::string host;
  if (!flags.run.empty()) {
    auto parsed = parse_run_id("drift", flags.run);
    if (!parsed) return print_error(parsed.error());
    after_id = *parsed;
  } else {
    auto newest = newest_audit_run(store, flags.host);
    if (!newest) return print_error(newest.error());
    after_id = newest->id;
  }
  auto after = load_audit_run(store, after_id);
  if (!after) return print_error(after.error());
  host = after->info.host;

  std::int64_t before_id = 0;
  if (flags.against == "baseline") {
    auto baseline = store.baseline(host);
    if (!baseline) return print_error(baseline.error());
    if (!*baseline) {
      return print_error(
          {core::ErrorCode::kNotFound,
           "no baseline set for host " + io::terminal_safe(io::truncate(host, 200)) +
               " (hardock baseline set RUN --note TEXT, or compare with --against RUN)",
           {}});
    }
    before_id = (*baseline)->run;
  } else {
    auto parsed = parse_run_id("drift --against", flags.against);
    if (!parsed) return print_error(parsed.error());
    before_id = *parsed;
  }

  // Each run is read once (its snapshot decompressed, its findings decoded): the newer one above.
  std::string before_text;
  std::string after_text;
  auto before_run = load_audit_run(store, before_id);
  if (!before_run) return print_error(before_run.error());
  drift::DriftSide before_side = make_side(before_id, std::move(*before_run), before_text);
  drift::DriftSide after_side = make_side(after_id, std::move(*after), after_text);
  if (auto decoded = drift::decode_side_snapshots(before_text, before_side, after_text, after_side);
      !decoded) {
    return print_error(decoded.error());
  }
  if (before_side.host != after_side.host) {
    std::cerr << "hardock: warning: run " << before_id << " and run " << after_id
              << " are of different hosts ("
              << io::terminal_safe(io::truncate(before_side.host, 100)) << ", "
              << io::terminal_safe(io::truncate(after_side.host, 100)) << ")\n";
  }
  const drift::DriftReport report = drift::compare(before_side, after_side);
  auto text = drift::render(report, flags.format);
  if (!text) return print_error(text.error());
  if (auto written = write_output(flags.output, *text); !written) {
    return print_error(written.error());
  }
  return flags.exit_code && report.security_relevant() ? 1 : 0;
}

}  // namespace

void register_drift(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<DriftFlags>();
  CLI::App* command = app.add_subcommand(
      "drift", "What changed between two audit runs: containers, daemon, images, findings");
  command->add_option("RUN", flags->run, "The newer run (default: the host's newest audit run)");
  command
      ->add_option("--against", flags->against,
                   "The older run: 'baseline' (the host's baseline) or a run id")
      ->capture_default_str();
  command->add_option("--host", flags->host, "Host identity or name (default: this host)");
  command->add_option("--format", flags->format, "table, json, markdown or html")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "File to write (- for stdout)")
      ->capture_default_str();
  command->add_flag("--exit-code", flags->exit_code,
                    "Exit 1 when anything security-relevant changed or a new finding appeared");
  add_store_option(*command, flags->store);
  command->callback([flags, &status] { status.code = run_drift(*flags); });
}

}  // namespace hardock::app
