// `hardock checks`: the check catalogue (docs/checks.md is generated from it).
#include <memory>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/audit/registry.h"
#include "hardock/report/report.h"

namespace hardock::app {
namespace {

struct ChecksFlags {
  std::string format = "table";
  std::string output;
};

int run_checks(const ChecksFlags& flags) {
  auto format = report::parse_catalogue_format(flags.format);
  if (!format) return print_error(format.error());
  auto written = write_output(flags.output, report::render_catalogue(*format, audit::all_checks()));
  if (!written) return print_error(written.error());
  return 0;
}

}  // namespace

void register_checks(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<ChecksFlags>();
  CLI::App* command = app.add_subcommand("checks", "List every check hardock runs");
  command->add_option("-f,--format", flags->format, "table, json or markdown")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Write to this file");
  command->callback([flags, &status] { status.code = run_checks(*flags); });
}

}  // namespace hardock::app
