// A USER given by name is resolved through the image's /etc/passwd when the container starts:
// neither the engine nor an orchestrator can tell from the image's configuration whether it is
// root (Kubernetes' runAsNonRoot refuses to start such an image), and a later layer that
// changes /etc/passwd changes who the name is.
#include "hardock/audit/checks/container/util.h"
#include "hardock/audit/checks/dockerfile/instr_util.h"

namespace hardock::audit::checks {
namespace dockerfile_user_not_numeric {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    const rules::Instruction* last_user = nullptr;
    for (const std::size_t index : subject.image_instructions()) {
      const auto& inst = subject.file.instructions[index];
      if (inst.keyword == rules::Keyword::kUser) last_user = &inst;
    }
    if (last_user == nullptr) continue;  // no USER: HDK-B-001
    const auto* user = last_user->as<dockerfile::UserArgs>();
    if (user == nullptr || !user->user.complete || user->name.empty()) continue;
    if (container_rules::is_root_user(user->user.value())) continue;  // HDK-B-001
    if (std::all_of(user->name.begin(), user->name.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    audit::add_dockerfile_finding(
        findings, self.info, subject, user->user.pos,
        rules::evidence_text("the image's user is the name '", rules::Bounded{user->name, 60},
                             "', not a numeric UID: ", rules::EvidenceOf{*last_user}));
  }
}

}  // namespace dockerfile_user_not_numeric

extern const Check kDockerfileUserNotNumeric;  // listed in checks/list.h
const Check kDockerfileUserNotNumeric{
    .info =
        {
            .code = "HDK-B-026",
            .slug = "dockerfile-user-not-numeric",
            .title = "Image user is a name, not a numeric UID",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.04",
            .description =
                "Judged on the last USER of the final stage or a stage it is built FROM (the "
                "image's user). Fails when its user part is a name (USER app, USER app:app): "
                "only the image's /etc/passwd says which UID that is, so a platform that must "
                "verify the container is not root (Kubernetes runAsNonRoot, admission policies) "
                "cannot. Passes for a numeric UID (USER 10001, USER 10001:app); root and no "
                "USER are HDK-B-001's, a USER that depends on a build argument without default "
                "is not judged.",
            .remediation = "Switch to the UID: RUN useradd -r -u 10001 app, then USER 10001 "
                           "(or USER 10001:10001).",
            .equivalents = "DL3066",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN useradd -r app\nUSER app\n",
    .good = "FROM debian:12\nRUN useradd -r -u 10001 app\nUSER 10001\n",
    .run = collect<dockerfile_user_not_numeric::run>,
    .append = dockerfile_user_not_numeric::run,
};

}  // namespace hardock::audit::checks
