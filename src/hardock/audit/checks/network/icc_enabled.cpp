// Inter-container communication on a bridge network lets every member reach
// every other member on every port. On the default bridge it is the daemon's
// --icc setting (CIS 2.2), reported here, once, from the network itself: /info
// does not show it, the default bridge's options do.
#include "hardock/audit/check.h"
#include "hardock/docker/network_zones.h"

namespace hardock::audit::checks {
namespace {

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
    const bool default_bridge = is_default_bridge(net);
    const size_t member_count = zones.members(zones.index().position(net)).size();
    // The default bridge's setting is daemon configuration and matters before
    // anything joins it; a user network with no member endangers nobody.
    if (!default_bridge && member_count == 0) continue;
    std::string evidence = icc == net.options.end()
                               ? "Options has no " + std::string(kIccOption) + " (defaults to true)"
                               : "Options." + std::string(kIccOption) + "=" + icc->second;
    evidence += "; " + std::to_string(member_count) + " container(s) attached";
    core::Finding finding = core::make_finding(self.info, network_target(net), evidence);
    if (default_bridge) {
      finding.remediation =
          "Set \"icc\": false in /etc/docker/daemon.json (or dockerd --icc=false) and restart the "
          "daemon; link containers that must talk through user-defined networks.";
    } else {
      finding.cis.clear();  // CIS 2.2 is about the daemon's default bridge only
    }
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace

extern const Check kIccEnabled;  // listed in checks/list.h
const Check kIccEnabled{
    .info =
        {
            .code = "HDK-N-006",
            .slug = "icc-enabled",
            .title = "Inter-container communication enabled on a bridge network",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kNetwork,
            .cis = "2.2",
            .cobit = "DSS05.02",
            .description = "With icc on, any compromised container on the bridge can reach every "
                           "port of every other container on it; nothing is segmented.",
            .remediation = "Default bridge: \"icc\": false in daemon.json. User-defined bridge: "
                           "recreate with -o com.docker.network.bridge.enable_icc=false, or split "
                           "it into one network per pair of services that must talk.",
        },
    .needs = Input::kEngine,
    .bad = R"({"networks":[{"Name":"bridge","Id":"n1","Driver":"bridge",
      "Options":{"com.docker.network.bridge.default_bridge":"true",
                 "com.docker.network.bridge.enable_icc":"true"}}]})",
    .good = R"({"networks":[{"Name":"bridge","Id":"n1","Driver":"bridge",
      "Options":{"com.docker.network.bridge.default_bridge":"true",
                 "com.docker.network.bridge.enable_icc":"false"}},
      {"Name":"empty","Id":"n2","Driver":"bridge"}]})",
    .run = run,
};

}  // namespace hardock::audit::checks
