// CIS 2.3: Daemon log level is not info.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_log_level {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  if (!engine.info.debug) return std::nullopt;
  return daemon::Verdict("Debug=true (log level debug)");
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  std::vector<daemon::Verdict> out;
  if (const auto* level = config.last("log-level");
      level != nullptr && (level->values.size() != 1 || level->values[0] != "info")) {
    out.push_back({describe(*level) + ": CIS 2.3 expects info"});
  }
  if (config.boolean("debug") == true) {
    out.push_back({describe(*config.last("debug")) + ": debug mode logs at debug level"});
  }
  return out;
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_log_level

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
                "grow fast and may carry sensitive detail. Judged from the running engine "
                "(Debug) when it was read, and from the daemon configuration files and "
                "dockerd's command line (daemon.json, systemd unit, /etc/default/docker, /proc "
                "cmdline) (\"log-level\", \"debug\", -l and -D) when the host was read; one "
                "finding "
                "carries the evidence of both.",
            .remediation =
                "Set \"log-level\": \"info\" (or remove it: info is the default) and do not run "
                "dockerd with -D/--debug in production.",
            .aliases = "HDK-D-002,daemon-debug-mode",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-level","values":["debug"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"Debug":false},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"log-level","values":["info"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_log_level::run,
};

}  // namespace hardock::audit::checks
