// CIS 2.13: Container logs are not sent to a central log service.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

#include <array>

namespace hardock::audit::checks {
namespace daemon_remote_logging {

constexpr std::array<std::string_view, 3> kLocalDrivers{"json-file", "local", "none"};

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  for (std::string_view local : kLocalDrivers) {
    if (engine.info.logging_driver == local) {
      return daemon::Verdict("LoggingDriver=" + engine.info.logging_driver +
                             " (no remote log driver)");
    }
  }
  return std::nullopt;
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  const auto* driver = config.last("log-driver");
  if (driver == nullptr) {
    return {{daemon::unset(config, "log-driver", "json-file (local)"), true}};
  }
  for (std::string_view local : {"json-file", "local", "none"}) {
    if (driver->values.size() == 1 && driver->values[0] == local) return {{describe(*driver)}};
  }
  return {};
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_remote_logging

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
                "With a local log driver (json-file, the default, local or none), container "
                "logs stay on the host: lost with it, and editable by whoever takes it over. "
                "Judged from the running engine (LoggingDriver) when it was read, and from the "
                "daemon configuration files and dockerd's command line (daemon.json, systemd "
                "unit, /etc/default/docker, /proc cmdline) (\"log-driver\") when the host was "
                "read; one finding carries the evidence of both.",
            .remediation =
                "Set \"log-driver\" to a remote driver (syslog, journald forwarded, fluentd, "
                "gelf, splunk, awslogs ...) with its \"log-opts\".",
            .aliases = "HDK-D-007,no-remote-logging",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-driver","values":["json-file"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"LoggingDriver":"syslog"},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-driver","values":["syslog"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_remote_logging::run,
};

}  // namespace hardock::audit::checks
