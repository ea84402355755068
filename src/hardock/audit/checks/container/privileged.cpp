// CIS 5.5: a privileged container has every capability and every device: it is
// root on the host in all but name.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace privileged {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.privileged) {
      findings.push_back(
          core::make_finding(self.info, container_target(container), "HostConfig.Privileged=true"));
    }
  }
  return findings;
}

}  // namespace privileged

extern const Check kPrivilegedContainer;  // listed in checks/list.h
const Check kPrivilegedContainer{
    .info =
        {
            .code = "HDK-C-004",
            .slug = "privileged-container",
            .title = "Container runs privileged",
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.5",
            .cobit = "DSS05.03",
            .description = "A privileged container gets all capabilities, all host devices and no "
                           "LSM or seccomp confinement; escaping to the host is trivial.",
            .remediation = "Recreate without --privileged; add only the capabilities the workload "
                           "needs with --cap-add.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/p","HostConfig":{"Privileged":true}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/p","HostConfig":{"Privileged":false}}}]})",
    .run = privileged::run,
};

}  // namespace hardock::audit::checks
