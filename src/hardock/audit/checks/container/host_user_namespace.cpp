// CIS 5.31: --userns host opts a container out of the engine's user-namespace
// remapping, so its root is the host's root again.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace host_user_namespace {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.userns_mode == "host") {
      findings.push_back(
          core::make_finding(self.info, container_target(container), "HostConfig.UsernsMode=host"));
    }
  }
  return findings;
}

}  // namespace host_user_namespace

extern const Check kHostUserNamespace;  // listed in checks/list.h
const Check kHostUserNamespace{
    .info =
        {
            .code = "HDK-C-022",
            .slug = "host-user-namespace",
            .title = "Container shares the host's user namespace",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.31",
            .cobit = "DSS05.03",
            .description = "On an engine with userns-remap, --userns host maps the container's "
                           "root back to the host's root. Fails on UsernsMode \"host\" exactly. "
                           "(Whether the engine remaps at all is a daemon check.) Checked for all "
                           "containers, stopped ones included.",
            .remediation = "Recreate without --userns host.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/u","HostConfig":{"UsernsMode":"host"}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/u","HostConfig":{"UsernsMode":""}}}]})",
    .run = host_user_namespace::run,
};

}  // namespace hardock::audit::checks
