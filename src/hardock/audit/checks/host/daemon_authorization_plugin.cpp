// CIS 2.12: No authorization plugin is configured, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        if (!config.values("authorization-plugins").empty()) return {};
        return {{host_daemon::unset(config, "authorization-plugins", "no plugin"), true}};
      });
}

}  // namespace

extern const Check kDaemonConfigNoAuthorizationPlugin;  // listed in checks/list.h
const Check kDaemonConfigNoAuthorizationPlugin{
    .info =
        {
            .code = "HDK-H-012",
            .slug = "daemon-config-no-authorization-plugin",
            .title = "No authorization plugin is configured",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.12",
            .cobit = "DSS05.04",
            .description =
                "Without an authorization plugin, anyone who reaches the API may do everything, "
                "including starting privileged containers. Judged from the daemon configuration "
                "files and dockerd's command line (daemon.json, systemd unit, /etc/default/docker, "
                "/proc cmdline), not from the engine.",
            .remediation = "Add an authorization plugin to \"authorization-plugins\" "
                           "(--authorization-plugin) that enforces who may do what.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"authorization-plugins","values":["authz-broker"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
