// CIS 2.3: Daemon log level is not info, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        std::vector<host_daemon::Verdict> out;
        if (const auto* level = config.last("log-level");
            level != nullptr && (level->values.size() != 1 || level->values[0] != "info")) {
          out.push_back({describe(*level) + ": CIS 2.3 expects info"});
        }
        if (config.boolean("debug") == true) {
          out.push_back({describe(*config.last("debug")) + ": debug mode logs at debug level"});
        }
        return out;
      });
}

}  // namespace

extern const Check kDaemonConfigLogLevel;  // listed in checks/list.h
const Check kDaemonConfigLogLevel{
    .info =
        {
            .code = "HDK-H-003",
            .slug = "daemon-config-log-level",
            .title = "Daemon log level is not info",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.3",
            .cobit = "MEA01.03",
            .description =
                "Below info, events needed for an investigation are not logged; at debug, logs "
                "grow fast and may carry sensitive detail. Judged from the daemon configuration "
                "files and dockerd's command line (daemon.json, systemd unit, /etc/default/docker, "
                "/proc cmdline), not from the engine.",
            .remediation = "Set \"log-level\": \"info\" (or remove it: info is the default) and do "
                           "not run dockerd with -D/--debug in production.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-level","values":["debug"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-level","values":["info"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
