// CIS 5.29: without a PIDs limit a fork bomb in one container exhausts the
// host's process table.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace pids_limit {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    const auto& limit = container.pids_limit;
    if (limit && *limit > 0) continue;
    findings.push_back(core::make_finding(
        self.info, container_target(container),
        "HostConfig.PidsLimit=" + (limit ? std::to_string(*limit) : std::string("null")) +
            " (unlimited)"));
  }
  return findings;
}

}  // namespace pids_limit

extern const Check kPidsLimit;  // listed in checks/list.h
const Check kPidsLimit{
    .info =
        {
            .code = "HDK-C-021",
            .slug = "pids-unlimited",
            .title = "Container has no PIDs limit",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.29",
            .cobit = "DSS01.04",
            .description = "A fork bomb or runaway worker pool inside one container can use up "
                           "every PID on the host. Fails when HostConfig.PidsLimit is null, 0 or "
                           "-1 (all mean unlimited). Checked for all containers, stopped ones "
                           "included.",
            .remediation = "Set --pids-limit 200 (docker update --pids-limit 200 <container>).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/p","HostConfig":{"PidsLimit":-1}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/p","HostConfig":{"PidsLimit":200}}}]})",
    .run = pids_limit::run,
};

}  // namespace hardock::audit::checks
