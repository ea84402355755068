// A relative WORKDIR is taken from the previous one, which may come from a base image nobody
// reviewed: where the following COPY and RUN write depends on it.
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_workdir_relative {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& inst : subject.file.instructions) {
      if (inst.keyword != rules::Keyword::kWorkdir || inst.args.empty()) continue;
      const auto& path = inst.args[0];
      if (!path.complete || path.value().empty()) continue;
      if (path.value().starts_with('/') || rules::windows_absolute(path.value())) continue;
      audit::add_dockerfile_finding(
          findings, self.info, subject, path.pos,
          rules::evidence_text("WORKDIR ", rules::Bounded{path.value(), 80},
                               " is relative to the previous WORKDIR: ", rules::EvidenceOf{inst}));
    }
  }
}

}  // namespace dockerfile_workdir_relative

extern const Check kDockerfileWorkdirRelative;  // listed in checks/list.h
const Check kDockerfileWorkdirRelative{
    .info =
        {
            .code = "HDK-B-012",
            .slug = "dockerfile-workdir-relative",
            .title = "WORKDIR is a relative path",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "Fails for a WORKDIR (any stage) whose path, after expanding build arguments "
                "and ENV, does not start with '/' (or a drive letter on Windows): it is taken "
                "from the previous WORKDIR, possibly the base image's. A WORKDIR that depends on "
                "a build argument without default is not judged.",
            .remediation = "Write the absolute path: WORKDIR /app.",
            .equivalents = "DL3000,DS-0009",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nWORKDIR app\n",
    .good = "FROM debian:12\nWORKDIR /app\n",
    .run = collect<dockerfile_workdir_relative::run>,
    .append = dockerfile_workdir_relative::run,
};

}  // namespace hardock::audit::checks
