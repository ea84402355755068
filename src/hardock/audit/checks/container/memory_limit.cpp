// CIS 5.11: without a memory limit one container can exhaust the host's memory
// and trigger the OOM killer against its neighbours.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace memory_limit {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.memory == 0) {
      findings.push_back(core::make_finding(self.info, container_target(container),
                                            "HostConfig.Memory=0 (unlimited)"));
    }
  }
  return findings;
}

}  // namespace memory_limit

extern const Check kMemoryLimit;  // listed in checks/list.h
const Check kMemoryLimit{
    .info =
        {
            .code = "HDK-C-007",
            .slug = "memory-unlimited",
            .title = "Container has no memory limit",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.11",
            .cobit = "DSS01.04",
            .description = "A container without a memory limit can starve the host and every "
                           "other container (denial of service). Fails when HostConfig.Memory is "
                           "0. Checked for all containers, stopped ones included.",
            .remediation = "Set a limit: docker run --memory 512m (or docker update --memory "
                           "512m --memory-swap 512m <container>).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/m","HostConfig":{"Memory":0}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/m","HostConfig":{"Memory":536870912}}}]})",
    .run = memory_limit::run,
};

}  // namespace hardock::audit::checks
