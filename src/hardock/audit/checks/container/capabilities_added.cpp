// CIS 5.3: a container should hold no capability beyond Docker's default set.
// The check computes the effective set the way the engine does, so
// "--cap-drop ALL --cap-add NET_BIND_SERVICE" passes and "CAP_SYS_ADMIN" is
// recognised as SYS_ADMIN.
#include "hardock/audit/checks/all.h"
#include "hardock/audit/checks/container/util.h"

namespace hardock::audit::checks {
namespace {

namespace rules = container_rules;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.privileged) continue;  // every capability; HDK-C-004 reports it
    const auto effective = rules::effective_capabilities(container.cap_add, container.cap_drop);
    const auto extra = rules::capabilities_beyond_default(effective);
    if (extra.empty()) continue;
    std::string evidence = "HostConfig.CapAdd=" + rules::bracket_list(container.cap_add);
    if (!container.cap_drop.empty()) {
      evidence += ", HostConfig.CapDrop=" + rules::bracket_list(container.cap_drop);
    }
    evidence += "; beyond Docker's default set: " + rules::bracket_list(extra);
    findings.push_back(core::make_finding(self.info, container_target(container), evidence));
  }
  return findings;
}

}  // namespace

const Check kCapabilitiesAdded{
    .info =
        {
            .code = "HDK-C-003",
            .slug = "capabilities-added",
            .title = "Container has capabilities beyond Docker's default set",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.3",
            .cobit = "DSS05.03",
            .description =
                "Extra capabilities (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...) hand parts of root's "
                "power on the host to the container. The effective set is computed as the engine "
                "does: CapAdd ALL = every capability minus CapDrop; CapDrop ALL = CapAdd only; "
                "otherwise (default set - CapDrop) + CapAdd, names compared case-insensitively "
                "without the CAP_ prefix. Fails when it holds anything outside the default set, "
                "and lists exactly those. Keeping the whole default set is the separate, "
                "lower-severity HDK-C-025. Privileged containers are left to HDK-C-004. Checked "
                "for all containers, stopped ones included.",
            .remediation = "Recreate with --cap-drop ALL and --cap-add only for the capabilities "
                           "the workload needs (e.g. --cap-add NET_BIND_SERVICE).",
        },
    .bad = R"({"containers":[{"inspect":{"Name":"/c",
              "HostConfig":{"CapAdd":["CAP_SYS_ADMIN","net_admin"]}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/c",
               "HostConfig":{"CapAdd":["NET_BIND_SERVICE"],"CapDrop":["ALL"]}}}]})",
    .run = run,
};

}  // namespace hardock::audit::checks
