// CIS 5.8: a host port below 1024 needs root (or CAP_NET_BIND_SERVICE) on the
// host; mapping one hands a container a port the host reserves for its own
// services.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/network/ports.h"

namespace hardock::audit::checks {
namespace privileged_host_port {

constexpr int kFirstUnprivilegedPort = 1024;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    auto published = network::published_ports(container);
    std::vector<std::string> privileged;
    for (const auto& mapping : *published.mappings) {
      for (const auto& binding : mapping.bindings) {
        auto port = network::host_port_number(binding.host_port);
        if (port && *port < kFirstUnprivilegedPort) {
          privileged.push_back(mapping.container_port + " -> " + network::binding_text(binding));
        }
      }
    }
    if (!privileged.empty()) {
      findings.push_back(
          core::make_finding(self.info, container_target(container),
                             std::string(published.field) + ": " + network::join(privileged)));
    }
  }
  return findings;
}

}  // namespace privileged_host_port

extern const Check kPrivilegedHostPort;  // listed in checks/list.h
const Check kPrivilegedHostPort{
    .info =
        {
            .code = "HDK-N-001",
            .slug = "privileged-host-port",
            .title = "Container maps a privileged host port (< 1024)",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.8",
            .cobit = "DSS05.02",
            .description = "Ports below 1024 are reserved for host services (ssh, dns, http); a "
                           "container publishing one can shadow or impersonate them.",
            .remediation = "Publish on a host port >= 1024 (-p 8080:80) and put a reverse proxy "
                           "in front if the service must answer on 80/443.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/web","State":{"Running":true},
      "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"80"}]}}}}]})",
    .good = R"({"containers":[{"inspect":{"Name":"/web","State":{"Running":true},
      "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}],
                                  "443/tcp":[{"HostIp":"0.0.0.0","HostPort":""}]}}}}]})",
    .run = privileged_host_port::run,
};

}  // namespace hardock::audit::checks
