// `hardock baseline set [RUN] --note TEXT` and `hardock baseline show`: the run of a host that
// drift compares against by default (change management, BAI10). Setting one is a change record.
#include <iostream>
#include <memory>
#include <string>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/run_select.h"
#include "hardock/io/escape.h"

namespace hardock::app {
namespace {

struct BaselineFlags {
  StoreFlags store;
  std::string host;
  std::string run;
  std::string note;
};

std::string shown(const std::string& text) { return io::terminal_safe(io::truncate(text, 200)); }

int run_set(const BaselineFlags& flags) {
  if (flags.note.empty()) {
    return print_error({core::ErrorCode::kInvalidArgument,
                        "baseline set: --note TEXT is required (why this run is the baseline)",
                        {}});
  }
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& store = **opened;
  std::int64_t id = 0;
  if (!flags.run.empty()) {
    auto parsed = parse_run_id("baseline set", flags.run);
    if (!parsed) return print_error(parsed.error());
    id = *parsed;
  } else {
    auto newest = newest_audit_run(store, flags.host);
    if (!newest) return print_error(newest.error());
    id = newest->id;
  }
  auto run = load_audit_run(store, id);
  if (!run) return print_error(run.error());
  if (run->snapshot.empty()) {
    return print_error({core::ErrorCode::kInvalidArgument,
                        "run " + std::to_string(id) +
                            " holds no snapshot, so nothing can drift from it; choose another run",
                        {}});
  }
  auto previous = store.baseline(run->info.host);
  if (!previous) return print_error(previous.error());

  store::Baseline baseline{run->info.host, id, login_name(), now_rfc3339(), flags.note};
  if (auto set = store.set_baseline(baseline); !set) return print_error(set.error());
  store::ChangeRecord change;
  change.run = id;
  change.host = run->info.host;
  change.at = baseline.set_at;
  change.who = baseline.set_by;
  change.what = "baseline.set";
  change.object = "baseline of " + run->info.host;
  change.before = *previous ? "run " + std::to_string((*previous)->run) : std::string();
  change.after = "run " + std::to_string(id) + ": " + flags.note;
  if (auto recorded = store.record_change(change); !recorded) {
    return print_error(recorded.error().with_context("the baseline is set; recording the change"));
  }
  std::cout << "baseline of "
            << shown(run->info.host_name.empty() ? run->info.host : run->info.host_name)
            << " set to run " << id << " (" << shown(run->info.started_at) << ") by "
            << shown(baseline.set_by) << ": " << shown(flags.note) << "\n";
  return 0;
}

int run_show(const BaselineFlags& flags) {
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& store = **opened;
  auto newest = newest_audit_run(store, flags.host);
  if (!newest) return print_error(newest.error());
  auto baseline = store.baseline(newest->host);
  if (!baseline) return print_error(baseline.error());
  if (!*baseline) {
    return print_error({core::ErrorCode::kNotFound,
                        "no baseline set for host " + shown(newest->host) +
                            " (hardock baseline set RUN --note TEXT)",
                        {}});
  }
  const store::Baseline& set = **baseline;
  std::cout << "host:   " << shown(set.host) << "\nrun:    " << set.run
            << "\nset by: " << shown(set.set_by) << "\nset at: " << shown(set.set_at)
            << "\nnote:   " << shown(set.note) << "\n";
  return 0;
}

}  // namespace

void register_baseline(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<BaselineFlags>();
  CLI::App* command = app.add_subcommand("baseline", "Set or show the run drift compares against");
  command->require_subcommand(1);
  CLI::App* set = command->add_subcommand(
      "set", "Make RUN (default: the host's newest audit run) the host's baseline");
  set->add_option("RUN", flags->run, "Run id (hardock history)");
  set->add_option("--note", flags->note, "Why this run is the baseline (required)");
  set->add_option("--host", flags->host, "Host identity or name (default: this host)");
  add_store_option(*set, flags->store);
  set->callback([flags, &status] { status.code = run_set(*flags); });
  CLI::App* show = command->add_subcommand("show", "Show the host's baseline");
  show->add_option("--host", flags->host, "Host identity or name (default: this host)");
  add_store_option(*show, flags->store);
  show->callback([flags, &status] { status.code = run_show(*flags); });
}

}  // namespace hardock::app
