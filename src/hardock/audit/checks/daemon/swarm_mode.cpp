// CIS 5.1: swarm mode opens management (2377/tcp), gossip (7946) and overlay
// (4789/udp) ports and a raft store of secrets; a node that is not part of a
// cluster should not run it.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/judge.h"

namespace hardock::audit::checks {
namespace swarm_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_daemon(
      self, context,
      [](const docker::EngineSnapshot& engine) -> std::optional<daemon::Verdict> {
        const docker::EngineInfo& info = engine.info;
        // pending, error and locked are swarm mode too: joining, broken or sealed.
        if (info.swarm_state.empty() || info.swarm_state == "inactive") return std::nullopt;
        return daemon::Verdict("Swarm.LocalNodeState=" + info.swarm_state +
                               (info.swarm_control_available ? " (manager)" : ""));
      },
      nullptr);
}

}  // namespace swarm_mode

extern const Check kSwarmModeActive;  // listed in checks/list.h
const Check kSwarmModeActive{
    .info =
        {
            .code = "HDK-D-012",
            .slug = "swarm-mode-active",
            .title = "Swarm mode is enabled",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "5.1",
            .cobit = "BAI10.02",
            .description = "Swarm mode listens on cluster ports and holds cluster secrets; if the "
                           "node does not need orchestration it is surface for nothing.",
            .remediation = "If this node needs no swarm: docker swarm leave (--force on the last "
                           "manager). Otherwise confirm it is intended and see the swarm checks.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"Swarm":{"LocalNodeState":"active","ControlAvailable":true}}})",
    .good = R"({"info":{"Swarm":{"LocalNodeState":"inactive"}}})",
    .run = swarm_mode::run,
};

}  // namespace hardock::audit::checks
