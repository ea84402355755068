// Segmentation: a network above the lowest sensitivity level should not route
// to the outside world. --internal removes its gateway, so its containers can
// only reach each other.
#include "hardock/audit/check.h"
#include "hardock/docker/network_zones.h"

namespace hardock::audit::checks {
namespace sensitive_network_not_internal {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const docker::NetworkZones& zones = context.zones();
  for (const auto& net : context.engine.networks) {
    if (!docker::NetworkZones::is_segment(net) || net.internal) continue;
    const docker::NetworkLevel& level = zones.network_level(zones.index().position(net));
    if (level.index <= 0) continue;  // lowest level, or no level at all
    std::string evidence =
        (level.from_label ? "Labels." + context.config.sensitivity_label + "="
                          : "highest member " + context.config.sensitivity_label + "=") +
        zones.level_name(level.index) + ", Internal=false";
    findings.push_back(core::make_finding(self.info, network_target(net), evidence));
  }
  return findings;
}

}  // namespace sensitive_network_not_internal

extern const Check kSensitiveNetworkNotInternal;  // listed in checks/list.h
const Check kSensitiveNetworkNotInternal{
    .info =
        {
            .code = "HDK-N-010",
            .slug = "sensitive-network-not-internal",
            .title = "Network above the lowest sensitivity level is not internal",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kNetwork,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "A non-internal network has a gateway to the host and beyond; "
                           "containers of a sensitive zone on it can exfiltrate data or be "
                           "reached through published ports.",
            .remediation = "Recreate the network with docker network create --internal and "
                           "reach it only through a proxy container on a lower-level network.",
        },
    .needs = Input::kEngine,
    .bad = R"({"networks":[{"Name":"back","Id":"n2","Driver":"bridge","Internal":false,
      "Labels":{"hardock.sensitivity":"restricted"}}]})",
    .good = R"({"networks":[{"Name":"back","Id":"n2","Driver":"bridge","Internal":true,
      "Labels":{"hardock.sensitivity":"restricted"}},
      {"Name":"front","Id":"n1","Driver":"bridge","Labels":{"hardock.sensitivity":"public"}}]})",
    .run = sensitive_network_not_internal::run,
};

}  // namespace hardock::audit::checks
