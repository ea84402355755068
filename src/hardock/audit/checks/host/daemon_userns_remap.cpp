// CIS 2.9: User namespace remapping is not configured, judged from the effective daemon
// configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        const auto* remap = config.last("userns-remap");
        if (remap != nullptr && !remap->values.empty() && !remap->values[0].empty()) return {};
        return {{host_daemon::unset(config, "userns-remap", "no remapping"), true}};
      });
}

}  // namespace

extern const Check kDaemonConfigNoUsernsRemap;  // listed in checks/list.h
const Check kDaemonConfigNoUsernsRemap{
    .info =
        {
            .code = "HDK-H-009",
            .slug = "daemon-config-no-userns-remap",
            .title = "User namespace remapping is not configured",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.9",
            .cobit = "DSS05.03",
            .description = "Without userns-remap, root in a container is root on the host once it "
                           "escapes. Judged from the daemon configuration files and dockerd's "
                           "command line (daemon.json, systemd unit, /etc/default/docker, /proc "
                           "cmdline), not from the engine.",
            .remediation = "Set \"userns-remap\": \"default\" (with /etc/subuid and /etc/subgid "
                           "entries for dockremap) where the workloads allow it.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"userns-remap","values":["default"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
