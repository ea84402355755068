// CIS 5.30: the default bridge (docker0) puts every container started without
// --network on one flat segment, with no DNS names and (unless the daemon says
// otherwise) free traffic between all of them.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace default_bridge {

constexpr std::string_view kDefaultBridge = "bridge";

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    std::string evidence;
    for (const auto& attached : container.networks) {
      if (attached.name == kDefaultBridge) {
        evidence = "NetworkSettings.Networks has \"bridge\" (HostConfig.NetworkMode=" +
                   (container.network_mode.empty() ? std::string("\"\"") : container.network_mode) +
                   ")";
      }
    }
    // A container whose network entries were not reported still lands on the
    // default bridge when its mode is default/bridge.
    if (evidence.empty() && container.networks.empty() &&
        (container.network_mode == "default" || container.network_mode == kDefaultBridge)) {
      evidence = "HostConfig.NetworkMode=" + container.network_mode +
                 " (no NetworkSettings.Networks reported; the mode means the default bridge)";
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container), evidence));
    }
  }
  return findings;
}

}  // namespace default_bridge

extern const Check kDefaultBridgeUsed;  // listed in checks/list.h
const Check kDefaultBridgeUsed{
    .info =
        {
            .code = "HDK-N-005",
            .slug = "default-bridge-used",
            .title = "Container is attached to the default bridge network",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.30",
            .cobit = "DSS05.02",
            .description = "Every container started without --network shares the default bridge; "
                           "it cannot be segmented by application or sensitivity.",
            .remediation = "Create a user-defined network per application (docker network create "
                           "app) and run the container with --network app.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/web","HostConfig":{"NetworkMode":"default"},
      "NetworkSettings":{"Networks":{"bridge":{"NetworkID":"n1"}}}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/web","HostConfig":{"NetworkMode":"app"},
      "NetworkSettings":{"Networks":{"app":{"NetworkID":"n2"}}}}}]})",
    .run = default_bridge::run,
};

}  // namespace hardock::audit::checks
