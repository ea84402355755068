// CIS 5.17: sharing the host's IPC namespace exposes host shared memory,
// semaphores and message queues to the container.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace host_ipc_namespace {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.ipc_mode == "host") {
      findings.push_back(
          core::make_finding(self.info, container_target(container), "HostConfig.IpcMode=host"));
    } else if (auto other = rules::joined_container(context.index(), container.ipc_mode)) {
      // Another container's IPC objects only, not the host's: lower severity.
      auto finding = core::make_finding(self.info, container_target(container),
                                        "HostConfig.IpcMode=" + container.ipc_mode +
                                            " (shares the IPC namespace of " + *other + ")");
      finding.severity = core::Severity::kLow;
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

}  // namespace host_ipc_namespace

extern const Check kHostIpcNamespace;  // listed in checks/list.h
const Check kHostIpcNamespace{
    .info =
        {
            .code = "HDK-C-012",
            .slug = "host-ipc-namespace",
            .title = "Container shares the host's IPC namespace",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.17",
            .cobit = "DSS05.03",
            .description =
                "With --ipc host the container can read and corrupt the host's System V and POSIX "
                "shared memory. Fails (high) on IpcMode \"host\" exactly; IpcMode "
                "\"container:<id>\" is reported at low severity, naming the other container. "
                "\"private\" and \"shareable\" pass. Checked for all containers, stopped ones "
                "included.",
            .remediation = "Recreate without --ipc host; use the default --ipc private.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/i","HostConfig":{"IpcMode":"host"}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/i","HostConfig":{"IpcMode":"private"}}}]})",
    .run = host_ipc_namespace::run,
};

}  // namespace hardock::audit::checks
