// Inter-container communication on a user-defined bridge network lets every member reach
// every other member on every port. The default bridge's icc is the daemon's --icc setting
// (CIS 2.2), which HDK-H-002 judges from both the engine and the configuration.
#include "hardock/audit/check.h"
#include "hardock/docker/network_zones.h"

namespace hardock::audit::checks {
namespace icc_enabled {

constexpr std::string_view kIccOption = "com.docker.network.bridge.enable_icc";

bool is_default_bridge(const docker::Network& net) {
  auto flag = net.options.find("com.docker.network.bridge.default_bridge");
  return (flag != net.options.end() && flag->second == "true") || net.name == "bridge";
}

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  const docker::NetworkZones& zones = context.zones();
  for (const auto& net : context.engine.networks) {
    if (net.driver != "bridge") continue;
    auto icc = net.options.find(std::string(kIccOption));
    if (icc != net.options.end() && icc->second != "true") continue;
    if (is_default_bridge(net)) continue;  // HDK-H-002 (CIS 2.2)
    const size_t member_count = zones.members(zones.index().position(net)).size();
    // A user network with no member endangers nobody.
    if (member_count == 0) continue;
    std::string evidence = icc == net.options.end()
                               ? "Options has no " + std::string(kIccOption) + " (defaults to true)"
                               : "Options." + std::string(kIccOption) + "=" + icc->second;
    evidence += "; " + std::to_string(member_count) + " container(s) attached";
    findings.push_back(core::make_finding(self.info, network_target(net), evidence));
  }
  return findings;
}

}  // namespace icc_enabled

extern const Check kIccEnabled;  // listed in checks/list.h
const Check kIccEnabled{
    .info =
        {
            .code = "HDK-N-006",
            .slug = "icc-enabled",
            .title = "Inter-container communication enabled on a user-defined bridge network",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kNetwork,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "With icc on, any compromised container on the bridge can reach every "
                           "port of every other container on it; nothing is segmented.",
            .remediation = "Recreate the network with -o "
                           "com.docker.network.bridge.enable_icc=false, or split it into one "
                           "network per pair of services that must talk.",
        },
    .needs = Input::kEngine,
    .bad = R"({"networks":[{"Name":"backend","Id":"n2","Driver":"bridge",
      "Options":{"com.docker.network.bridge.enable_icc":"true"}}],
      "containers":[{"inspect":{"Name":"/a","Id":"a1",
        "NetworkSettings":{"Networks":{"backend":{"NetworkID":"n2"}}}}}]})",
    .good = R"({"networks":[{"Name":"bridge","Id":"n1","Driver":"bridge",
      "Options":{"com.docker.network.bridge.default_bridge":"true",
                 "com.docker.network.bridge.enable_icc":"true"}},
      {"Name":"backend","Id":"n2","Driver":"bridge",
       "Options":{"com.docker.network.bridge.enable_icc":"false"}},
      {"Name":"empty","Id":"n3","Driver":"bridge"}]})",
    .run = icc_enabled::run,
};

}  // namespace hardock::audit::checks
