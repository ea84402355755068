// COPY a b dest: with several sources the destination must be a directory, written with a
// trailing '/'; BuildKit refuses the build otherwise.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_copy_dest_not_dir {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& inst : subject.file.instructions) {
      if (inst.keyword != rules::Keyword::kCopy && inst.keyword != rules::Keyword::kAdd) continue;
      const auto* copy = inst.as<dockerfile::CopyArgs>();
      if (copy == nullptr || copy->sources.size() < 2 || !copy->destination) continue;
      const auto& dest = *copy->destination;
      if (!dest.complete || dest.value().ends_with('/') || dest.value().ends_with("\\")) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, dest.pos,
          rules::evidence_text(std::to_string(copy->sources.size()),
                               " sources, and the destination ", rules::Bounded{dest.value(), 80},
                               " does not end with '/': ", rules::EvidenceOf{inst}));
    }
  }
}

}  // namespace dockerfile_copy_dest_not_dir

extern const Check kDockerfileCopyDestNotDir;  // listed in checks/list.h
const Check kDockerfileCopyDestNotDir{
    .info =
        {
            .code = "HDK-B-021",
            .slug = "dockerfile-copy-dest-not-dir",
            .title = "COPY of several sources to a destination without a trailing /",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Fails for a COPY or ADD (any stage) with two or more sources whose "
                "destination does not end with '/'. One source, or a destination ending with "
                "'/', passes; a destination that depends on a build argument without default is "
                "not judged.",
            .remediation = "End the destination with a slash: COPY a.txt b.txt /app/.",
            .equivalents = "DL3021,DS-0011",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nCOPY a.txt b.txt /app\n",
    .good = "FROM debian:12\nCOPY a.txt b.txt /app/\n",
    .run = collect<dockerfile_copy_dest_not_dir::run>,
    .append = dockerfile_copy_dest_not_dir::run,
};

}  // namespace hardock::audit::checks
