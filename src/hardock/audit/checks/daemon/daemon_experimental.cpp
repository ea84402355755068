// CIS 2.18: Experimental features are enabled.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_experimental {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  if (!engine.info.experimental_build) return std::nullopt;
  return daemon::Verdict("ExperimentalBuild=true");
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  if (config.boolean("experimental") != true) return {};
  return {{describe(*config.last("experimental"))}};
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_experimental

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
            .description =
                "Experimental features are not supported for production and may change or carry "
                "unreviewed code paths. Judged from the running engine (ExperimentalBuild) when "
                "it was read, and from the daemon configuration files and dockerd's command "
                "line (daemon.json, systemd unit, /etc/default/docker, /proc cmdline) "
                "(\"experimental\" and --experimental) when the host was read; one finding "
                "carries the evidence of both.",
            .remediation = "Remove \"experimental\": true (or --experimental) and restart dockerd.",
            .aliases = "HDK-D-010,experimental-features-enabled",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"experimental","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"ExperimentalBuild":false},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"experimental","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_experimental::run,
};

}  // namespace hardock::audit::checks
