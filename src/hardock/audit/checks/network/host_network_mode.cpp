// CIS 5.10: with --network host the container shares the host's network stack:
// it can bind any host address, see every interface and reach services bound
// to localhost.
#include "hardock/audit/check.h"

namespace hardock::audit::checks {
namespace host_network_mode {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    if (container.network_mode == "host") {
      findings.push_back(core::make_finding(self.info, container_target(container),
                                            "HostConfig.NetworkMode=host"));
    }
  }
  return findings;
}

}  // namespace host_network_mode

extern const Check kHostNetworkMode;  // listed in checks/list.h
const Check kHostNetworkMode{
    .info =
        {
            .code = "HDK-N-003",
            .slug = "host-network-mode",
            .title = "Container shares the host's network namespace",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.10",
            .cobit = "DSS05.02",
            .description = "A container on the host network is not isolated at the network level: "
                           "it sees all host interfaces and reaches services bound to localhost.",
            .remediation = "Recreate without --network host; attach it to a user-defined bridge "
                           "network and publish only the ports it serves.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/agent","HostConfig":{"NetworkMode":"host"}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/agent","HostConfig":{"NetworkMode":"app"}}}]})",
    .run = host_network_mode::run,
};

}  // namespace hardock::audit::checks
