// An accepted risk whose waiver has run out: the findings it covered count again (the runner
// says so in their evidence), and the waiver itself is reported until it is renewed or removed,
// so that an expiry is seen rather than silently turning the report red.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/policy/util.h"

namespace hardock::audit::checks {
namespace waiver_expired {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  if (context.config.waivers.empty()) return findings;
  if (context.config.today.empty()) {
    findings.push_back(core::make_unchecked(self.info, policy_rules::policy_target(),
                                            core::FindingStatus::kError,
                                            "no date to judge the waivers' expiry on"));
    return findings;
  }
  for (const Waiver& waiver : context.config.waivers) {
    if (!expired(waiver, context.config.today)) continue;
    core::Finding finding = core::make_finding(
        self.info, policy_rules::waiver_target(waiver),
        "waiver of " + waiver.check + " on " + waiver.target +
            (waiver.vulnerability.empty() ? "" : " (" + waiver.vulnerability + ")") +
            " expired after " + waiver.until + " (owner " + waiver.owner +
            ", reason: " + waiver.reason + "; " + waiver.source + ")");
    finding.key = policy_rules::waiver_key(waiver);
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace waiver_expired

extern const Check kWaiverExpired;  // listed in checks/list.h
const Check kWaiverExpired{
    .info =
        {
            .code = "HDK-G-001",
            .slug = "waiver-expired",
            .title = "An accepted risk's waiver has expired",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kEngine,
            .cis = "",
            .cobit = "APO12.06",
            .description =
                "A waiver (hardock accept, .hardock.yaml waivers:, the audit config) accepts the "
                "findings of one check on one target through its last day. From the day after, "
                "those findings count again and the waiver itself is this finding, naming its "
                "owner and reason, until someone decides again: the risk is responded to, not "
                "forgotten.",
            .remediation = "Fix the findings the waiver covered, or renew it with a new date "
                           "and reason (hardock accept CODE --target T --until DATE ...), and "
                           "remove the old one (hardock accept --revoke ID, or edit "
                           ".hardock.yaml).",
        },
    .needs = Input::kPolicy,
    .bad = R"({"waivers":[{"check":"HDK-C-002","target":"web","reason":"legacy app",
              "owner":"ops","until":"2026-05-31"}]})",
    .good = R"({"waivers":[{"check":"HDK-C-002","target":"web","reason":"legacy app",
               "owner":"ops","until":"2026-06-01"}]})",
    .run = waiver_expired::run,
};

}  // namespace hardock::audit::checks
