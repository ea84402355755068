// `hardock show RUN`: a stored run's report, in any report format, with no engine: the findings
// and check outcomes as the run recorded them.
#include <memory>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/audit/run.h"
#include "hardock/io/escape.h"
#include "hardock/report/report.h"

namespace hardock::app {
namespace show_detail {

struct ShowFlags {
  StoreFlags store;
  std::string run;
  std::string format = "table";
  std::string output;
};

int run_show(const ShowFlags& flags) {
  auto format = report::parse_format(flags.format);
  if (!format) return print_error(format.error());
  auto store = open_run_store(flags.store);
  if (!store) return print_error(store.error());
  std::int64_t id = 0;
  if (flags.run == "latest") {
    auto runs = (*store)->runs({.kind = std::nullopt, .host = "", .since = "", .limit = 1});
    if (!runs) return print_error(runs.error());
    if (runs->empty()) {
      return print_error(
          core::Error{core::ErrorCode::kNotFound, "no run in " + (*store)->describe(), {}});
    }
    id = runs->front().id;
  } else {
    const bool number = !flags.run.empty() && flags.run.size() <= 18 &&
                        flags.run.find_first_not_of("0123456789") == std::string::npos;
    if (!number) {
      return print_error(core::Error{core::ErrorCode::kInvalidArgument,
                                     "RUN " + io::one_line(io::truncate(flags.run, 40)) +
                                         ": expected a run number (see hardock history) or latest",
                                     {}});
    }
    id = std::stoll(flags.run);
  }
  auto run = (*store)->load_run(id);
  if (!run) return print_error(run.error());
  const auto loaded = to_audit_result(*run);
  const bool lint = run->info.kind == store::RunKind::kLint;
  const StoredEngine engine = stored_engine(*run);
  report::ReportInput input{
      .tool_version = run->info.tool_version,
      .endpoint = lint ? "lint" : run->info.target,
      .collected_at = engine.collected_at,
      .engine_version = engine.version,
      .host_name = run->info.host_name,
      .result = loaded->result,
      .domains = audit::summarize_domains(loaded->result),
      .files_linted = lint ? run->info.target : std::string(),
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

}  // namespace show_detail

void register_show(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<show_detail::ShowFlags>();
  CLI::App* command = app.add_subcommand(
      "show", "Report a stored run again, in any report format (no engine needed)");
  command->add_option("RUN", flags->run, "The run's number (hardock history), or latest")
      ->required();
  command
      ->add_option("-f,--format", flags->format,
                   "table, json, sarif, junit, markdown, gnu or checkstyle")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "Write the report to this file");
  add_store_option(*command, flags->store);
  command->callback([flags, &status] { status.code = show_detail::run_show(*flags); });
}

}  // namespace hardock::app
