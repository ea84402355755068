// CIS 5.21: sharing the host's UTS namespace lets the container change the
// host's hostname and NIS domain name.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace host_uts_namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.uts_mode == "host") {
      findings.push_back(
          core::make_finding(self.info, container_target(container), "HostConfig.UTSMode=host"));
    }
  }
  return findings;
}

}  // namespace host_uts_namespace

extern const Check kHostUtsNamespace;  // listed in checks/list.h
const Check kHostUtsNamespace{
    .info =
        {
            .code = "HDK-C-015",
            .slug = "host-uts-namespace",
            .title = "Container shares the host's UTS namespace",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.21",
            .cobit = "DSS05.03",
            .description = "With --uts host a container (with SYS_ADMIN) can rename the host, and "
                           "always sees the host's identity. Fails on UTSMode \"host\" exactly. "
                           "Checked for all containers, stopped ones included.",
            .remediation = "Recreate without --uts host.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/u","HostConfig":{"UTSMode":"host"}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/u","HostConfig":{"UTSMode":""}}}]})",
    .run = host_uts_namespace::run,
};

}  // namespace hardock::audit::checks
