// The CLI's commands. Each command lives in commands/<verb>.cpp, registers its
// subcommand and options on the CLI11 app, and returns its exit code through
// the callback it installs. Logic belongs to the libraries; these files only
// wire flags to library calls.
#pragma once

#include <functional>

#include "hardock/app/cli11.h"

namespace hardock::app {

// Set by a command's callback; main returns it.
struct ExitStatus {
  int code = 0;
};

void register_audit(CLI::App& app, ExitStatus& status);
void register_collect(CLI::App& app, ExitStatus& status);
void register_checks(CLI::App& app, ExitStatus& status);
void register_version(CLI::App& app, ExitStatus& status);
void register_harden(CLI::App& app, ExitStatus& status);
void register_image(CLI::App& app, ExitStatus& status);
void register_lint(CLI::App& app, ExitStatus& status);
void register_vercmp(CLI::App& app, ExitStatus& status);
void register_db(CLI::App& app, ExitStatus& status);
void register_authz(CLI::App& app, ExitStatus& status);
void register_watch(CLI::App& app, ExitStatus& status);
void register_history(CLI::App& app, ExitStatus& status);
void register_show(CLI::App& app, ExitStatus& status);
// Change management: baselines and drift (commands/baseline.cpp, commands/drift.cpp).
void register_baseline(CLI::App& app, ExitStatus& status);
void register_drift(CLI::App& app, ExitStatus& status);
// Operations: disk use of a stored run (commands/disk_usage.cpp).
void register_disk_usage(CLI::App& app, ExitStatus& status);
// Monitoring and evaluation (issue 13): a stored run's HTML report, Prometheus metrics.
void register_report(CLI::App& app, ExitStatus& status);
void register_metrics(CLI::App& app, ExitStatus& status);
// `db match`, added to the db command by register_db (commands/db_match.cpp).
void add_db_match(CLI::App& db, ExitStatus& status);
// Risk management (APO12): the register and accepted risks (commands/risk.cpp, accept.cpp).
void register_risk(CLI::App& app, ExitStatus& status);
void register_accept(CLI::App& app, ExitStatus& status);

}  // namespace hardock::app
