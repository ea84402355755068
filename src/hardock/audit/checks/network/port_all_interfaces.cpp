// CIS 5.14: a port published without a host address listens on every
// interface, including public ones, and Docker's iptables rules bypass the
// host firewall's INPUT chain for it.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/network/ports.h"

namespace hardock::audit::checks {
namespace port_all_interfaces {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    auto published = network::published_ports(container);
    std::vector<std::string> open;
    for (const auto& mapping : *published.mappings) {
      for (const auto& binding : mapping.bindings) {
        if (network::binds_all_interfaces(binding)) {
          open.push_back(mapping.container_port + " -> " + network::binding_text(binding));
        }
      }
    }
    std::string evidence;
    if (!open.empty()) {
      evidence = std::string(published.field) + ": " + network::join(open);
    } else if (container.publish_all_ports && !network::has_bindings(*published.mappings)) {
      // -P on a stopped container: no bindings yet, but they will be on 0.0.0.0.
      evidence = "HostConfig.PublishAllPorts=true (every exposed port on every interface)";
    }
    if (!evidence.empty()) {
      findings.push_back(core::make_finding(self.info, container_target(container), evidence));
    }
  }
  return findings;
}

}  // namespace port_all_interfaces

extern const Check kPortOnAllInterfaces;  // listed in checks/list.h
const Check kPortOnAllInterfaces{
    .info =
        {
            .code = "HDK-N-004",
            .slug = "port-on-all-interfaces",
            .title = "Container port published on every host interface",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.14",
            .cobit = "DSS05.02",
            .description = "Without a host IP a published port listens on 0.0.0.0 and ::, so it "
                           "is reachable from every network the host is on.",
            .remediation =
                "Bind to the one address that must serve it: -p 127.0.0.1:8080:80 or "
                "-p 10.0.0.5:8080:80; set \"ip\": \"127.0.0.1\" in daemon.json to change "
                "the default.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/web","State":{"Running":true},
      "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},
                                            {"HostIp":"::","HostPort":"8080"}]}}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/web","State":{"Running":true},
      "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]}}}}]})",
    .run = port_all_interfaces::run,
};

}  // namespace hardock::audit::checks
