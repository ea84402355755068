// `hardock disk-usage [RUN]`: the disk use (GET /system/df) a stored audit run collected: what
// images, containers' writable layers, volumes and the build cache take, what removing the
// inactive ones would free, and the stopped containers and dangling images holding it.
#include <memory>
#include <string>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/run_select.h"
#include "hardock/drift/disk_usage.h"
#include "hardock/drift/drift.h"

namespace hardock::app {
namespace {

struct DiskUsageFlags {
  StoreFlags store;
  std::string host;
  std::string run;
  std::string format = "table";
  std::string output = "-";
};

int run_disk_usage(const DiskUsageFlags& flags) {
  if (flags.format != "table" && flags.format != "html") {
    return print_error(
        {core::ErrorCode::kInvalidArgument, "unknown disk-usage format (table, html)", {}});
  }
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& store = **opened;
  std::int64_t id = 0;
  if (!flags.run.empty()) {
    auto parsed = parse_run_id("disk-usage", flags.run);
    if (!parsed) return print_error(parsed.error());
    id = *parsed;
  } else {
    auto newest = newest_audit_run(store, flags.host);
    if (!newest) return print_error(newest.error());
    id = newest->id;
  }
  auto run = load_audit_run(store, id);
  if (!run) return print_error(run.error());
  drift::DriftSide side;
  if (auto decoded = drift::decode_side_snapshot(run->snapshot, side); !decoded) {
    return print_error(decoded.error().with_context("run " + std::to_string(id)));
  }
  const std::string text = flags.format == "html"
                               ? drift::render_disk_usage_html(side.engine.disk_usage)
                               : drift::render_disk_usage_table(side.engine.disk_usage);
  if (auto written = write_output(flags.output, text); !written) {
    return print_error(written.error());
  }
  return 0;
}

}  // namespace

void register_disk_usage(CLI::App& app, ExitStatus& status) {
  auto flags = std::make_shared<DiskUsageFlags>();
  CLI::App* command = app.add_subcommand(
      "disk-usage", "Disk use of a stored audit run (images, containers, volumes, build cache)");
  command->add_option("RUN", flags->run, "Run id (default: the host's newest audit run)");
  command->add_option("--host", flags->host, "Host identity or name (default: this host)");
  command->add_option("--format", flags->format, "table or html")->capture_default_str();
  command->add_option("-o,--output", flags->output, "File to write (- for stdout)")
      ->capture_default_str();
  add_store_option(*command, flags->store);
  command->callback([flags, &status] { status.code = run_disk_usage(*flags); });
}

}  // namespace hardock::app
