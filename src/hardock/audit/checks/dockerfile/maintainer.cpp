// MAINTAINER is deprecated; a LABEL carries the same information in the standard key.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_maintainer {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& inst : subject.file.instructions) {
      if (inst.keyword != rules::Keyword::kMaintainer) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, inst.pos,
          rules::evidence_text("deprecated instruction: ", rules::EvidenceOf{inst}));
    }
  }
}

}  // namespace dockerfile_maintainer

extern const Check kDockerfileMaintainer;  // listed in checks/list.h
const Check kDockerfileMaintainer{
    .info =
        {
            .code = "HDK-B-020",
            .slug = "dockerfile-maintainer",
            .title = "Deprecated MAINTAINER instruction",
            .severity = core::Severity::kInfo,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description = "Fails for every MAINTAINER instruction, deprecated since Docker "
                           "1.13. A LABEL passes.",
            .remediation = "Replace it with LABEL org.opencontainers.image.authors=\"name "
                           "<mail>\".",
            .equivalents = "DL4000,DS-0022",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nMAINTAINER ops@example.com\n",
    .good = "FROM debian:12\nLABEL org.opencontainers.image.authors=\"ops@example.com\"\n",
    .run = collect<dockerfile_maintainer::run>,
    .append = dockerfile_maintainer::run,
};

}  // namespace hardock::audit::checks
