// Shared by the daemon checks (CIS section 2 and the daemon's own settings). The daemon has two
// views: the running engine's /info (and its default bridge), when the engine was read, and the
// effective configuration from the host's files and dockerd's command line (host::DaemonConfig),
// when the host was read (this host, or --host-root). A check that has both judges both and
// reports ONE finding per daemon carrying every piece of evidence; with --host-root alone it
// judges the configuration, with a remote engine the engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::daemon {

// The daemon as a target: the engine's identity when the engine was read (the same target
// whichever view decided), else "dockerd@<host root>".
inline core::Target daemon_target(const AuditContext& context) {
  if (context.engine_present) {
    core::Target target = engine_target(context.engine);
    target.kind = core::TargetKind::kDaemon;
    return target;
  }
  const std::string id = "dockerd@" + (context.host ? context.host->root : std::string("?"));
  return {core::TargetKind::kDaemon, id, id};
}

// The collection error for GET /info, or nullptr when /info was read.
inline const docker::CollectionError* info_error(const docker::EngineSnapshot& engine) {
  for (const auto& error : engine.errors) {
    if (error.what.find("/info") != std::string::npos) return &error;
  }
  return nullptr;
}

inline const docker::SecurityOption* security_option(const docker::EngineInfo& info,
                                                     std::string_view name) {
  for (const auto& option : info.security_options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

// One judgement of one view. `from_default` marks a verdict that rests on a setting being
// absent: if a configuration source could not be read, that absence proves nothing and the
// verdict becomes "could not look". `status` kSkipped: the benchmark excludes the case.
struct Verdict {
  // Implicit on purpose: a judge returns its evidence text directly.
  Verdict(std::string text, bool default_based = false,  // NOLINT(google-explicit-constructor)
          std::optional<core::Severity> override_severity = std::nullopt)
      : evidence(std::move(text)), from_default(default_based), severity(override_severity) {}
  Verdict(const char* text) : evidence(text) {}  // NOLINT(google-explicit-constructor)
  std::string evidence;
  bool from_default = false;
  std::optional<core::Severity> severity;
  core::FindingStatus status = core::FindingStatus::kFail;
};

// The engine view: nothing (compliant) or one verdict, given /info and the snapshot.
using EngineJudge = std::optional<Verdict> (*)(const docker::EngineSnapshot& engine);
// The configuration view: every non-compliant setting.
using ConfigJudge = std::vector<Verdict> (*)(const host::DaemonConfig& config);
// The probe view (the live host's API endpoints, probed): every non-compliant endpoint, or
// nullopt when the probes did not run (--no-probe, not the live host), which is no view at all.
using ProbeJudge = std::optional<std::vector<Verdict>> (*)(const host::Exposure& exposure);

// Judges the daemon from every view this audit has (any judge may be nullptr when the item has
// no such view) and returns at most one finding:
//   - a skipped verdict (the benchmark excludes the case): one kSkipped finding;
//   - any failing verdict: one kFail finding, evidence "engine: ...; configuration: ...", at the
//     highest severity of its verdicts, with notes on views that could not look;
//   - else a view that looked and passed: no finding;
//   - else the views that should have looked and could not: one kError finding with the reasons;
//   - no view at all (no engine, no dockerd configuration under the host root): kSkipped.
inline std::vector<core::Finding> judge_daemon(const Check& self, const AuditContext& context,
                                               EngineJudge engine_judge, ConfigJudge config_judge,
                                               ProbeJudge probe_judge = nullptr) {
  std::vector<std::string> failed;     // evidence of failing verdicts, per view
  std::vector<std::string> unchecked;  // why a view could not look
  std::vector<std::string> skipped;    // the benchmark excludes the case
  std::optional<core::Severity> severity;
  bool looked_and_passed = false;
  auto take = [&](std::string_view view, std::vector<Verdict> verdicts, bool passed_if_empty) {
    if (verdicts.empty()) {
      looked_and_passed = looked_and_passed || passed_if_empty;
      return;
    }
    for (Verdict& verdict : verdicts) {
      const std::string text = std::string(view) + ": " + verdict.evidence;
      if (verdict.status == core::FindingStatus::kSkipped) {
        skipped.push_back(text);
        continue;
      }
      if (verdict.status == core::FindingStatus::kError) {
        unchecked.push_back(text);
        continue;
      }
      failed.push_back(text);
      const core::Severity level = verdict.severity.value_or(self.info.severity);
      if (!severity || level > *severity) severity = level;
    }
  };

  if (engine_judge != nullptr && context.engine_present) {
    if (const auto* error = info_error(context.engine)) {
      unchecked.push_back("engine: could not read " + error->what + ": " + error->message);
    } else {
      std::vector<Verdict> verdicts;
      if (auto verdict = engine_judge(context.engine)) verdicts.push_back(std::move(*verdict));
      take("engine", std::move(verdicts), true);
    }
  }
  if (config_judge != nullptr && context.host != nullptr && !context.host->daemon.absent()) {
    const host::DaemonConfig& config = context.host->daemon;
    std::string read_errors;
    for (const auto& error : config.errors) {
      read_errors += (read_errors.empty() ? "" : "; ") +
                     ("could not read " + error.source + ": " + error.message);
    }
    std::vector<Verdict> verdicts = config_judge(config);
    bool all_passed = verdicts.empty();
    for (Verdict& verdict : verdicts) {
      // An absence proves nothing when a source could not be read.
      if (verdict.from_default && !read_errors.empty()) {
        verdict.evidence = read_errors + " (without it: " + verdict.evidence + ")";
        verdict.status = core::FindingStatus::kError;
      }
    }
    // A verdict-free judgement rests on what was read; with unreadable sources, the settings
    // that decide might be in them.
    if (all_passed && !read_errors.empty()) {
      unchecked.push_back("configuration: " + read_errors);
      all_passed = false;
    }
    take("configuration", std::move(verdicts), all_passed);
  }
  if (probe_judge != nullptr && context.host != nullptr) {
    if (auto verdicts = probe_judge(context.host->exposure)) {
      take("probe", std::move(*verdicts), true);
    }
  }

  const core::Target target = daemon_target(context);
  auto joined = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
    return out;
  };
  // The benchmark's own exclusion (2.15 in swarm mode) wins: the item does not apply.
  if (!skipped.empty()) {
    return {
        core::make_unchecked(self.info, target, core::FindingStatus::kSkipped, joined(skipped))};
  }
  if (!failed.empty()) {
    std::string evidence = joined(failed);
    if (!unchecked.empty()) evidence += " (also: " + joined(unchecked) + ")";
    core::Finding finding = core::make_finding(self.info, target, std::move(evidence));
    finding.severity = severity.value_or(self.info.severity);
    return {std::move(finding)};
  }
  if (looked_and_passed) return {};
  if (!unchecked.empty()) {
    return {
        core::make_unchecked(self.info, target, core::FindingStatus::kError, joined(unchecked))};
  }
  return {core::make_unchecked(
      self.info, target, core::FindingStatus::kSkipped,
      context.host != nullptr
          ? "no dockerd configuration found under " + context.host->root + " and no engine read"
          : "no engine view of this setting, and the host was not read")};
}

// "--icc in <source>" or "<source>": where a setting came from, without its value.
inline std::string where(const host::DaemonSetting& setting) {
  return setting.flag.empty() ? setting.source : setting.flag + " in " + setting.source;
}

// "key is not set (sources: a, b); dockerd's default is X".
inline std::string unset(const host::DaemonConfig& config, std::string_view key,
                         std::string_view default_text) {
  std::string sources;
  for (const auto& source : config.sources) sources += (sources.empty() ? "" : ", ") + source;
  if (sources.empty()) sources = "none readable";
  return std::string(key) + " is not set (read: " + sources + "); dockerd's default is " +
         std::string(default_text);
}

// A boolean setting that must have `wanted`; dockerd's default is `fallback`.
inline std::vector<Verdict> require_bool(const host::DaemonConfig& config, std::string_view key,
                                         bool wanted, bool fallback) {
  const auto value = config.boolean(key);
  if (value == wanted) return {};
  if (value) return {Verdict(describe(*config.last(key)))};
  if (const auto* setting = config.last(key))
    return {Verdict(describe(*setting) + ": not a boolean")};
  if (fallback == wanted) return {};
  return {Verdict(unset(config, key, fallback ? "true" : "false"), true)};
}

// A TCP endpoint dockerd listens on, from -H/"hosts" or a docker.socket ListenStream.
struct TcpEndpoint {
  std::string address;  // as written
  std::string host;     // "" / "0.0.0.0" / "::" = every interface
  std::string where;    // describe() of the setting
};

inline bool every_interface(std::string_view host) {
  return host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]" || host == "*";
}

inline bool loopback(std::string_view host) {
  return host.starts_with("127.") || host == "localhost" || host == "::1" || host == "[::1]";
}

// The host part of "h:port", "[v6]:port" or "port".
inline std::string host_part(std::string_view address) {
  const auto colon = address.rfind(':');
  if (colon == std::string_view::npos) return {};  // a bare port
  return std::string(address.substr(0, colon));
}

inline std::vector<TcpEndpoint> tcp_endpoints(const host::DaemonConfig& config) {
  std::vector<TcpEndpoint> out;
  for (const auto* setting : config.effective("hosts")) {
    for (const auto& value : setting->values) {
      std::string_view address = value;
      if (address.starts_with("tcp://")) {
        address.remove_prefix(6);
      } else if (address.find("://") != std::string_view::npos || address.starts_with("/")) {
        continue;  // unix://, fd://, npipe://
      }
      const auto slash = address.find('/');
      if (slash != std::string_view::npos) address = address.substr(0, slash);
      out.push_back({value, host_part(address), describe(*setting)});
    }
  }
  for (const auto& setting : config.settings) {
    if (setting.origin != host::SettingOrigin::kSocket) continue;
    for (const auto& value : setting.values) {
      // A path or an abstract socket is local; a port or host:port is TCP.
      if (value.empty() || value.starts_with("/") || value.starts_with("@")) continue;
      out.push_back(
          {value, host_part(value), "ListenStream=" + value + " (" + setting.source + ")"});
    }
  }
  return out;
}

}  // namespace hardock::audit::checks::daemon
