// CIS 2.18: experimental features are unstable and not covered by Docker's
// security support; production daemons should not enable them.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"

namespace hardock::audit::checks {
namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(self, context,
                            [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
                              if (!info.experimental_build) return std::nullopt;
                              return "ExperimentalBuild=true";
                            });
}

}  // namespace

extern const Check kExperimentalEnabled;  // listed in checks/list.h
const Check kExperimentalEnabled{
    .info =
        {
            .code = "HDK-D-010",
            .slug = "experimental-features-enabled",
            .title = "Daemon has experimental features enabled",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.18",
            .cobit = "BAI10.02",
            .description = "Experimental features change without notice and are not part of the "
                           "supported, security-reviewed surface of the engine.",
            .remediation = "Set \"experimental\": false in /etc/docker/daemon.json (drop "
                           "--experimental) and restart the daemon.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"ExperimentalBuild":true}})",
    .good = R"({"info":{"ExperimentalBuild":false}})",
    .run = run,
};

}  // namespace hardock::audit::checks
