// CIS 2.1: dockerd runs as root (not rootless), judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        if (!config.user || !config.user->root || config.boolean("rootless") == true) return {};
        return {{"dockerd runs as root: " + config.user->evidence}};
      });
}

}  // namespace

extern const Check kDaemonConfigRunsAsRoot;  // listed in checks/list.h
const Check kDaemonConfigRunsAsRoot{
    .info =
        {
            .code = "HDK-H-001",
            .slug = "daemon-config-runs-as-root",
            .title = "dockerd runs as root (not rootless)",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.1",
            .cobit = "DSS05.03",
            .description =
                "A rootful daemon makes every daemon or container escape a root compromise of the "
                "host; rootless mode confines it to one user. Judged from the process owner "
                "(/proc/<pid>/status) or the unit's User=, and the daemon configuration files and "
                "dockerd's command line (daemon.json, systemd unit, /etc/default/docker, /proc "
                "cmdline), not from the engine.",
            .remediation = "Where the workloads allow it, run dockerd in rootless mode "
                           "(dockerd-rootless-setuptool.sh install) as an unprivileged user.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[],"user":{"root":true,"evidence":"effective Uid 0 in /proc/1/status"}}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[],"user":{"root":false,"evidence":"User=dockerd in /lib/systemd/system/docker.service:User"}}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
