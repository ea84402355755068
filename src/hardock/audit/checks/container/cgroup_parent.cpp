// CIS 5.25: a container placed under a custom cgroup parent escapes the
// engine's default resource accounting; the placement must be deliberate.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace cgroup_parent {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (!container.cgroup_parent.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container),
                                            "HostConfig.CgroupParent=" + container.cgroup_parent));
    }
  }
  return findings;
}

}  // namespace cgroup_parent

extern const Check kCgroupParent;  // listed in checks/list.h
const Check kCgroupParent{
    .info =
        {
            .code = "HDK-C-018",
            .slug = "custom-cgroup-parent",
            .title = "Container uses a custom cgroup parent",
            .severity = core::Severity::kInfo,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.25",
            .cobit = "BAI10.02",
            .description =
                "A custom --cgroup-parent moves the container out of the engine's "
                "default cgroup, where limits and accounting may differ. Reported (info) "
                "whenever HostConfig.CgroupParent is set, for confirmation against the "
                "baseline. Checked for all containers, stopped ones included.",
            .remediation = "Confirm the cgroup is intended and limited; otherwise recreate without "
                           "--cgroup-parent.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/g","HostConfig":{"CgroupParent":"/custom"}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/g","HostConfig":{"CgroupParent":""}}}]})",
    .run = cgroup_parent::run,
};

}  // namespace hardock::audit::checks
