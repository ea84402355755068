// Overlay traffic between swarm nodes is VXLAN in clear unless the network was
// created with --opt encrypted (IPsec). The ingress network is included: the
// routing mesh carries published-port traffic between nodes and can be
// recreated encrypted (docker network create --ingress -d overlay --opt
// encrypted ingress).
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace unencrypted_overlay {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& net : context.engine.networks) {
    if (net.driver != "overlay") continue;
    // Docker tests for the key only; --opt encrypted stores it with value "".
    if (net.options.contains("encrypted")) continue;
    std::string evidence = "Driver=overlay, Options has no \"encrypted\"";
    if (net.ingress) evidence += " (Ingress=true: the routing mesh)";
    findings.push_back(core::make_finding(self.info, network_target(net), evidence));
  }
  return findings;
}

}  // namespace unencrypted_overlay

extern const Check kUnencryptedOverlay;  // listed in checks/list.h
const Check kUnencryptedOverlay{
    .info =
        {
            .code = "HDK-N-007",
            .slug = "unencrypted-overlay",
            .title = "Overlay network traffic is not encrypted",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kNetwork,
            .cis = "7.3",
            .cobit = "DSS05.02",
            .description = "Container traffic between swarm nodes on an unencrypted overlay "
                           "crosses the wire in clear and can be read or injected on the path.",
            .remediation = "Recreate the network with docker network create -d overlay --opt "
                           "encrypted <name> (for ingress add --ingress) and reattach services.",
        },
    .needs = Input::kEngine,
    .bad = R"({"networks":[{"Name":"backend","Id":"o1","Driver":"overlay","Options":{}}]})",
    .good = R"({"networks":[{"Name":"backend","Id":"o1","Driver":"overlay",
      "Options":{"encrypted":""}}]})",
    .run = unencrypted_overlay::run,
};

}  // namespace hardock::audit::checks
