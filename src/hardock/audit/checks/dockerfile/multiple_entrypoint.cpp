// Only the last ENTRYPOINT of a stage takes effect; an earlier one misleads a reader (and a
// reviewer) about which program the container runs.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_multiple_entrypoint {

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  dockerfile_rules::repeated_in_stage(self, context, findings, dockerfile::Keyword::kEntrypoint);
}

}  // namespace dockerfile_multiple_entrypoint

extern const Check kDockerfileMultipleEntrypoint;  // listed in checks/list.h
const Check kDockerfileMultipleEntrypoint{
    .info =
        {
            .code = "HDK-B-016",
            .slug = "dockerfile-multiple-entrypoint",
            .title = "More than one ENTRYPOINT in a stage",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Only the last ENTRYPOINT of a stage takes effect; an earlier one misleads a "
                "reader (and a reviewer) about which program the container runs. Fails for every "
                "ENTRYPOINT after the first of the same stage (any stage); "
                "one per stage passes, and so does one in each of several stages.",
            .remediation = "Keep one ENTRYPOINT per stage.",
            .equivalents = "DL4004,DS-0007",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nENTRYPOINT [\"/bin/a\"]\nENTRYPOINT [\"/bin/b\"]\n",
    .good = "FROM debian:12\nENTRYPOINT [\"/bin/a\"]\nCMD [\"--help\"]\n",
    .run = collect<dockerfile_multiple_entrypoint::run>,
    .append = dockerfile_multiple_entrypoint::run,
};

}  // namespace hardock::audit::checks
