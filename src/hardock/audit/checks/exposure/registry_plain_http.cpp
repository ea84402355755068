// A registry reached over plain HTTP serves images and takes credentials in
// the clear; whoever is on the path can swap the image or steal the login.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace registry_plain_http {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  if (!context.host->exposure.probed) return exposure_util::unprobed_registries(self, context);
  std::vector<core::Finding> findings;
  for (const auto& probe : context.host->exposure.registries) {
    if (probe.plain_http) {
      findings.push_back(core::make_finding(
          self.info, host_target(*context.host),
          probe.registry + " (" + probe.source + ") answers GET /v2/ over plain HTTP, no TLS"));
    } else if (!probe.tls && !probe.error.empty()) {
      // The registry could not be looked at: say so rather than pass it.
      findings.push_back(core::make_unchecked(self.info, host_target(*context.host),
                                              core::FindingStatus::kError,
                                              probe.registry + ": " + probe.error));
    }
  }
  return findings;
}

}  // namespace registry_plain_http

extern const Check kRegistryPlainHttp;  // listed in checks/list.h
const Check kRegistryPlainHttp{
    .info =
        {
            .code = "HDK-X-004",
            .slug = "registry-plain-http",
            .title = "Registry in use speaks only plain HTTP",
            .severity = core::Severity::kHigh,
            .target_kind = core::TargetKind::kHost,
            .cis = "",
            .cobit = "DSS05.02",
            .description = "Images pulled and credentials sent over plain HTTP can be read and "
                           "replaced by anyone on the network path.",
            .remediation = "Serve the registry over TLS (registry config http.tls.certificate/key) "
                           "and put its CA in /etc/docker/certs.d/<host:port>/ca.crt.",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"reg.local:5000",
      "source":"/root/.docker/config.json","reachable":true,"plain_http":true}]}}})",
    .good = R"({"host":{"exposure":{"probed":true,"registries":[{"registry":"reg.local:5000",
      "source":"/root/.docker/config.json","reachable":true,"tls":true,
      "tls_version":"TLSv1.3","verified":true,"hostname_matches":true,"days_left":300}]}}})",
    .run = registry_plain_http::run,
};

}  // namespace hardock::audit::checks
