#include "hardock/app/run_select.h"

#include <charconv>
#include <set>
#include <string>

#include "hardock/app/record_run.h"
#include "hardock/io/escape.h"

namespace hardock::app {

core::Result<std::int64_t> parse_run_id(const std::string& what, const std::string& text) {
  std::int64_t id = 0;
  const char* end = text.data() + text.size();
  auto [next, error] = std::from_chars(text.data(), end, id);
  if (text.empty() || error != std::errc() || next != end || id <= 0) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      what + ": '" + io::terminal_safe(io::truncate(text, 80)) +
                          "' is not a run id (a positive number, as `hardock history` lists)");
  }
  return id;
}

core::Result<store::RunInfo> newest_audit_run(store::Store& store, const std::string& host) {
  if (!host.empty()) {
    auto run = store.latest_run(store::RunKind::kAudit, host);
    if (!run) return core::fail(run.error());
    if (!*run) {
      return core::fail(core::ErrorCode::kNotFound, "no audit run of host '" +
                                                        io::terminal_safe(io::truncate(host, 200)) +
                                                        "' in " + store.describe());
    }
    return **run;
  }
  if (const std::string name = machine_name(); name != "unknown") {
    auto run = store.latest_run(store::RunKind::kAudit, name);
    if (!run) return core::fail(run.error());
    if (*run) return **run;
  }
  // Not this machine (audits of snapshots from elsewhere): the one host the store knows.
  store::RunFilter filter;
  filter.kind = store::RunKind::kAudit;
  auto runs = store.runs(filter);
  if (!runs) return core::fail(runs.error());
  if (runs->empty()) {
    return core::fail(core::ErrorCode::kNotFound,
                      "no audit run in " + store.describe() + " (run `hardock audit` first)");
  }
  std::set<std::string> hosts;
  for (const auto& run : *runs) hosts.insert(run.host);
  if (hosts.size() > 1) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "the store holds audit runs of " + std::to_string(hosts.size()) +
                          " hosts and none of this one: name one with --host");
  }
  // runs() lists the newest first.
  return runs->front();
}

core::Result<store::StoredRun> load_audit_run(store::Store& store, std::int64_t id) {
  auto run = store.load_run(id);
  if (!run) {
    if (run.error().code == core::ErrorCode::kNotFound) {
      return core::fail(core::ErrorCode::kNotFound,
                        "run " + std::to_string(id) + " not found in " + store.describe());
    }
    return core::fail(run.error().with_context("run " + std::to_string(id)));
  }
  if (run->info.kind != store::RunKind::kAudit) {
    return core::fail(core::ErrorCode::kInvalidArgument,
                      "run " + std::to_string(id) + " is " +
                          (run->info.kind == store::RunKind::kImage ? "an " : "a ") +
                          std::string(store::to_string(run->info.kind)) +
                          " run, not an audit run: drift and baselines compare engine snapshots");
  }
  return run;
}

}  // namespace hardock::app
