// A waiver of a check that can report critical findings, without allow_critical: accepting a
// critical risk is a decision to be made explicitly (hardock accept --allow-critical,
// `allow_critical: true` in a policy file). The matcher never accepts a critical finding under
// such a waiver; this check makes the refused waiver visible.
#include "hardock/audit/check.h"
#include "hardock/audit/checks/policy/util.h"

namespace hardock::audit::checks {
namespace waiver_critical {

std::vector<core::Finding> run(const Check& self, const AuditContext& context) {
  std::vector<core::Finding> findings;
  for (const Waiver& waiver : context.config.waivers) {
    if (waiver.allow_critical || !waives_critical(waiver)) continue;
    core::Finding finding = core::make_finding(
        self.info, policy_rules::waiver_target(waiver),
        "waiver of " + waiver.check + " on " + waiver.target +
            (waiver.vulnerability.empty() ? "" : " (" + waiver.vulnerability + ")") + " (owner " +
            waiver.owner + "; " + waiver.source + ") does not allow critical findings, and " +
            waiver.check + " can report them: its critical findings are not accepted");
    finding.key = policy_rules::waiver_key(waiver);
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace waiver_critical

extern const Check kWaiverCriticalNotAllowed;  // listed in checks/list.h
const Check kWaiverCriticalNotAllowed{
    .info =
        {
            .code = "HDK-G-002",
            .slug = "waiver-critical-not-allowed",
            .title = "A waiver covers critical findings without allowing them",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kEngine,
            .cis = "",
            .cobit = "APO12.06",
            .description =
                "Critical findings are accepted only on purpose: a waiver of a check that can "
                "report them (its severity is critical) needs allow_critical. hardock accept "
                "refuses one without --allow-critical; a policy file's is reported here, and "
                "the critical findings it names still count.",
            .remediation = "Fix the critical findings, or add `allow_critical: true` to the "
                           "waiver in the policy file if accepting them is the decision.",
        },
    .needs = Input::kPolicy,
    .bad = R"({"waivers":[{"check":"HDK-C-004","target":"web","reason":"vendor appliance",
              "owner":"ops","until":"2026-12-31"}]})",
    .good = R"({"waivers":[{"check":"HDK-C-004","target":"web","reason":"vendor appliance",
               "owner":"ops","until":"2026-12-31","allow_critical":true}]})",
    .run = waiver_critical::run,
};

}  // namespace hardock::audit::checks
