// CIS 2.15: Live restore is not enabled.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace daemon_live_restore {

std::optional<daemon::Verdict> engine_view(const docker::EngineSnapshot& engine) {
  if (engine.info.live_restore_enabled) return std::nullopt;
  if (engine.info.swarm_state == "active") {
    daemon::Verdict verdict(
        "LiveRestoreEnabled=false, but Swarm.LocalNodeState=active: CIS 2.15 does not apply to "
        "swarm mode");
    verdict.status = core::FindingStatus::kSkipped;
    return verdict;
  }
  return daemon::Verdict("LiveRestoreEnabled=false");
}

std::vector<daemon::Verdict> config_view(const host::DaemonConfig& config) {
  return daemon::require_bool(config, "live-restore", true, false);
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(self, context, engine_view, config_view);
}

}  // namespace daemon_live_restore

extern const Check kDaemonConfigLiveRestore;  // listed in checks/list.h
const Check kDaemonConfigLiveRestore{
    .info =
        {
            .code = "HDK-H-015",
            .slug = "daemon-config-live-restore",
            .title = "Live restore is not enabled",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.15",
            .cobit = "BAI10.02",
            .description =
                "Without live-restore, every daemon restart stops all containers, which "
                "discourages timely patching. The benchmark does not apply it to swarm mode, "
                "where the orchestrator reschedules tasks: reported as skipped there. Judged "
                "from the running engine (LiveRestoreEnabled, Swarm.LocalNodeState) when it was "
                "read, and from the daemon configuration files and dockerd's command line "
                "(daemon.json, systemd unit, /etc/default/docker, /proc cmdline) "
                "(\"live-restore\") when the host was read; one finding carries the evidence of "
                "both.",
            .remediation =
                "Set \"live-restore\": true in daemon.json (or --live-restore) and reload dockerd "
                "(systemctl reload docker).",
            .aliases = "HDK-D-008,live-restore-disabled",
        },
    .needs = Input::kEngineOrHost,
    .bad =
        R"({"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"live-restore","values":["false"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .good =
        R"({"info":{"LiveRestoreEnabled":true},"host":{"daemon":{"sources":["/etc/docker/daemon.json"],"settings":[{"key":"live-restore","values":["true"],"origin":"file","source":"/etc/docker/daemon.json:2"}]}}})",
    .run = daemon_live_restore::run,
};

}  // namespace hardock::audit::checks
