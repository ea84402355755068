// The store: every run hardock makes, kept so that findings can be followed over time
// (history, baselines and drift, the risk register, trends). One interface; SQLite (the
// embedded default) and PostgreSQL (one database for a fleet) behind it. SQL stays inside this
// module; callers see these types only. Schema changes are numbered migration files.
//
// Everything read back is as untrusted as what was written (a shared PostgreSQL is written by
// every host of a fleet): readers bound sizes and validate before use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/finding.h"
#include "hardock/core/result.h"

namespace hardock::store {

// audit, image, lint, harden (an applied plan), rollback.
enum class RunKind { kAudit, kImage, kLint, kHarden, kRollback };
std::string_view to_string(RunKind kind);
[[nodiscard]] core::Result<RunKind> parse_run_kind(std::string_view text);

// What identifies a run: written once, never changed.
struct RunInfo {
  std::int64_t id = 0;  // given by the store
  RunKind kind = RunKind::kAudit;
  std::string target;      // the endpoint, the image reference, the files linted
  std::string host;        // the host's stable identity (the engine's ID, else the host name)
  std::string host_name;   // for people
  std::string started_at;  // RFC 3339 UTC
  std::int64_t duration_ms = 0;
  std::string tool_version;  // hardock's
  std::string policy_hash;   // sha256 of the effective policy (.hardock.yaml and flags)
  std::string user;          // who ran it (login name), for change records
  int findings = 0;          // open findings: failing, not accepted by a waiver
};

// A finding as stored: owning text, so it outlives the checks of the binary that wrote it.
struct StoredFinding {
  std::string fingerprint;  // core::fingerprints()
  std::string check_code;
  std::string slug;
  std::string title;
  core::Severity severity = core::Severity::kMedium;
  core::FindingStatus status = core::FindingStatus::kFail;
  core::TargetKind target_kind = core::TargetKind::kContainer;
  std::string target_id;
  std::string target_name;
  std::string evidence;
  std::string key;
  std::string remediation;
  std::string cis;
  std::string cobit;
  core::CobitDomain domain = core::CobitDomain::kSecurity;
  core::SourceLocation location;
  // Set when a waiver in force accepted this failing finding in its run (core::Acceptance):
  // reported as accepted, it neither fails a gate nor counts as an open risk. Runs stored before
  // acceptances were (findings format 1) read back as not accepted.
  bool accepted = false;
  std::string accepted_owner;
  std::string accepted_until;  // YYYY-MM-DD
  std::string accepted_reason;
  std::string accepted_source;  // "store #12", ".hardock.yaml:14"
};

// How each selected check concluded in a run ("pass", "fail", "error", "skipped", "not-run").
struct StoredCheck {
  std::string code;
  std::string outcome;
  std::string reason;
};

// A run to record. `snapshot` is the JSON document the run judged (the engine snapshot, the
// image subject, the linted files' list), stored zstd-compressed; may be empty.
struct RunRecord {
  RunInfo info;
  std::string snapshot;
  std::vector<StoredFinding> findings;
  std::vector<StoredCheck> checks;
};

struct StoredRun {
  RunInfo info;
  std::string snapshot;  // decompressed
  std::vector<StoredFinding> findings;
  std::vector<StoredCheck> checks;
};

struct RunFilter {
  std::optional<RunKind> kind;
  std::string host;   // exact host identity or host name; empty = all
  std::string since;  // RFC 3339; empty = all
  int limit = 0;      // newest first; 0 = no limit
};

// Where a fingerprint has been seen: for ages, trends and time to fix.
struct FingerprintSeen {
  std::string fingerprint;
  std::string host;
  std::string check_code;
  core::Severity severity = core::Severity::kMedium;
  std::int64_t first_run = 0;
  std::string first_seen;  // RFC 3339
  std::int64_t last_run = 0;
  std::string last_seen;
};

struct Baseline {
  std::string host;
  std::int64_t run = 0;
  std::string set_by;
  std::string set_at;
  std::string note;
};

// An accepted risk: a finding still reported, as accepted, until `until` (a date, inclusive).
struct Waiver {
  std::int64_t id = 0;
  std::string check;   // a check code or slug
  std::string target;  // a target name or id; "*" for every target
  std::string reason;
  std::string owner;
  std::string until;  // YYYY-MM-DD
  std::string created_by;
  std::string created_at;
  std::string revoked_at;        // empty while in force
  std::string source = "store";  // "store", or the .hardock.yaml it was read from
};

// A change hardock made on a host (harden --apply, --rollback), or to its own policy (a waiver
// added or revoked, a baseline set).
struct ChangeRecord {
  std::int64_t id = 0;
  std::int64_t run = 0;  // the run that made it, 0 if none
  std::string host;
  std::string at;  // RFC 3339
  std::string who;
  std::string what;     // "harden.apply", "harden.rollback", "waiver.add", "baseline.set", ...
  std::string object;   // the file, container or waiver changed
  std::string before;   // as it was (text or JSON), may be empty
  std::string after;    // as it is
  std::string journal;  // the harden journal's path or id, when there is one
};

// What the runtime protection saw: an authorization decision (`hardock authz`) or an alert
// (`hardock watch`), kept with the JSON line written for it.
struct RuntimeEvent {
  std::int64_t id = 0;
  std::string host;
  std::string at;       // RFC 3339
  std::string source;   // "authz" or "watch"
  std::string kind;     // authz: "allow", "deny", "audit"; watch: the alert's kind
  std::string subject;  // the request ("POST /containers/create") or the object's name
  std::string user;     // the engine's authenticated user, when it names one
  std::string checks;   // the check codes that spoke, comma-separated
  std::string detail;   // the JSON line
};

struct EventFilter {
  std::string source;  // "authz", "watch"; empty = both
  std::string host;    // exact host identity; empty = all
  std::string since;   // RFC 3339; empty = all
  int limit = 0;       // newest first; 0 = no limit
};

class Store {
 public:
  virtual ~Store() = default;

  // Records a run in one transaction: all of it, or nothing. Gives the run's id.
  [[nodiscard]] virtual core::Result<std::int64_t> record_run(const RunRecord& record) = 0;
  [[nodiscard]] virtual core::Result<std::vector<RunInfo>> runs(const RunFilter& filter) = 0;
  [[nodiscard]] virtual core::Result<StoredRun> load_run(std::int64_t id) = 0;
  // The newest run of `kind` for `host` (empty host: any), if any.
  [[nodiscard]] virtual core::Result<std::optional<RunInfo>> latest_run(RunKind kind,
                                                                        std::string_view host) = 0;
  // Every fingerprint seen on `host` (empty: all hosts), with its first and last sighting.
  [[nodiscard]] virtual core::Result<std::vector<FingerprintSeen>> fingerprints_seen(
      std::string_view host) = 0;

  [[nodiscard]] virtual core::Result<void> set_baseline(const Baseline& baseline) = 0;
  [[nodiscard]] virtual core::Result<std::optional<Baseline>> baseline(std::string_view host) = 0;

  [[nodiscard]] virtual core::Result<std::int64_t> add_waiver(const Waiver& waiver) = 0;
  // In force and expired ones; revoked ones too when `with_revoked`.
  [[nodiscard]] virtual core::Result<std::vector<Waiver>> waivers(bool with_revoked) = 0;
  [[nodiscard]] virtual core::Result<void> revoke_waiver(std::int64_t id, std::string_view who,
                                                         std::string_view at) = 0;

  [[nodiscard]] virtual core::Result<std::int64_t> record_change(const ChangeRecord& change) = 0;
  [[nodiscard]] virtual core::Result<std::vector<ChangeRecord>> changes(
      const RunFilter& filter) = 0;

  [[nodiscard]] virtual core::Result<std::int64_t> record_event(const RuntimeEvent& event) = 0;
  // Records them in one transaction, all or none (a busy plugin's batch: one commit, not one
  // per decision).
  [[nodiscard]] virtual core::Result<void> record_events(std::span<const RuntimeEvent> events) = 0;
  [[nodiscard]] virtual core::Result<std::vector<RuntimeEvent>> events(
      const EventFilter& filter) = 0;

  // "sqlite:/path/hardock.db" or "postgresql://..." (credentials redacted), for messages.
  [[nodiscard]] virtual std::string describe() const = 0;
};

// Opens (creating and migrating as needed) the store at `location`: a file path (SQLite,
// WAL, 0600 in a 0700 directory) or a postgresql:// / postgres:// URL. Empty: the default,
// /var/lib/hardock/hardock.db as root, else $XDG_DATA_HOME/hardock/hardock.db.
[[nodiscard]] core::Result<std::unique_ptr<Store>> open_store(std::string_view location);

// The default location described above.
[[nodiscard]] std::string default_location();

}  // namespace hardock::store
