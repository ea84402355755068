// sudo in a RUN: the build already runs as the stage's USER; sudo there means either a root
// build that does not need it, or an image that ships sudo and a sudoers entry for its user,
// a way back to root for anything that runs in its containers.
#include "hardock/audit/checks/dockerfile/shell_util.h"

namespace hardock::audit::checks {
namespace dockerfile_sudo {

namespace rules = dockerfile_rules;

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    for (const auto& script : rules::run_scripts(subject)) {
      for (const rules::RunCommand& cmd : script.commands) {
        if (cmd->words.empty()) continue;
        // The first word's base name; read already when it starts the command.
        const std::string_view name =
            cmd.start == 0 ? cmd.name() : rules::base_name(cmd->words.front().text);
        if (!rules::equals(name, "sudo") && !rules::equals(name, "doas")) continue;
        audit::add_dockerfile_finding(
            findings, self.info, subject, cmd->pos,
            rules::evidence_text("RUN uses ", name, ": ", rules::CommandText{*cmd}));
      }
    }
  }
}

}  // namespace dockerfile_sudo

extern const Check kDockerfileSudo;  // listed in checks/list.h
const Check kDockerfileSudo{
    .info =
        {
            .code = "HDK-B-041",
            .slug = "dockerfile-sudo",
            .title = "RUN uses sudo",
            .severity = core::Severity::kMedium,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "DSS05.04",
            .description =
                "A RUN runs as the stage's USER; sudo (or doas) in it means the image ships "
                "sudo with a rule that lets that user become root, which every process of its "
                "containers inherits, and behaves unpredictably without a TTY. Fails on each "
                "command run through sudo or doas, also inside `set -e; cd x && ...`, "
                "subshells and `sh -c` scripts.",
            .remediation =
                "Run the privileged steps before switching USER (USER root ... USER app), or "
                "use gosu/su-exec in an entrypoint when a step must run at start; do not "
                "install sudo in the image.",
            .equivalents = "DL3004,DS-0010",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nUSER app\nRUN sudo apt-get update\n",
    .good = "FROM debian:12\nRUN apt-get update\nUSER app\n",
    .run = collect<dockerfile_sudo::run>,
    .append = dockerfile_sudo::run,
};

}  // namespace hardock::audit::checks
