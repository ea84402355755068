// TLS 1.0 and 1.1 are deprecated (RFC 8996); a registry still negotiating them
// has an old TLS stack or a permissive configuration.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace registry_weak_tls {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->exposure.probed) return exposure_util::unprobed_registries(self, context);
  std::vector<std::string> evidence;
  for (const auto& probe : context.host->exposure.registries) {
    if (probe.tls && probe.tls_below_1_2) {
      evidence.push_back(probe.registry + " negotiated " + probe.tls_version);
    }
  }
  return exposure_util::host_findings(self, context, evidence);
}

}  // namespace registry_weak_tls

extern const Check kRegistryWeakTls;  // listed in checks/list.h
const Check kRegistryWeakTls{
    .info =
        {
            .code = "HDK-X-006",
            .slug = "registry-weak-tls",
            .title = "Registry negotiates TLS older than 1.2",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "TLS 1.0/1.1 have known weaknesses and are deprecated; a client "
                           "offering 1.2+ should never end up below it.",
            .remediation = "Set the registry's minimum TLS version to 1.2 (registry config "
                           "http.tls.minimumtls: tls1.2) or upgrade the proxy in front of it.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"old.reg:443","source":"explicit",
      "tls":true,"tls_version":"TLSv1","tls_below_1_2":true,"verified":true,
      "hostname_matches":true,"days_left":300}]}}})",
    .good =
        R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"new.reg:443","source":"explicit",
      "tls":true,"tls_version":"TLSv1.2","verified":true,"hostname_matches":true,
      "days_left":300}]}}})",
    .run = registry_weak_tls::run,
};

}  // namespace hardock::audit::checks
