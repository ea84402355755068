// CIS 2.14: Containers may gain new privileges by default, judged from the effective daemon
// configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_no_new_privileges {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(
      self, context, nullptr, [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
        return daemon::require_bool(config, "no-new-privileges", true, false);
      });
}

}  // namespace daemon_no_new_privileges

extern const Check kDaemonConfigNewPrivileges;  // listed in checks/list.h
const Check kDaemonConfigNewPrivileges{
    .info =
        {
            .code = "HDK-H-014",
            .slug = "daemon-config-new-privileges",
            .title = "Containers may gain new privileges by default",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.14",
            .cobit = "DSS05.03",
            .description = "Without no-new-privileges, a process in a container can gain "
                           "privileges through setuid binaries. Judged from the daemon "
                           "configuration files and dockerd's command line (daemon.json, systemd "
                           "unit, /etc/default/docker, /proc cmdline), not from the engine.",
            .remediation =
                "Set \"no-new-privileges\": true in daemon.json (or --no-new-privileges).",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"no-new-privileges","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"no-new-privileges","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_no_new_privileges::run,
};

}  // namespace hardock::audit::checks
