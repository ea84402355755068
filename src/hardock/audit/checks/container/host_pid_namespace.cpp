// CIS 5.16: sharing the host's PID namespace lets a container see, signal and
// (with ptrace) inspect every process on the host.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace host_pid_namespace {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.pid_mode == "host") {
      findings.push_back(
          core::make_finding(self.info, container_target(container), "HostConfig.PidMode=host"));
    } else if (auto other = rules::joined_container(context.index(), container.pid_mode)) {
      // Another container's processes only, not the host's: lower severity.
      auto finding = core::make_finding(self.info, container_target(container),
                                        "HostConfig.PidMode=" + container.pid_mode +
                                            " (shares the PID namespace of " + *other + ")");
      finding.severity = core::Severity::kMedium;
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

}  // namespace host_pid_namespace

extern const Check kHostPidNamespace;  // listed in checks/list.h
const Check kHostPidNamespace{
    .info =
        {
            .code = "HDK-C-011",
            .slug = "host-pid-namespace",
            .title = "Container shares the host's PID namespace",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.16",
            .cobit = "DSS05.03",
            .description =
                "With --pid host the container sees every host process, can signal those of the "
                "same user and read their environment through /proc. Fails (high) on PidMode "
                "\"host\" exactly; PidMode \"container:<id>\" is reported at medium severity, "
                "naming the other container, since it exposes that container's processes. "
                "Checked for all containers, stopped ones included.",
            .remediation = "Recreate without --pid host (and without --pid container:<name> "
                           "unless a debugging sidecar really needs it).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/p","HostConfig":{"PidMode":"host"}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/p","HostConfig":{"PidMode":""}}}]})",
    .run = host_pid_namespace::run,
};

}  // namespace hardock::audit::checks
