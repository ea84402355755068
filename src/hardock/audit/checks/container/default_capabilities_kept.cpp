// CIS 5.3 (second half): the benchmark asks to drop every capability the
// workload does not need; keeping all of Docker's defaults (NET_RAW, MKNOD,
// SETUID, ...) means nobody made that decision.
#include "hardock/audit/checks/all.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.privileged) continue;  // HDK-C-004
    const auto effective = rules::effective_capabilities(container.cap_add, container.cap_drop);
    if (!rules::keeps_all_default_capabilities(effective)) continue;
    findings.push_back(core::make_finding(
        self.info, container_target(container),
        "HostConfig.CapDrop=" + rules::bracket_list(container.cap_drop) + "; all " +
            std::to_string(rules::kDefaultCapabilities.size()) + " default capabilities kept"));
  }
  return findings;
}

}  // namespace

const Check kDefaultCapabilitiesKept{
    .info =
        {
            .code = "HDK-C-025",
            .slug = "default-capabilities-kept",
            .title = "Container keeps all of Docker's default capabilities",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.3",
            .cobit = "DSS05.03",
            .description =
                "Docker's default set still includes NET_RAW (packet spoofing), MKNOD, SETUID and "
                "DAC_OVERRIDE, which most services never use. Fails when the effective set (see "
                "HDK-C-003) still holds all 14 default capabilities, i.e. CapDrop removed none of "
                "them. A separate, lower-severity check from HDK-C-003 because it is a hardening "
                "gap, not an added privilege. Privileged containers are HDK-C-004's. Checked for "
                "all containers, stopped ones included.",
            .remediation = "Run with --cap-drop ALL and add back only what is needed "
                           "(--cap-add NET_BIND_SERVICE, --cap-add CHOWN, ...).",
        },
    .bad =
        R"({"containers":[{"inspect":{"Name":"/k","HostConfig":{"CapDrop":["cap_sys_admin"]}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/k","HostConfig":{"CapDrop":["NET_RAW"]}}}]})",
    .run = run,
};

}  // namespace hardock::audit::checks
