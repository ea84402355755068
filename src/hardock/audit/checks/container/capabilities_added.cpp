// CIS 5.4: Linux kernel capabilities are restricted within containers. One finding per
// container carries both halves of the item: capabilities beyond Docker's default set (high),
// and the default set kept whole, i.e. nobody decided what the workload needs (low).
#include "hardock/audit/check.h"
#include "hardock/audit/checks/container/util.h"
#include "hardock/docker/capabilities.h"

namespace hardock::audit::checks {
namespace capabilities_added {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.privileged) continue;  // every capability; HDK-C-004 (5.5) reports it
    const auto effective = docker::effective_capabilities(container.cap_add, container.cap_drop);
    const auto extra = docker::capabilities_beyond_default(effective);
    const bool all_defaults = docker::keeps_all_default_capabilities(effective);
    if (extra.empty() && !all_defaults) continue;
    std::string evidence = "HostConfig.CapAdd=" + rules::bracket_list(container.cap_add) +
                           ", HostConfig.CapDrop=" + rules::bracket_list(container.cap_drop);
    if (!extra.empty()) evidence += "; beyond Docker's default set: " + rules::bracket_list(extra);
    if (all_defaults) {
      evidence += "; all " + std::to_string(docker::kDefaultCapabilities.size()) +
                  " default capabilities kept";
    }
    core::Finding finding = core::make_finding(self.info, container_target(container), evidence);
    // Keeping the defaults is a hardening gap, not an added privilege.
    if (extra.empty()) finding.severity = core::Severity::kLow;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace capabilities_added

extern const Check kCapabilitiesAdded;  // listed in checks/list.h
const Check kCapabilitiesAdded{
    .info =
        {
            .code = "HDK-C-003",
            .slug = "capabilities-added",
            .title = "Container capabilities are not restricted",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.4",
            .cobit = "DSS05.03",
            .description =
                "Extra capabilities (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...) hand parts of root's "
                "power on the host to the container (high); keeping all of Docker's defaults "
                "(NET_RAW for packet spoofing, MKNOD, SETUID, DAC_OVERRIDE) means nobody decided "
                "what the workload needs (low). The effective set is computed as the engine "
                "does: CapAdd ALL = every capability minus CapDrop; CapDrop ALL = CapAdd only; "
                "otherwise (default set - CapDrop) + CapAdd, names compared case-insensitively "
                "without the CAP_ prefix. One finding per container names both. Privileged "
                "containers are left to HDK-C-004 (5.5). Checked for all containers, stopped "
                "ones included.",
            .remediation = "Recreate with --cap-drop ALL and --cap-add only for the capabilities "
                           "the workload needs (e.g. --cap-add NET_BIND_SERVICE).",
            .aliases = "HDK-C-025,default-capabilities-kept",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/c",
              "HostConfig":{"CapAdd":["CAP_SYS_ADMIN","net_admin"]}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/c",
               "HostConfig":{"CapAdd":["NET_BIND_SERVICE"],"CapDrop":["ALL"]}}}]})",
    .run = capabilities_added::run,
};

}  // namespace hardock::audit::checks
