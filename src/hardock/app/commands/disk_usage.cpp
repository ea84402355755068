// `hardock disk-usage [RUN]`: the disk use (GET /system/df) a stored audit run collected: what
// images, containers' writable layers, volumes and the build cache take, what removing the
// inactive ones would free, and the stopped containers and dangling images holding it. With
// --trend: the same over the host's newest stored audit runs, one row per run.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "hardock/app/commands.h"
#include "hardock/app/output.h"
#include "hardock/app/record_run.h"
#include "hardock/app/run_select.h"
#include "hardock/drift/disk_usage.h"
#include "hardock/drift/drift.h"
#include "hardock/io/escape.h"
#include "hardock/trends/disk_trend.h"

namespace hardock::app {
namespace {

struct DiskUsageFlags {
  StoreFlags store;
  std::string host;
  std::string run;
  std::string format = "table";
  std::string output = "-";
  bool trend = false;
  int runs = 30;
};

// The host's newest `flags.runs` audit runs, oldest first, each with its disk use. A run that
// cannot be loaded or decoded has its row say why; the store not answering is an error.
core::Result<std::string> disk_trend(store::Store& store, const DiskUsageFlags& flags) {
  auto newest = newest_audit_run(store, flags.host);
  if (!newest) return core::fail(newest.error());
  store::RunFilter filter;
  filter.kind = store::RunKind::kAudit;
  filter.host = newest->host;
  auto infos = store.runs(filter);  // newest first
  if (!infos) return core::fail(infos.error());
  std::vector<trends::DiskPoint> points;
  for (const auto& info : *infos) {
    if (info.host != newest->host) continue;  // a host whose name is this one's identity
    if (static_cast<int>(points.size()) >= flags.runs) break;
    trends::DiskPoint point;
    point.run = info.id;
    point.started_at = info.started_at;
    auto run = store.load_run(info.id);
    drift::DriftSide side;
    if (!run) {
      point.error = run.error().to_string();
    } else if (auto decoded = drift::decode_side_snapshot(run->snapshot, side); !decoded) {
      point.error = decoded.error().to_string();
    } else {
      point.usage = std::move(side.engine.disk_usage);
    }
    points.push_back(std::move(point));
  }
  std::reverse(points.begin(), points.end());
  const std::string host = newest->host_name.empty() ? newest->host : newest->host_name;
  return flags.format == "json" ? trends::render_disk_trend_json(points, host)
                                : trends::render_disk_trend_table(points, host);
}

int run_disk_usage(const DiskUsageFlags& flags) {
  if (flags.trend) {
    if (flags.format != "table" && flags.format != "json") {
      return print_error(
          {core::ErrorCode::kInvalidArgument,
           "disk-usage --trend --format " + io::one_line(flags.format) + ": expected table or json",
           {}});
    }
    if (!flags.run.empty()) {
      return print_error({core::ErrorCode::kInvalidArgument,
                          "disk-usage --trend covers the newest runs: give --runs N, not RUN",
                          {}});
    }
    if (flags.runs < 1) {
      return print_error(
          {core::ErrorCode::kInvalidArgument, "disk-usage --runs: expected 1 or more", {}});
    }
  } else if (flags.format != "table" && flags.format != "html") {
    return print_error({core::ErrorCode::kInvalidArgument,
                        "unknown disk-usage format (table, html; json with --trend)",
                        {}});
  }
  auto opened = open_run_store(flags.store);
  if (!opened) return print_error(opened.error());
  store::Store& store = **opened;
  if (flags.trend) {
    auto text = disk_trend(store, flags);
    if (!text) return print_error(text.error());
    if (auto written = write_output(flags.output, *text); !written) {
      return print_error(written.error());
    }
    return 0;
  }
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
  command->add_option("--format", flags->format, "table or html (with --trend: table or json)")
      ->capture_default_str();
  command->add_flag("--trend", flags->trend,
                    "Disk use over the host's newest stored audit runs, one row per run");
  command->add_option("--runs", flags->runs, "With --trend: how many runs (the newest)")
      ->capture_default_str();
  command->add_option("-o,--output", flags->output, "File to write (- for stdout)")
      ->capture_default_str();
  add_store_option(*command, flags->store);
  command->callback([flags, &status] { status.code = run_disk_usage(*flags); });
}

}  // namespace hardock::app
