// Shared by the HDK-H-* daemon configuration checks: they judge the effective
// dockerd configuration read from the host's files (host::DaemonConfig), not
// the engine's /info, so they work with --host-root and no engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hardock/audit/check.h"

namespace hardock::audit::checks::host_daemon {

inline core::Target daemon_config_target(const host::HostSnapshot& snapshot) {
  core::Target target = host_target(snapshot);
  target.kind = core::TargetKind::kDaemon;
  target.id = "dockerd@" + snapshot.root;
  target.name = target.id;
  return target;
}

// One failing judgement. `from_default` marks a verdict that rests on a
// setting being absent: if a source could not be read, that absence proves
// nothing, and the finding becomes "could not look".
struct Verdict {
  // Implicit on purpose: a judge returns {{"evidence"}} directly.
  Verdict(std::string text, bool default_based = false,  // NOLINT(google-explicit-constructor)
          std::optional<core::Severity> override_severity = std::nullopt)
      : evidence(std::move(text)), from_default(default_based), severity(override_severity) {}
  std::string evidence;
  bool from_default = false;
  std::optional<core::Severity> severity;
};

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

// Runs judge(config) -> std::vector<Verdict>. No findings when the host was
// not read or holds no dockerd configuration at all (the check does not apply).
template <class Judge>
std::vector<core::Finding> judge_config(const Check& self, const AuditContext& context,
                                        Judge&& judge) {
  if (context.host == nullptr || context.host->daemon.absent()) return {};
  const host::DaemonConfig& config = context.host->daemon;
  const core::Target target = daemon_config_target(*context.host);
  std::vector<core::Finding> findings;
  for (Verdict& verdict : judge(config)) {
    if (verdict.from_default && !config.errors.empty()) {
      std::string reason;
      for (const auto& error : config.errors) {
        reason += (reason.empty() ? "" : "; ") +
                  ("could not read " + error.source + ": " + error.message);
      }
      findings.push_back(core::make_unchecked(self.info, target, core::FindingStatus::kError,
                                              reason + " (without it: " + verdict.evidence + ")"));
      continue;
    }
    core::Finding finding = core::make_finding(self.info, target, std::move(verdict.evidence));
    if (verdict.severity) finding.severity = *verdict.severity;
    findings.push_back(std::move(finding));
  }
  return findings;
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

}  // namespace hardock::audit::checks::host_daemon
