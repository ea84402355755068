// TLS that does not verify protects nothing against the man in the middle it
// exists for: the certificate must chain to a trusted CA and name the host.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace registry_tls_unverified {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->exposure.probed) return exposure_util::unprobed_registries(self, context);
  std::vector<std::string> evidence;
  for (const auto& probe : context.host->exposure.registries) {
    if (!probe.tls) continue;
    std::string trust = probe.ca_file.empty() ? "system CAs" : "system CAs + " + probe.ca_file;
    if (!probe.verified) {
      evidence.push_back(probe.registry + ": certificate does not verify against " + trust + ": " +
                         probe.verify_error);
    }
    if (!probe.hostname_matches) {
      evidence.push_back(probe.registry + ": certificate does not name the host");
    }
  }
  return exposure_util::host_findings(self, context, evidence);
}

}  // namespace registry_tls_unverified

extern const Check kRegistryTlsUnverified;  // listed in checks/list.h
const Check kRegistryTlsUnverified{
    .info =
        {
            .code = "HDK-X-005",
            .slug = "registry-tls-unverified",
            .title = "Registry certificate does not verify",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "docker refuses such a registry unless it is listed as insecure, and "
                           "then accepts any certificate, so an attacker can impersonate it.",
            .remediation = "Give the registry a certificate for its host name from a CA and put "
                           "that CA in /etc/docker/certs.d/<host:port>/ca.crt; do not list it in "
                           "\"insecure-registries\".",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"127.0.0.1:5443","source":"explicit",
      "tls":true,"tls_version":"TLSv1.3","verified":false,
      "verify_error":"self-signed certificate","hostname_matches":true,"days_left":300}]}}})",
    .good =
        R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"127.0.0.1:5443","source":"explicit",
      "tls":true,"tls_version":"TLSv1.3","verified":true,"hostname_matches":true,
      "ca_file":"/etc/docker/certs.d/127.0.0.1:5443/ca.crt","days_left":300}]}}})",
    .run = registry_tls_unverified::run,
};

}  // namespace hardock::audit::checks
