// CIS 2.18: Experimental features are enabled, judged from the effective daemon configuration
// (host::DaemonConfig).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/host/daemon_judge.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return host_daemon::judge_config(
      self, context, [](const host::DaemonConfig& config) -> std::vector<host_daemon::Verdict> {
        if (config.boolean("experimental") != true) return {};
        return {{describe(*config.last("experimental"))}};
      });
}

}  // namespace

extern const Check kDaemonConfigExperimental;  // listed in checks/list.h
const Check kDaemonConfigExperimental{
    .info =
        {
            .code = "HDK-H-018",
            .slug = "daemon-config-experimental",
            .title = "Experimental features are enabled",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.18",
            .cobit = "BAI10.02",
            .description = "Experimental features are not supported for production and may change "
                           "or carry unreviewed code paths. Judged from the daemon configuration "
                           "files and dockerd's command line (daemon.json, systemd unit, "
                           "/etc/default/docker, /proc cmdline), not from the engine.",
            .remediation = "Remove \"experimental\": true (or --experimental).",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"experimental","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"experimental","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
