// An expiring registry certificate stops every pull and push on the day it
// lapses; 30 days leaves time to renew.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace registry_cert_expiring {

constexpr long kWarnDays = 30;

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->exposure.probed) return exposure_util::unprobed_registries(self, context);
  std::vector<std::string> evidence;
  for (const auto& probe : context.host->exposure.registries) {
    if (!probe.tls || !probe.days_left || *probe.days_left >= kWarnDays) continue;
    evidence.push_back(probe.registry + ": certificate " +
                       (*probe.days_left < 0
                            ? "expired " + std::to_string(-*probe.days_left) + " days ago"
                            : "expires in " + std::to_string(*probe.days_left) + " days"));
  }
  return exposure_util::host_findings(self, context, evidence);
}

}  // namespace registry_cert_expiring

extern const Check kRegistryCertExpiring;  // listed in checks/list.h
const Check kRegistryCertExpiring{
    .info =
        {
            .code = "HDK-X-007",
            .slug = "registry-cert-expiring",
            .title = "Registry certificate expires within 30 days",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "DSS01.03",
            .description = "When the certificate lapses, pulls fail and deployments stop; the "
                           "usual emergency fix, marking the registry insecure, removes TLS "
                           "protection altogether.",
            .remediation = "Renew the registry's certificate (and automate renewal) before it "
                           "expires.",
        },
    .needs = Input::kHost,
    .bad =
        R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"reg.local:5000","source":"explicit",
      "tls":true,"tls_version":"TLSv1.3","verified":true,"hostname_matches":true,
      "days_left":12}]}}})",
    .good =
        R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"reg.local:5000","source":"explicit",
      "tls":true,"tls_version":"TLSv1.3","verified":true,"hostname_matches":true,
      "days_left":90}]}}})",
    .run = registry_cert_expiring::run,
};

}  // namespace hardock::audit::checks
