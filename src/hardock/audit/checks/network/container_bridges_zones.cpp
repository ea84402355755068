// Segmentation: a container attached to networks of different sensitivity
// levels routes between the zones the networks were meant to separate. It is
// the one place a segmented design is breached, hence critical.
#include <algorithm>
#include <set>
#include <utility>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/network/ports.h"
#include "hardock/docker/network_zones.h"

namespace hardock::audit::checks {
namespace container_bridges_zones {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const docker::NetworkZones& zones = context.zones();
  const auto& containers = context.engine.containers;
  for (size_t container = 0; container < containers.size(); ++container) {
    std::set<int> levels;
    std::vector<std::pair<int, std::string>> attached;  // level, "net:level"
    for (size_t network : zones.networks_of(container)) {
      const docker::Network& net = context.engine.networks[network];
      if (!docker::NetworkZones::is_segment(net)) continue;
      const docker::NetworkLevel& level = zones.network_level(network);
      if (level.index < 0) continue;
      levels.insert(level.index);
      attached.emplace_back(level.index, net.name + ":" + zones.level_name(level.index) +
                                             (level.from_label ? "" : " (from members)"));
    }
    if (levels.size() < 2) continue;
    std::sort(attached.begin(), attached.end());  // lowest zone first, then by network name
    std::vector<std::string> pairs;
    for (auto& [level, text] : attached) pairs.push_back(std::move(text));
    findings.push_back(core::make_finding(self.info, container_target(containers[container]),
                                          "attached to networks of different " + zones.label_key() +
                                              " levels: " + network::join(pairs)));
  }
  return findings;
}

}  // namespace container_bridges_zones

extern const Check kContainerBridgesZones;  // listed in checks/list.h
const Check kContainerBridgesZones{
    .info =
        {
            .code = "HDK-N-009",
            .slug = "container-bridges-sensitivity-zones",
            .title = "Container bridges networks of different sensitivity levels",
            .severity = core::Severity::kCritical,
            .target_kind = core::TargetKind::kContainer,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "A container on two networks of different sensitivity joins the zones: "
                           "whoever controls it reaches the restricted zone from the public one.",
            .remediation = "Disconnect the container from all but the network of its own level "
                           "(docker network disconnect <net> <container>); let zones talk only "
                           "through a published, authenticated API.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[
      {"inspect":{"Id":"c1","Name":"/gateway","Config":{"Labels":{"hardock.sensitivity":"public"}},
        "NetworkSettings":{"Networks":{"front":{"NetworkID":"n1"},"back":{"NetworkID":"n2"}}}}}],
      "networks":[{"Name":"front","Id":"n1","Driver":"bridge",
                   "Labels":{"hardock.sensitivity":"public"}},
                  {"Name":"back","Id":"n2","Driver":"bridge","Internal":true,
                   "Labels":{"hardock.sensitivity":"restricted"}}]})",
    .good = R"({"containers":[
      {"inspect":{"Id":"c1","Name":"/gateway","Config":{"Labels":{"hardock.sensitivity":"public"}},
        "NetworkSettings":{"Networks":{"front":{"NetworkID":"n1"},"edge":{"NetworkID":"n2"}}}}}],
      "networks":[{"Name":"front","Id":"n1","Driver":"bridge",
                   "Labels":{"hardock.sensitivity":"public"}},
                  {"Name":"edge","Id":"n2","Driver":"bridge"}]})",
    .run = container_bridges_zones::run,
};

}  // namespace hardock::audit::checks
