// CIS 2.8: No default ulimits are configured, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_default_ulimits {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(
      self, context, nullptr, [](const host::DaemonConfig& config) -> std::vector<daemon::Verdict> {
        if (config.last("default-ulimits") != nullptr) return {};
        return {{daemon::unset(config, "default-ulimits", "the limits dockerd itself runs with"),
                 true}};
      });
}

}  // namespace daemon_default_ulimits

extern const Check kDaemonConfigNoDefaultUlimits;  // listed in checks/list.h
const Check kDaemonConfigNoDefaultUlimits{
    .info =
        {
            .code = "HDK-H-008",
            .slug = "daemon-config-no-default-ulimits",
            .title = "No default ulimits are configured",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.8",
            .cobit = "BAI10.02",
            .description =
                "Without default-ulimits, containers inherit dockerd's own limits, so one "
                "container can exhaust file descriptors or processes for all. Judged from the "
                "daemon configuration files and dockerd's command line (daemon.json, systemd unit, "
                "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation =
                "Set \"default-ulimits\" in daemon.json (e.g. {\"nofile\": {\"Name\": \"nofile\", "
                "\"Soft\": 64000, \"Hard\": 64000}}) sized for the workloads.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"icc","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"default-ulimits","values":["{\"nofile\":{\"Hard\":64000,\"Name\":\"nofile\",\"Soft\":64000}}"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_default_ulimits::run,
};

}  // namespace hardock::audit::checks
