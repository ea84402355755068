#include "hardock/app/risk_register.h"

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "hardock/docker/snapshot.h"
#include "hardock/io/escape.h"

namespace hardock::app {
namespace risk_register_detail {

// One stored run with what the register needs of it.
struct ScoredRun {
  store::StoredRun run;
  std::optional<docker::EngineSnapshot> snapshot;
  std::unique_ptr<risk::RiskModel> model;
};

bool engine_api_reachable(const ScoredRun& loaded) {
  if (loaded.snapshot && loaded.snapshot->endpoint.starts_with("tcp://")) return true;
  for (const auto& finding : loaded.run.findings) {
    if (finding.check_code == "HDK-H-020" && finding.status == core::FindingStatus::kFail) {
      return true;
    }
  }
  return false;
}

core::Result<ScoredRun> load_scored(store::Store& db, std::int64_t id,
                                    const RiskSettings& settings) {
  auto run = db.load_run(id);
  if (!run) return core::fail(run.error());
  ScoredRun loaded;
  loaded.run = std::move(*run);
  if (!loaded.run.snapshot.empty()) {
    auto snapshot = docker::decode_snapshot_text(loaded.run.snapshot);
    if (snapshot) {
      loaded.snapshot = std::move(*snapshot);
    } else {
      std::fprintf(stderr,
                   "hardock: warning: run %lld: its snapshot does not decode (%s): every asset "
                   "is taken as unlabelled and unexposed\n",
                   static_cast<long long>(id),
                   io::terminal_safe(io::one_line(snapshot.error().to_string())).c_str());
    }
  }
  loaded.model = std::make_unique<risk::RiskModel>(
      settings.policy, settings.config.sensitivity_label, settings.config.sensitivity_levels,
      loaded.snapshot ? &*loaded.snapshot : nullptr, engine_api_reachable(loaded));
  return loaded;
}

// The host's audit run before `latest` (the store lists runs newest first, by start then id).
core::Result<std::optional<store::RunInfo>> previous_audit(store::Store& db,
                                                           const store::RunInfo& latest) {
  store::RunFilter filter;
  filter.kind = store::RunKind::kAudit;
  filter.host = latest.host;
  auto runs = db.runs(filter);
  if (!runs) return core::fail(runs.error());
  bool past_latest = false;
  for (const auto& info : *runs) {
    if (info.host != latest.host) continue;  // a host whose name is another's identity
    if (past_latest) return std::optional<store::RunInfo>(info);
    past_latest = info.id == latest.id;
  }
  return std::optional<store::RunInfo>();
}

}  // namespace risk_register_detail

core::Result<RiskSettings> load_risk_settings(const std::string& policy_file,
                                              audit::AuditConfig config) {
  RiskSettings settings;
  settings.config = std::move(config);
  const std::string path = policy_file.empty() ? risk::default_policy_path() : policy_file;
  if (!path.empty()) {
    auto loaded = risk::load_policy_file(path);
    if (!loaded) return core::fail(loaded.error());
    settings.policy = loaded->risk;
  }
  return settings;
}

core::Result<std::vector<risk::RiskEntry>> host_register(store::Store& db,
                                                         const store::RunInfo& latest,
                                                         const RiskSettings& settings,
                                                         const std::string& today, int top) {
  using risk_register_detail::load_scored;
  auto current = load_scored(db, latest.id, settings);
  if (!current) return core::fail(current.error());
  auto before = risk_register_detail::previous_audit(db, latest);
  if (!before) return core::fail(before.error());
  std::optional<risk_register_detail::ScoredRun> previous;
  if (*before) {
    auto loaded = load_scored(db, (*before)->id, settings);
    if (!loaded) return core::fail(loaded.error());
    previous = std::move(*loaded);
  }
  auto seen = db.fingerprints_seen(latest.host);
  if (!seen) return core::fail(seen.error());
  const risk::RunView latest_view{&current->run.info, current->run.findings, current->model.get()};
  const risk::RunView previous_view =
      previous ? risk::RunView{&previous->run.info, previous->run.findings, previous->model.get()}
               : risk::RunView{};
  return risk::build_register(latest_view, previous_view, *seen, today, top);
}

core::Result<std::vector<risk::RiskEntry>> store_register(store::Store& db, const std::string& host,
                                                          const RiskSettings& settings,
                                                          const std::string& today, int top) {
  store::RunFilter filter;
  filter.kind = store::RunKind::kAudit;
  filter.host = host;
  auto runs = db.runs(filter);  // newest first
  if (!runs) return core::fail(runs.error());
  // Each host's newest audit.
  std::map<std::string, const store::RunInfo*> newest;
  for (const auto& info : *runs) newest.try_emplace(info.host, &info);
  if (newest.empty() && !host.empty()) {
    return core::fail(core::ErrorCode::kNotFound, "risk: no stored audit of host " +
                                                      io::one_line(host) + " in " + db.describe());
  }
  std::vector<risk::RiskEntry> entries;
  for (const auto& [identity, info] : newest) {
    auto host_entries = host_register(db, *info, settings, today, top);
    if (!host_entries) return core::fail(host_entries.error());
    entries.insert(entries.end(), std::make_move_iterator(host_entries->begin()),
                   std::make_move_iterator(host_entries->end()));
  }
  return entries;
}

}  // namespace hardock::app
