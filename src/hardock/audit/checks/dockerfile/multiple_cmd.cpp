// Only the last CMD of a stage takes effect; an earlier one is dead text that misleads a reader
// about what the container runs.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_multiple_cmd {

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  dockerfile_rules::repeated_in_stage(self, context, findings, dockerfile::Keyword::kCmd);
}

}  // namespace dockerfile_multiple_cmd

extern const Check kDockerfileMultipleCmd;  // listed in checks/list.h
const Check kDockerfileMultipleCmd{
    .info =
        {
            .code = "HDK-B-015",
            .slug = "dockerfile-multiple-cmd",
            .title = "More than one CMD in a stage",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description = "Only the last CMD of a stage takes effect; an earlier one is dead text "
                           "that misleads a reader about what the container runs. Fails for every "
                           "CMD after the first of the same stage (any stage); "
                           "one per stage passes, and so does one in each of several stages.",
            .remediation = "Keep one CMD per stage, the last one.",
            .equivalents = "DL4003,DS-0016",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nCMD [\"/bin/a\"]\nCMD [\"/bin/b\"]\n",
    .good = "FROM debian:12 AS build\nCMD [\"/bin/a\"]\nFROM debian:12\nCMD [\"/bin/b\"]\n",
    .run = collect<dockerfile_multiple_cmd::run>,
    .append = dockerfile_multiple_cmd::run,
};

}  // namespace hardock::audit::checks
