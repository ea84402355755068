// Recording runs in the store (store/store.h): the one place where an audit::AuditResult, the
// snapshot it judged and the run's metadata become a store::RunRecord, used by `audit`,
// `image`, `lint` and `harden --apply/--rollback`; and the way back, a stored run as an
// audit::AuditResult that report::render takes (`hardock show`).
//
// Recording never changes what a command prints or how it exits: when it fails, one line on
// stderr says the run was not stored and why.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/app/cli11.h"
#include "hardock/audit/run.h"
#include "hardock/core/result.h"
#include "hardock/harden/journal.h"
#include "hardock/store/store.h"

namespace hardock::app {

struct StoreFlags {
  std::string location;   // --store; empty: HARDOCK_STORE, the configuration's store:, default
  bool no_store = false;  // --no-store
};

// --store LOCATION and --no-store (for commands that record runs).
void add_store_flags(CLI::App& command, StoreFlags& flags);
// --store LOCATION alone (for commands that read the store: history, show ...).
void add_store_option(CLI::App& command, StoreFlags& flags);

// Where the store is: --store, else $HARDOCK_STORE, else `config_store` (the `store:` of the
// command's configuration), else `store:` in ./.hardock.yaml (or .hardock.yml) when there is one,
// else store::default_location().
[[nodiscard]] core::Result<std::string> store_location(const StoreFlags& flags,
                                                       std::string_view config_store = {});
[[nodiscard]] core::Result<std::unique_ptr<store::Store>> open_run_store(
    const StoreFlags& flags, std::string_view config_store = {});

// What a run is, gathered as it starts.
struct RunMeta {
  store::RunKind kind = store::RunKind::kAudit;
  std::string target;
  std::string host;       // the engine's ID; empty: the host name
  std::string host_name;  // empty: this machine's name
  std::string started_at;
  std::chrono::steady_clock::time_point started;
  std::string policy;  // the effective policy as text (policy_text()); hashed
};

[[nodiscard]] RunMeta begin_run(store::RunKind kind, std::string target = {});

// The effective audit policy as canonical text, with the command's selection flags.
[[nodiscard]] std::string policy_text(const audit::AuditConfig& config,
                                      const std::vector<std::string>& extra = {});
// This machine's host name ("unknown" when it has none).
[[nodiscard]] std::string machine_name();
// The login name of the effective user (getpwuid(geteuid())), else "uid N".
[[nodiscard]] std::string login_name();

[[nodiscard]] store::RunRecord make_run_record(const RunMeta& meta,
                                               const audit::AuditResult& result,
                                               std::string snapshot);

// Opens the store and records `record`. Gives the run's id; nullopt when --no-store, or when
// recording failed, which it has then said on stderr in one line.
std::optional<std::int64_t> record_run(const StoreFlags& flags, std::string_view config_store,
                                       const store::RunRecord& record);

// `harden --apply` and `--rollback`: the change records of what the run did, from the apply
// journal before and after it (harden/journal.h; "" when there was none): each container
// recreated or restored, each network, daemon.json with its text before and after.
// `daemon_before` is daemon.json's text before the run (for --rollback).
struct HardenRun {
  bool rollback = false;
  std::string state_dir;
  std::string journal_before;
  std::string journal_after;
  std::string daemon_before;
};
[[nodiscard]] std::vector<store::ChangeRecord> harden_changes(const HardenRun& run);
// The journal's text in `state_dir` ("" when absent or unreadable), bounded.
[[nodiscard]] std::string read_journal_text(const std::string& state_dir);
// Records the harden run and its change records; one line on stderr when that fails.
void record_harden(const StoreFlags& flags, std::string_view config_store, const RunMeta& meta,
                   const HardenRun& run, std::string snapshot);

// A stored run as report::render takes it: checks resolved through the registry (a code this
// binary does not know gets a check made of the stored texts), findings' texts owned here.
struct LoadedResult {
  std::deque<std::string> texts;
  std::deque<audit::Check> unknown_checks;
  audit::AuditResult result;
};
[[nodiscard]] std::unique_ptr<LoadedResult> to_audit_result(const store::StoredRun& run);

// What an audit run's stored snapshot says of the engine, for a stored run's report header: its
// version and when the snapshot was collected. Empty for other kinds of run, a run stored
// without a snapshot, or one whose snapshot does not decode (said on stderr in one line).
struct StoredEngine {
  std::string version;
  std::string collected_at;
};
[[nodiscard]] StoredEngine stored_engine(const store::StoredRun& run);

}  // namespace hardock::app
