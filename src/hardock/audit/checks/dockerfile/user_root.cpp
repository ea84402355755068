// CIS 4.1 in the build phase: the image's last USER decides who its containers run as. No USER,
// or a last USER that is root, makes every container of the image root unless started with
// --user. Judged on the final stage and the stages it is built FROM (an earlier stage only
// copied from does not set the image's user).
#include "hardock/audit/checks/container/util.h"
#include "hardock/audit/checks/dockerfile/util.h"
#include "hardock/io/escape.h"

namespace hardock::audit::checks {
namespace dockerfile_user_root {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const auto* final_stage = subject.final_stage();
    if (final_stage == nullptr) continue;  // no FROM: a parse diagnostic, not this rule
    const rules::Instruction* last_user = nullptr;
    for (const std::size_t index : subject.image_instructions()) {
      const auto& inst = subject.file.instructions[index];
      if (inst.keyword == rules::Keyword::kUser) last_user = &inst;
    }
    if (last_user == nullptr) {
      const auto& from = subject.file.instructions[final_stage->from_instruction];
      audit::add_dockerfile_finding(
          findings, self.info, subject, from.pos,
          rules::evidence_text(
              "no USER in the final stage (FROM ", rules::Bounded{final_stage->base, 120},
              "): containers run as the base image's user, root unless it sets one"));
      continue;
    }
    const auto* user = last_user->as<dockerfile::UserArgs>();
    if (user == nullptr || !user->user.complete) continue;  // USER $UNKNOWN: cannot tell
    if (!container_rules::is_root_user(user->user.value())) continue;
    audit::add_dockerfile_finding(
        findings, self.info, subject, last_user->pos,
        rules::evidence_text("the last USER is root: ", rules::quoted_instruction(*last_user)));
  }
}

}  // namespace dockerfile_user_root

extern const Check kDockerfileUserRoot;  // listed in checks/list.h
const Check kDockerfileUserRoot{
    .info =
        {
            .code = "HDK-B-001",
            .slug = "dockerfile-user-root",
            .title = "Image runs as root: no USER, or the last USER is root",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "4.1",
            .cobit = "DSS05.04",
            .description =
                "The last USER of the final stage (or of a stage it is built FROM) is the user "
                "every container of the image runs as. With none, that is the base image's "
                "user, root for almost every base. Fails when the final stage has no USER or "
                "its last USER is root, \"0\" or \"0:...\". A USER whose value depends on a "
                "build argument without default is not judged.",
            .remediation =
                "Create an unprivileged user and switch to it at the end: RUN useradd -r -u "
                "10001 app, then USER 10001.",
            .equivalents = "DL3002,DS-0002",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN true\nUSER root\n",
    .good = "FROM debian:12\nRUN useradd -r -u 10001 app\nUSER 10001\n",
    .run = collect<dockerfile_user_root::run>,
    .append = dockerfile_user_root::run,
};

}  // namespace hardock::audit::checks
