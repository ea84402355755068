// CIS 2.12: No authorization plugin controls access to the Docker API.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_authorization_plugin {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  if (!engine.info.authorization_plugins.empty()) return std::nullopt;
  return daemon::Verdict("Plugins.Authorization is empty");
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  if (!config.values("authorization-plugins").empty()) return {};
  return {{daemon::unset(config, "authorization-plugins", "no plugin"), true}};
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_authorization_plugin

extern const Check kDaemonConfigNoAuthorizationPlugin;  // listed in checks/list.h
const Check kDaemonConfigNoAuthorizationPlugin{
    .info =
        {
            .code = "HDK-H-012",
            .slug = "daemon-config-no-authorization-plugin",
            .title = "No authorization plugin controls access to the Docker API",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.12",
            .cobit = "DSS05.04",
            .description =
                "Without an authorization plugin, anyone who reaches the API may do everything, "
                "including starting privileged containers. Judged from the running engine "
                "(Plugins.Authorization) when it was read, and from the daemon configuration "
                "files and dockerd's command line (daemon.json, systemd unit, "
                "/etc/default/docker, /proc cmdline) (\"authorization-plugins\" and "
                "--authorization-plugin) when the host was read; one finding carries the "
                "evidence of both.",
            .remediation = "Add an authorization plugin to \"authorization-plugins\" "
                           "(--authorization-plugin) that enforces who may do what.",
            .aliases = "HDK-D-006,no-authorization-plugin",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"Plugins":{"Authorization":["authz-broker"]}},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"authorization-plugins","values":["authz-broker"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_authorization_plugin::run,
};

}  // namespace hardock::audit::checks
