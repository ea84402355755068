// CIS 2.5: an insecure registry is pulled from over plain HTTP or unverified
// TLS, so anyone on the path can substitute images.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/daemon/daemon_info.h"
#include "hardock/audit/checks/network/ports.h"

namespace hardock::audit::checks {
namespace {

// Docker always lists loopback as insecure; it never leaves the host.
bool is_loopback(const std::string& cidr) { return cidr == "127.0.0.0/8" || cidr == "::1/128"; }

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  return daemon::judge_info(
      self, context, [](const docker::EngineInfo& info) -> std::optional<daemon::Verdict> {
        std::vector<std::string> cidrs;
        for (const auto& cidr : info.insecure_registry_cidrs) {
          if (!is_loopback(cidr)) cidrs.push_back(cidr);
        }
        std::vector<std::string> parts;
        if (!cidrs.empty()) {
          parts.push_back("RegistryConfig.InsecureRegistryCIDRs: " + network::join(cidrs));
        }
        if (!info.insecure_registries.empty()) {
          parts.push_back("RegistryConfig.IndexConfigs with Secure=false: " +
                          network::join(info.insecure_registries));
        }
        if (parts.empty()) return std::nullopt;
        return network::join(parts);
      });
}

}  // namespace

extern const Check kInsecureRegistry;  // listed in checks/list.h
const Check kInsecureRegistry{
    .info =
        {
            .code = "HDK-D-003",
            .slug = "insecure-registry",
            .title = "Daemon trusts insecure registries",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kDaemon,
            .cis = "2.5",
            .cobit = "DSS05.02",
            .description = "Images from an insecure registry travel without verified TLS; a "
                           "man in the middle can serve a malicious image under a trusted name.",
            .remediation = "Remove the entries from \"insecure-registries\" in daemon.json; give "
                           "the registry a certificate and trust its CA in "
                           "/etc/docker/certs.d/<host:port>/ca.crt.",
        },
    .needs = Input::kEngine,
    .bad = R"({"info":{"RegistryConfig":{"InsecureRegistryCIDRs":["127.0.0.0/8","10.0.0.0/8"],
      "IndexConfigs":{"docker.io":{"Secure":true},"reg.local:5000":{"Secure":false}}}}})",
    .good = R"({"info":{"RegistryConfig":{"InsecureRegistryCIDRs":["127.0.0.0/8","::1/128"],
      "IndexConfigs":{"docker.io":{"Secure":true}}}}})",
    .run = run,
};

}  // namespace hardock::audit::checks
