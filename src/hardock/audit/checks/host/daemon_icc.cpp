// CIS 2.2: Inter-container communication on the default bridge is allowed (icc), judged from the
// effective daemon configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        return host_daemon::require_bool(config, "icc", false, true);
      });
}

}  // namespace

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
            .description = "With icc enabled (dockerd's default), every container on the default "
                           "bridge can reach every other one's ports; a compromised container can "
                           "attack its neighbours. Judged from the daemon configuration files and "
                           "dockerd's command line (daemon.json, systemd unit, "
                           "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Set \"icc\": false in /etc/docker/daemon.json (or --icc=false, not "
                           "both) and use user-defined networks for containers that must talk.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
