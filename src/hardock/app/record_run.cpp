#include "hardock/app/record_run.h"

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "hardock/app/output.h"
#include "hardock/app/version.h"
#include "hardock/audit/registry.h"
#include "hardock/core/fingerprint.h"
#include "hardock/core/sha256.h"
#include "hardock/docker/snapshot.h"
#include "hardock/io/bounded_read.h"
#include "hardock/io/escape.h"
#include "hardock/lint/config.h"

namespace hardock::app {
namespace record_detail {

// `store:` of ./.hardock.yaml (or .hardock.yml), when there is one.
core::Result<std::string> yaml_store() {
  for (const char* name : {".hardock.yaml", ".hardock.yml"}) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(name, error)) continue;
    lint::LintConfig config;
    if (auto loaded = lint::load_hardock_config(name, config); !loaded) {
      return core::fail(loaded.error());
    }
    return config.store;
  }
  return std::string();
}

}  // namespace record_detail

void add_store_option(CLI::App& command, StoreFlags& flags) {
  command.add_option("--store", flags.location,
                     "The store of runs: a SQLite file, or a postgresql:// URL (default: "
                     "$HARDOCK_STORE, store: in .hardock.yaml, else " +
                         store::default_location() + ")");
}

void add_store_flags(CLI::App& command, StoreFlags& flags) {
  add_store_option(command, flags);
  command.add_flag("--no-store", flags.no_store, "Do not record this run in the store")
      ->excludes("--store");
}

core::Result<std::string> store_location(const StoreFlags& flags, std::string_view config_store) {
  if (!flags.location.empty()) return flags.location;
  if (const char* env = std::getenv("HARDOCK_STORE"); env != nullptr && env[0] != '\0') {
    return std::string(env);
  }
  if (!config_store.empty()) return std::string(config_store);
  auto from_yaml = record_detail::yaml_store();
  if (!from_yaml) return core::fail(from_yaml.error());
  if (!from_yaml->empty()) return *from_yaml;
  return store::default_location();
}

core::Result<std::unique_ptr<store::Store>> open_run_store(const StoreFlags& flags,
                                                           std::string_view config_store) {
  auto location = store_location(flags, config_store);
  if (!location) return core::fail(location.error());
  return store::open_store(*location);
}

std::string machine_name() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "unknown";
  return name.data();
}

RunMeta begin_run(store::RunKind kind, std::string target) {
  RunMeta meta;
  meta.kind = kind;
  meta.target = std::move(target);
  meta.started_at = now_rfc3339();
  meta.started = std::chrono::steady_clock::now();
  return meta;
}

std::string policy_text(const audit::AuditConfig& config, const std::vector<std::string>& extra) {
  std::ostringstream out;
  auto list = [&out](std::string_view key, const std::vector<std::string>& values) {
    out << key << '=' << values.size();
    for (const auto& value : values) out << '\x1f' << value;
    out << '\n';
  };
  out << "sensitivity.label=" << config.sensitivity_label << '\n';
  list("sensitivity.levels", config.sensitivity_levels);
  out << "sprawl=" << config.max_unused_images << ',' << config.max_stopped_containers << ','
      << config.max_stopped_ratio << '\n';
  out << "engine.max_age_months=" << config.max_engine_age_months << '\n';
  list("secrets.accept", config.accepted_secret_keys);
  out << "image.max_age_days=" << config.max_image_age_days << '\n';
  list("image.trusted_registries", config.trusted_registries);
  out << "vulnerabilities.ignore_unfixed=" << config.ignore_unfixed << '\n';
  // Every waiver of the run (audit/waiver.h: the config's, .hardock.yaml's and the store's).
  for (const auto& waiver : config.waivers) {
    out << "waiver=" << waiver.check << '\x1f' << waiver.target << '\x1f' << waiver.vulnerability
        << '\x1f' << waiver.package << '\x1f' << waiver.until << '\x1f' << waiver.allow_critical
        << '\x1f' << waiver.owner << '\x1f' << waiver.reason << '\n';
  }
  list("flags", extra);
  return out.str();
}

std::string login_name() {
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return "uid " + std::to_string(geteuid());
}

store::RunRecord make_run_record(const RunMeta& meta, const audit::AuditResult& result,
                                 std::string snapshot) {
  store::RunRecord record;
  auto& info = record.info;
  info.kind = meta.kind;
  info.target = meta.target;
  info.host_name = meta.host_name.empty() ? machine_name() : meta.host_name;
  info.host = meta.host.empty() ? info.host_name : meta.host;
  info.started_at = meta.started_at;
  info.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - meta.started)
                         .count();
  info.tool_version = std::string(kVersion);
  info.policy_hash = core::sha256_hex(meta.policy);
  info.user = login_name();
  record.snapshot = std::move(snapshot);
  auto prints = core::fingerprints(result.findings);
  record.findings.reserve(result.findings.size());
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const core::Finding& f = result.findings[i];
    // Built in place; the print moved, not copied (137,000 of them for 10,000 Dockerfiles).
    store::StoredFinding& s = record.findings.emplace_back();
    s.fingerprint = std::move(prints[i]);
    s.check_code = std::string(f.check_code);
    s.slug = std::string(f.slug);
    s.title = std::string(f.title);
    s.severity = f.severity;
    s.status = f.status;
    s.target_kind = f.target.kind;
    s.target_id = f.target.id;
    s.target_name = f.target.name;
    s.evidence = f.evidence;
    s.key = f.key;
    s.remediation = std::string(f.remediation);
    s.cis = f.cis;
    s.cobit = std::string(f.cobit);
    s.domain = f.domain;
    s.location = f.location;
    if (f.accepted) {
      s.accepted = true;
      s.accepted_owner = f.accepted->owner;
      s.accepted_until = f.accepted->until;
      s.accepted_reason = f.accepted->reason;
      s.accepted_source = f.accepted->source;
    }
    if (s.status == core::FindingStatus::kFail && !s.accepted) ++info.findings;  // open
  }
  record.checks.reserve(result.checks.size());
  for (const auto& check : result.checks) {
    if (check.check == nullptr) continue;
    record.checks.push_back({std::string(check.check->info.code),
                             std::string(audit::to_string(check.outcome)), check.reason});
  }
  return record;
}

std::optional<std::int64_t> record_run(const StoreFlags& flags, std::string_view config_store,
                                       const store::RunRecord& record) {
  if (flags.no_store) return std::nullopt;
  auto store = open_run_store(flags, config_store);
  core::Result<std::int64_t> id =
      store ? (*store)->record_run(record) : core::Result<std::int64_t>(core::fail(store.error()));
  if (!id) {
    std::cerr << "hardock: warning: this run was not stored: "
              << io::terminal_safe(io::one_line(id.error().to_string()))
              << " (--no-store to not record runs)\n";
    return std::nullopt;
  }
  return *id;
}

namespace record_detail {

constexpr std::size_t kMaxDaemonJson = 1 << 20;

std::string read_small(const std::string& path) {
  if (path.empty()) return {};
  auto text = io::read_regular_file(path, kMaxDaemonJson);
  return text ? std::move(*text) : std::string("(could not read " + path + ")");
}

}  // namespace record_detail

std::string read_journal_text(const std::string& state_dir) {
  auto text = io::read_regular_file(state_dir + "/journal.json", harden::kMaxJournalBytes);
  return text ? std::move(*text) : std::string();
}

std::vector<store::ChangeRecord> harden_changes(const HardenRun& run) {
  std::vector<store::ChangeRecord> out;
  auto parse = [](const std::string& text) {
    if (text.empty()) return harden::Journal{};
    auto journal = harden::parse_journal(text);
    return journal ? std::move(*journal) : harden::Journal{};
  };
  const harden::Journal before = parse(run.journal_before);
  const harden::Journal after = parse(run.journal_after);
  const std::string journal_path = run.state_dir + "/journal.json";
  const std::string what = run.rollback ? "harden.rollback" : "harden.apply";
  for (const auto& entry : after.applies) {
    const harden::ApplyEntry* earlier = nullptr;
    for (const auto& old : before.applies) {
      if (old.stamp == entry.stamp) earlier = &old;
    }
    // --apply: the entries it added; --rollback: those it rolled back.
    const bool touched = run.rollback
                             ? (earlier != nullptr && !earlier->rolled_back && entry.rolled_back)
                             : earlier == nullptr;
    if (!touched) continue;
    auto change = [&](std::string object, std::string was, std::string now) {
      store::ChangeRecord record;
      record.what = what;
      record.object = std::move(object);
      record.before = std::move(was);
      record.after = std::move(now);
      record.journal = journal_path + "#" + entry.stamp;
      out.push_back(std::move(record));
    };
    if (entry.daemon) {
      const auto& daemon = *entry.daemon;
      const std::string now = record_detail::read_small(daemon.path);
      if (run.rollback) {
        change(daemon.path, run.daemon_before, now);
      } else {
        change(daemon.path, daemon.existed ? record_detail::read_small(daemon.backup) : "(no file)",
               now);
      }
    }
    for (const auto& container : entry.containers) {
      const std::string state(harden::to_string(container.state));
      const std::string message = container.message.empty() ? "" : " (" + container.message + ")";
      if (run.rollback) {
        change("container " + container.name, "hardened container " + container.new_id,
               "original container " + container.old_id + ": " + state + message);
      } else {
        change(
            "container " + container.name,
            "original container " + container.old_id + (container.was_running ? " (running)" : ""),
            (container.new_id.empty() ? "no hardened container"
                                      : "hardened container " + container.new_id) +
                ": " + state + "; original kept as " + container.old_name + message);
      }
    }
    for (const auto& network : entry.networks) {
      change("network " + network.name, run.rollback ? "created " + network.id : "",
             network.state == harden::NetworkState::kCreated ? "created " + network.id
                                                             : "removed " + network.id);
    }
  }
  return out;
}

void record_harden(const StoreFlags& flags, std::string_view config_store, const RunMeta& meta,
                   const HardenRun& run, std::string snapshot) {
  if (flags.no_store) return;
  const auto changes = harden_changes(run);
  auto record = make_run_record(meta, audit::AuditResult{}, std::move(snapshot));
  auto store = open_run_store(flags, config_store);
  auto fail = [](const core::Error& error) {
    std::cerr << "hardock: warning: this run was not stored: "
              << io::terminal_safe(io::one_line(error.to_string()))
              << " (--no-store to not record runs)\n";
  };
  if (!store) return fail(store.error());
  auto id = (*store)->record_run(record);
  if (!id) return fail(id.error());
  for (auto change : changes) {
    change.run = *id;
    change.host = record.info.host;
    change.at = record.info.started_at;
    change.who = record.info.user;
    if (auto recorded = (*store)->record_change(change); !recorded) return fail(recorded.error());
  }
}

namespace record_detail {

std::optional<audit::Outcome> parse_outcome(std::string_view text) {
  for (const auto outcome : {audit::Outcome::kPass, audit::Outcome::kFail, audit::Outcome::kError,
                             audit::Outcome::kSkipped, audit::Outcome::kNotRun}) {
    if (audit::to_string(outcome) == text) return outcome;
  }
  return std::nullopt;
}

}  // namespace record_detail

StoredEngine stored_engine(const store::StoredRun& run) {
  if (run.info.kind != store::RunKind::kAudit || run.snapshot.empty()) return {};
  auto snapshot = docker::decode_snapshot_text(run.snapshot);
  if (!snapshot) {
    std::cerr << "hardock: warning: run " << run.info.id
              << ": its snapshot does not decode, the engine's version is left out: "
              << io::terminal_safe(io::one_line(snapshot.error().to_string())) << "\n";
    return {};
  }
  return {snapshot->version.version, snapshot->collected_at};
}

std::unique_ptr<LoadedResult> to_audit_result(const store::StoredRun& run) {
  auto loaded = std::make_unique<LoadedResult>();
  auto keep = [&loaded](const std::string& text) -> std::string_view {
    return loaded->texts.emplace_back(text);
  };
  // A check per code: the registry's, else one made of what the run stored about it.
  std::map<std::string, const audit::Check*, std::less<>> checks;
  auto check_for = [&](const std::string& code,
                       const store::StoredFinding* example) -> const audit::Check* {
    if (auto found = checks.find(code); found != checks.end()) return found->second;
    const audit::Check* check = audit::find_check(code);
    if (check == nullptr || check->info.code != code) {
      audit::Check& made = loaded->unknown_checks.emplace_back();
      made.info.code = keep(code);
      if (example != nullptr) {
        made.info.slug = keep(example->slug);
        made.info.title = keep(example->title);
        made.info.severity = example->severity;
        made.info.target_kind = example->target_kind;
        made.info.cis = keep(example->cis);
        made.info.cobit = keep(example->cobit);
        made.info.remediation = keep(example->remediation);
      } else {
        made.info.title = keep("(a check this hardock does not know)");
      }
      check = &made;
    }
    checks.emplace(code, check);
    return check;
  };
  std::map<std::string, const store::StoredFinding*, std::less<>> examples;
  for (const auto& f : run.findings) examples.emplace(f.check_code, &f);

  for (const auto& f : run.findings) {
    core::Finding finding;
    finding.check_code = keep(f.check_code);
    finding.slug = keep(f.slug);
    finding.title = keep(f.title);
    finding.severity = f.severity;
    finding.status = f.status;
    finding.target = {f.target_kind, f.target_id, f.target_name};
    finding.evidence = f.evidence;
    finding.key = f.key;
    finding.remediation = keep(f.remediation);
    finding.cis = f.cis;
    finding.cobit = keep(f.cobit);
    finding.domain = f.domain;
    finding.location = f.location;
    // As the run reported it: accepted by the waiver in force then (errors never are).
    if (f.accepted && f.status == core::FindingStatus::kFail) {
      finding.accepted = std::make_shared<const core::Acceptance>(core::Acceptance{
          f.accepted_owner, f.accepted_until, f.accepted_reason, f.accepted_source});
    }
    loaded->result.findings.push_back(std::move(finding));
  }
  for (const auto& stored : run.checks) {
    const auto example = examples.find(stored.code);
    audit::CheckResult result;
    result.check = check_for(stored.code, example == examples.end() ? nullptr : example->second);
    result.outcome = record_detail::parse_outcome(stored.outcome).value_or(audit::Outcome::kError);
    result.reason = stored.reason;
    for (const auto& f : run.findings) {
      if (f.check_code != stored.code) continue;
      ++result.findings;
      if (f.accepted && f.status == core::FindingStatus::kFail) ++result.accepted;
    }
    loaded->result.checks.push_back(std::move(result));
  }
  return loaded;
}

}  // namespace hardock::app
