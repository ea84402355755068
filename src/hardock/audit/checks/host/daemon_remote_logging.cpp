// CIS 2.13: Container logs are not sent to a central log service, judged from the effective daemon
// configuration (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        const auto* driver = config.last("log-driver");
        if (driver == nullptr) {
          return {{host_daemon::unset(config, "log-driver", "json-file (local)"), true}};
        }
        for (std::string_view local : {"json-file", "local", "none"}) {
          if (driver->values.size() == 1 && driver->values[0] == local)
            return {{describe(*driver)}};
        }
        return {};
      });
}

}  // namespace

extern const Check kDaemonConfigLocalLogging;  // listed in checks/list.h
const Check kDaemonConfigLocalLogging{
    .info =
        {
            .code = "HDK-H-013",
            .slug = "daemon-config-local-logging",
            .title = "Container logs are not sent to a central log service",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.13",
            .cobit = "MEA01.03",
            .description =
                "With a local log driver (json-file, the default, local or none), container logs "
                "stay on the host: lost with it, and editable by whoever takes it over. Judged "
                "from the daemon configuration files and dockerd's command line (daemon.json, "
                "systemd unit, /etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Set \"log-driver\" to a remote driver (syslog, journald forwarded, "
                           "fluentd, gelf, splunk, awslogs ...) with its \"log-opts\".",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-driver","values":["json-file"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-driver","values":["syslog"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
