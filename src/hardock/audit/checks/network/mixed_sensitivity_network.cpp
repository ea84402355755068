// Segmentation (the paper's network level): one network should hold one
// sensitivity level. A public-facing container on the same segment as a
// restricted one is one hop from it.
#include <set>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/network/ports.h"
#include "hardock/docker/network_zones.h"

namespace hardock::audit::checks {
namespace mixed_sensitivity_network {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const docker::NetworkZones& zones = context.zones();
  const auto& networks = context.engine.networks;
  for (size_t network = 0; network < networks.size(); ++network) {
    const docker::Network& net = networks[network];
    if (!docker::NetworkZones::is_segment(net)) continue;
    std::set<int> levels;
    std::vector<std::string> pairs;
    for (size_t member : zones.members(network)) {
      const docker::LabelLevel& level = zones.container_level(member);
      if (level.state != docker::LabelState::kKnown) continue;
      levels.insert(level.index);
      pairs.push_back(context.engine.containers[member].name + "=" + level.value);
    }
    if (levels.size() < 2) continue;
    std::string evidence = "members' " + zones.label_key() + ": " + network::join(pairs);
    auto unconfirmed = zones.unconfirmed_members(network);
    if (!unconfirmed.empty()) {
      evidence += "; Network.Containers also lists " + network::join(unconfirmed) +
                  " (not confirmed by their NetworkSettings.Networks, left out)";
    }
    findings.push_back(core::make_finding(self.info, network_target(net), evidence));
  }
  return findings;
}

}  // namespace mixed_sensitivity_network

extern const Check kMixedSensitivityNetwork;  // listed in checks/list.h
const Check kMixedSensitivityNetwork{
    .info =
        {
            .code = "HDK-N-008",
            .slug = "mixed-sensitivity-network",
            .title = "Network holds containers of different sensitivity levels",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kNetwork,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "Containers of different sensitivity on one network can reach each "
                           "other directly; a compromise of the least sensitive one exposes the "
                           "most sensitive.",
            .remediation = "Create one network per sensitivity level (docker network create "
                           "--label hardock.sensitivity=<level> ...) and move each container to "
                           "the network of its own level (docker network connect/disconnect).",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[
      {"inspect":{"Id":"c1","Name":"/web","Config":{"Labels":{"hardock.sensitivity":"public"}},
        "NetworkSettings":{"Networks":{"app":{"NetworkID":"n1"}}}}},
      {"inspect":{"Id":"c2","Name":"/db","Config":{"Labels":{"hardock.sensitivity":"restricted"}},
        "NetworkSettings":{"Networks":{"app":{"NetworkID":"n1"}}}}}],
      "networks":[{"Name":"app","Id":"n1","Driver":"bridge"}]})",
    .good = R"({"containers":[
      {"inspect":{"Id":"c1","Name":"/web","Config":{"Labels":{"hardock.sensitivity":"public"}},
        "NetworkSettings":{"Networks":{"front":{"NetworkID":"n1"}}}}},
      {"inspect":{"Id":"c2","Name":"/db","Config":{"Labels":{"hardock.sensitivity":"restricted"}},
        "NetworkSettings":{"Networks":{"back":{"NetworkID":"n2"}}}}}],
      "networks":[{"Name":"front","Id":"n1","Driver":"bridge"},
                  {"Name":"back","Id":"n2","Driver":"bridge","Internal":true}]})",
    .run = mixed_sensitivity_network::run,
};

}  // namespace hardock::audit::checks
