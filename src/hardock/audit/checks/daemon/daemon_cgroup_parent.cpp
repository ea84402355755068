// CIS 2.10: A non-default cgroup parent is configured, judged from the effective daemon
// configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_cgroup_parent {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, nullptr,
                              [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
                                const auto* parent = config.last("cgroup-parent");
                                if (parent == nullptr) return {};
                                return {{describe(*parent) + ": confirm this cgroup is intended"}};
                              });
}

}  // namespace daemon_cgroup_parent

extern const Check kDaemonConfigCgroupParent;  // listed in checks/list.h
const Check kDaemonConfigCgroupParent{
    .info =
        {
            .code = "HDK-H-010",
            .slug = "daemon-config-cgroup-parent",
            .title = "A non-default cgroup parent is configured",
            .severity = core::Severity::kInfo,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.10",
            .cobit = "BAI10.02",
            .description =
                "A changed cgroup-parent moves every container under another cgroup, with that "
                "cgroup's limits; CIS asks to confirm it is intended. Judged from the daemon "
                "configuration files and dockerd's command line (daemon.json, systemd unit, "
                "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Confirm the cgroup in \"cgroup-parent\" is intended and limited, or "
                           "remove the setting.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"cgroup-parent","values":["/custom"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_cgroup_parent::run,
};

}  // namespace hardock::audit::checks
