// Only the last HEALTHCHECK of a stage takes effect; an earlier one suggests a check that does not
// run.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_multiple_healthcheck {

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  dockerfile_rules::repeated_in_stage(self, context, findings, dockerfile::Keyword::kHealthcheck);
}

}  // namespace dockerfile_multiple_healthcheck

extern const Check kDockerfileMultipleHealthcheck;  // listed in checks/list.h
const Check kDockerfileMultipleHealthcheck{
    .info =
        {
            .code = "HDK-B-017",
            .slug = "dockerfile-multiple-healthcheck",
            .title = "More than one HEALTHCHECK in a stage",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description = "Only the last HEALTHCHECK of a stage takes effect; an earlier one "
                           "suggests a check that does not run. Fails for every HEALTHCHECK after "
                           "the first of the same stage (any stage); "
                           "one per stage passes, and so does one in each of several stages.",
            .remediation = "Keep one HEALTHCHECK per stage.",
            .equivalents = "DL3012,DS-0023",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nHEALTHCHECK CMD [\"/bin/a\"]\nHEALTHCHECK CMD [\"/bin/b\"]\n",
    .good = "FROM debian:12\nHEALTHCHECK CMD [\"/bin/a\"]\n",
    .run = collect<dockerfile_multiple_healthcheck::run>,
    .append = dockerfile_multiple_healthcheck::run,
};

}  // namespace hardock::audit::checks
