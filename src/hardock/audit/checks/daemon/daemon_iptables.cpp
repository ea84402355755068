// CIS 2.4: Docker may not manage iptables, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_iptables {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, nullptr,
                              [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
                                if (config.boolean("iptables") != false) return {};
                                return {{describe(*config.last("iptables"))}};
                              });
}

}  // namespace daemon_iptables

extern const Check kDaemonConfigIptablesDisabled;  // listed in checks/list.h
const Check kDaemonConfigIptablesDisabled{
    .info =
        {
            .code = "HDK-H-004",
            .slug = "daemon-config-iptables-disabled",
            .title = "Docker may not manage iptables",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.4",
            .cobit = "DSS05.02",
            .description = "With iptables disabled, dockerd does not install the rules that "
                           "isolate its networks and publish ports, and hand-made rules tend to "
                           "drift or leave ports open. Judged from the daemon configuration files "
                           "and dockerd's command line (daemon.json, systemd unit, "
                           "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Remove \"iptables\": false (or --iptables=false): the default lets "
                           "dockerd manage its rules.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"iptables","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"iptables","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_iptables::run,
};

}  // namespace hardock::audit::checks
