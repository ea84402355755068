// CIS 2.16: The userland proxy is enabled, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_userland_proxy {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, nullptr,
                              [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
                                return daemon::require_bool(config, "userland-proxy", false, true);
                              });
}

}  // namespace daemon_userland_proxy

extern const Check kDaemonConfigUserlandProxy;  // listed in checks/list.h
const Check kDaemonConfigUserlandProxy{
    .info =
        {
            .code = "HDK-H-016",
            .slug = "daemon-config-userland-proxy",
            .title = "The userland proxy is enabled",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.16",
            .cobit = "DSS05.02",
            .description =
                "The userland proxy (on by default) adds a docker-proxy process per published "
                "port, more attack surface than the hairpin NAT that replaces it. Judged from the "
                "daemon configuration files and dockerd's command line (daemon.json, systemd unit, "
                "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation =
                "Set \"userland-proxy\": false in daemon.json (or --userland-proxy=false).",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"userland-proxy","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"userland-proxy","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_userland_proxy::run,
};

}  // namespace hardock::audit::checks
