// CIS 2.1: Docker daemon runs as root (not rootless).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_runs_as_root {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  if (daemon::security_option(engine.info, "rootless")) return std::nullopt;
  return daemon::Verdict("SecurityOptions has no name=rootless (dockerd runs as root)");
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  if (!config.user || !config.user->root || config.boolean("rootless") == true) return {};
  return {{"dockerd runs as root: " + config.user->evidence}};
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_runs_as_root

extern const Check kDaemonConfigRunsAsRoot;  // listed in checks/list.h
const Check kDaemonConfigRunsAsRoot{
    .info =
        {
            .code = "HDK-H-001",
            .slug = "daemon-config-runs-as-root",
            .title = "Docker daemon runs as root (not rootless)",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.1",
            .cobit = "DSS05.03",
            .description =
                "A rootful daemon makes every daemon or container escape a root compromise of "
                "the host; rootless mode confines it to one user. Judged from the running "
                "engine (SecurityOptions name=rootless) when it was read, and from the daemon "
                "configuration files and dockerd's command line (daemon.json, systemd unit, "
                "/etc/default/docker, /proc cmdline) (the process owner in /proc/<pid>/status "
                "or the unit's User=, and \"rootless\") when the host was read; one finding "
                "carries the evidence of both.",
            .remediation = "Where the workloads allow it, run dockerd in rootless mode "
                           "(dockerd-rootless-setuptool.sh install) as an unprivileged user.",
            .aliases = "HDK-D-001,daemon-not-rootless",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[],"user":{"root":true,"evidence":"effective Uid 0 in /proc/1/status"}}}})",
    .good =
        R"({"info":{"SecurityOptions":["name=rootless"]},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[],"user":{"root":false,"evidence":"User=dockerd in /lib/systemd/system/docker.service:User"}}}})",
    .run = daemon_runs_as_root::run,
};

}  // namespace hardock::audit::checks
