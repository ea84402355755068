// CIS 5.9: only the ports the image declares it serves should be published.
// The container's own Config.ExposedPorts is no reference: Docker adds every
// --expose and every -p container port to it. The image's ExposedPorts is.
#include <algorithm>

#include "hardock/audit/check.h"
#include "hardock/audit/checks/network/ports.h"
#include "hardock/docker/snapshot_index.h"

namespace hardock::audit::checks {
namespace unexposed_port_published {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const auto& container : context.engine.containers) {
    auto published = network::published_ports(container);
    const docker::Image* image = context.index().find_image(container.image_id);
    const std::vector<std::string>& declared =
        image != nullptr ? image->exposed_ports : container.exposed_ports;
    std::vector<std::string> extra;
    for (const auto& mapping : *published.mappings) {
      if (mapping.bindings.empty()) continue;
      if (std::find(declared.begin(), declared.end(), mapping.container_port) == declared.end()) {
        extra.push_back(mapping.container_port);
      }
    }
    if (extra.empty()) continue;
    std::string evidence = std::string(published.field) + " publishes " + network::join(extra);
    if (image != nullptr) {
      evidence += ", not in the image's ExposedPorts [" + network::join(declared) + "]";
    } else {
      evidence += ", not in Config.ExposedPorts [" + network::join(declared) + "] (image " +
                  container.image_id +
                  " is not in the snapshot, so the container's config stood in; it also holds "
                  "--expose ports)";
    }
    findings.push_back(core::make_finding(self.info, container_target(container), evidence));
  }
  return findings;
}

}  // namespace unexposed_port_published

extern const Check kUnexposedPortPublished;  // listed in checks/list.h
const Check kUnexposedPortPublished{
    .info =
        {
            .code = "HDK-N-002",
            .slug = "unexposed-port-published",
            .title = "Container publishes a port its image does not expose",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kContainer,
            .cis = "5.9",
            .cobit = "DSS05.02",
            .description = "A published port the image never declared is usually a debug or "
                           "admin endpoint opened by hand; every extra port is attack surface.",
            .remediation = "Publish only the ports the service needs (-p for each, never -P on "
                           "images that EXPOSE more than they serve); drop the others.",
        },
    .needs = Input::kEngine,
    .bad = R"({"containers":[{"inspect":{"Name":"/web","Image":"sha256:aa","State":{"Running":true},
      "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"","HostPort":"8080"}],
                                  "22/tcp":[{"HostIp":"","HostPort":"2222"}]}}}}],
      "images":[{"Id":"sha256:aa","Config":{"ExposedPorts":{"80/tcp":{}}}}]})",
    .good =
        R"({"containers":[{"inspect":{"Name":"/web","Image":"sha256:aa","State":{"Running":true},
      "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"","HostPort":"8080"}],"22/tcp":null}}}}],
      "images":[{"Id":"sha256:aa","Config":{"ExposedPorts":{"80/tcp":{}}}}]})",
    .run = unexposed_port_published::run,
};

}  // namespace hardock::audit::checks
