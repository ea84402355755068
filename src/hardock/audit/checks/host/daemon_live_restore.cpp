// CIS 2.15: Live restore is not configured, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        return host_daemon::require_bool(config, "live-restore", true, false);
      });
}

}  // namespace

extern const Check kDaemonConfigLiveRestore;  // listed in checks/list.h
const Check kDaemonConfigLiveRestore{
    .info =
        {
            .code = "HDK-H-015",
            .slug = "daemon-config-live-restore",
            .title = "Live restore is not configured",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.15",
            .cobit = "BAI10.02",
            .description = "Without live-restore, every daemon restart stops all containers, which "
                           "discourages timely patching. (Swarm managers are exempt; the engine "
                           "check HDK-D-008 sees swarm state.) Judged from the daemon "
                           "configuration files and dockerd's command line (daemon.json, systemd "
                           "unit, /etc/default/docker, /proc cmdline), not from the engine.",
            .remediation =
                "Set \"live-restore\": true in daemon.json (or --live-restore) and reload dockerd.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"live-restore","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"live-restore","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
