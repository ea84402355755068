// RUN --network=host gives the build step the build host's network namespace: it reaches
// services bound to the host's loopback (a metadata proxy, a local Docker API, databases) and
// can listen on the host's interfaces, none of which the default isolated build network allows.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_run_network_host {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  rules::run_flag_findings(
      self, context, findings, "network",
      [](const std::string& value) { return rules::equals(value, "host"); },
      "the step shares the build host's network: ");
}

}  // namespace dockerfile_run_network_host

extern const Check kDockerfileRunNetworkHost;  // listed in checks/list.h
const Check kDockerfileRunNetworkHost{
    .info =
        {
            .code = "HDK-B-024",
            .slug = "dockerfile-run-network-host",
            .title = "RUN --network=host shares the build host's network",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.02",
            .description =
                "Fails for every RUN (ONBUILD RUN included) with --network=host: the step sees "
                "the build host's interfaces and loopback services (cloud metadata proxies, "
                "local registries, a Docker API on 127.0.0.1) and needs the network.host "
                "entitlement. The default network, --network=default and --network=none pass.",
            .remediation = "Drop --network=host; fetch what the step needs over the default "
                           "build network, or with --network=none once inputs are in the "
                           "context.",
            .equivalents = "",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN --network=host make\n",
    .good = "FROM debian:12\nRUN --network=none make\n",
    .run = collect<dockerfile_run_network_host::run>,
    .append = dockerfile_run_network_host::run,
};

}  // namespace hardock::audit::checks
