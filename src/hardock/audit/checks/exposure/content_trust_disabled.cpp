// CIS 4.5: without content trust the client pulls whatever the registry
// returns for a tag, signed or not.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/exposure/util.h"

namespace hardock::audit::checks {
namespace content_trust_disabled {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  const auto& trust = context.host->exposure.content_trust;
  if (!trust) {
    // A host tree has no environment to read: not looked at is not enabled.
    return {core::make_unchecked(self.info, host_target(*context.host), core::FindingStatus::kError,
                                 "DOCKER_CONTENT_TRUST not read (only the live host's "
                                 "environment shows it)")};
  }
  if (*trust == "1") return {};
  return exposure_util::host_findings(
      self, context,
      {trust->empty() ? std::string("DOCKER_CONTENT_TRUST is not set")
                      : "DOCKER_CONTENT_TRUST=" + *trust});
}

}  // namespace content_trust_disabled

extern const Check kContentTrustDisabled;  // listed in checks/list.h
const Check kContentTrustDisabled{
    .info =
        {
            .code = "HDK-X-009",
            .slug = "content-trust-disabled",
            .title = "Docker content trust is not enabled",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kHost,
            .cis = "4.5",
            .cobit = "DSS05.01",
            .description = "Unsigned or tampered images are pulled and run without complaint "
                           "when DOCKER_CONTENT_TRUST is not 1.",
            .remediation = "export DOCKER_CONTENT_TRUST=1 in the environment of users and CI "
                           "jobs that pull images (e.g. /etc/environment), and sign your images.",
        },
    .needs = Input::kHost,
    .bad = R"({"host":{"exposure":{"content_trust":""}}})",
    .good = R"({"host":{"exposure":{"content_trust":"1"}}})",
    .run = content_trust_disabled::run,
};

}  // namespace hardock::audit::checks
