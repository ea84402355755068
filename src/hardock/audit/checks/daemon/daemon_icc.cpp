// CIS 2.2: network traffic is restricted between containers on the default bridge (icc off).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_icc {

constexpr std::string_view kIccOption = "com.docker.network.bridge.enable_icc";

// The running daemon's --icc shows on its default bridge, not in /info.
std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  for (const auto& network : engine.networks) {
    auto flag = network.options.find("com.docker.network.bridge.default_bridge");
    const bool default_bridge =
        network.driver == "bridge" &&
        ((flag != network.options.end() && flag->second == "true") || network.name == "bridge");
    if (!default_bridge) continue;
    auto icc = network.options.find(std::string(kIccOption));
    if (icc == network.options.end()) {
      return daemon::Verdict("default bridge " + network.name + ": Options has no " +
                             std::string(kIccOption) + " (defaults to true)");
    }
    if (icc->second == "false") return std::nullopt;
    return daemon::Verdict("default bridge " + network.name + ": Options." +
                           std::string(kIccOption) + "=" + icc->second);
  }
  return std::nullopt;  // no default bridge (--bridge=none): nothing to restrict
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  return daemon::require_bool(config, "icc", false, true);
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_icc

extern const Check kDaemonConfigIcc;  // listed in checks/list.h
const Check kDaemonConfigIcc{
    .info =
        {
            .code = "HDK-H-002",
            .slug = "daemon-config-icc",
            .title = "Inter-container communication on the default bridge is allowed (icc)",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.2",
            .cobit = "DSS05.02",
            .description =
                "With icc enabled (dockerd's default), every container on the default bridge can "
                "reach every other one's ports; a compromised container can attack its "
                "neighbours. Judged from the running engine (its default bridge's "
                "com.docker.network.bridge.enable_icc option) when it was read, and from the "
                "daemon configuration files and dockerd's command line (daemon.json, systemd "
                "unit, /etc/default/docker, /proc cmdline: \"icc\", --icc) when the host was "
                "read; one finding carries the evidence of both. An engine without a default "
                "bridge (--bridge=none) passes. User-defined bridges are HDK-N-006's.",
            .remediation = "Set \"icc\": false in /etc/docker/daemon.json (or --icc=false, not "
                           "both), restart dockerd, and use user-defined networks for containers "
                           "that must talk.",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"networks":[{"Name":"bridge","Id":"n1","Driver":"bridge",
      "Options":{"com.docker.network.bridge.default_bridge":"true",
                 "com.docker.network.bridge.enable_icc":"false"}}],
      "host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_icc::run,
};

}  // namespace hardock::audit::checks
