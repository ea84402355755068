// CIS 2.15: without live restore, stopping or upgrading the daemon stops every
// container. The benchmark does not apply it to swarm mode, where the
// orchestrator reschedules tasks instead: reported as skipped there.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(
      self, context, [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
        if (info.live_restore_enabled) return std::nullopt;
        if (info.swarm_state == "active") {
          daemon::Verdict verdict(
              "LiveRestoreEnabled=false, but Swarm.LocalNodeState=active: CIS 2.15 does not "
              "apply to swarm mode");
          verdict.status = core::FindingStatus::kSkipped;
          return verdict;
        }
        return "LiveRestoreEnabled=false";
      });
}

}  // namespace

extern const Check kLiveRestoreDisabled;  // listed in checks/list.h
const Check kLiveRestoreDisabled{
    .info =
        {
            .code = "HDK-D-008",
            .slug = "live-restore-disabled",
            .title = "Live restore is disabled",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.15",
            .cobit = "BAI10.02",
            .description = "Every daemon restart (upgrade, crash, config reload that needs a "
                           "restart) stops all containers, which discourages timely patching.",
            .remediation = "Set \"live-restore\": true in /etc/docker/daemon.json and reload the "
                           "daemon (systemctl reload docker).",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"LiveRestoreEnabled":false,"Swarm":{"LocalNodeState":"inactive"}}})",
    .good = R"({"info":{"LiveRestoreEnabled":true}})",
    .run = run,
};

}  // namespace hardock::audit::checks
