// ShellCheck's findings on the RUN scripts, mapped to the Dockerfile's lines. The notes are
// made by shellcheck::run_shellcheck (`hardock lint --shellcheck`) before the checks run; this
// check only reports them.
#include "hardock/audit/checks/dockerfile/util.h"

namespace hardock::audit::checks {
namespace dockerfile_shellcheck {

namespace rules = dockerfile_rules;

core::Severity severity(std::string_view level) {
  if (rules::equals(level, "error")) return core::Severity::kHigh;
  if (rules::equals(level, "warning")) return core::Severity::kMedium;
  return core::Severity::kLow;  // info, style
}

void run(const Check& self, const AuditContext& context, std::vector<core::Finding>& findings) {
  for (const auto& subject : rules::subjects(context)) {
    if (!subject.shellcheck) continue;  // not run: `hardock lint` selects this check only then
    for (const auto& note : *subject.shellcheck) {
      core::Finding& finding =
          audit::add_dockerfile_finding(findings, self.info, subject, note.pos,
                                        rules::evidence_text(note.code, ": ", note.message));
      finding.severity = severity(note.level);
    }
  }
}

}  // namespace dockerfile_shellcheck

extern const Check kDockerfileShellcheck;  // listed in checks/list.h
const Check kDockerfileShellcheck{
    .info =
        {
            .code = "HDK-B-060",
            .slug = "dockerfile-shellcheck",
            .title = "ShellCheck finds a problem in a RUN script",
            .severity = core::Severity::kLow,
            .target_kind = core::TargetKind::kDockerfile,
            .cis = "",
            .cobit = "BAI10.02",
            .description =
                "With `hardock lint --shellcheck`, each shell-form RUN script (and each "
                "heredoc script) is given to ShellCheck, with the shell of the stage's SHELL, "
                "and each of its notes is reported at the Dockerfile line and column it points "
                "to. The ShellCheck code (SC2086 ...) is shown in the evidence; severity "
                "follows ShellCheck's level: error high, warning medium, info and style low. "
                "Without --shellcheck (or without shellcheck installed, which lint reports) "
                "this check reports nothing.",
            .remediation =
                "Fix the script as ShellCheck's wiki page for the code says "
                "(https://www.shellcheck.net/wiki/SC2086), or disable that code in the script "
                "with a `# shellcheck disable=SCxxxx` comment when it is intended.",
            .equivalents = "SC",
        },
    .needs = Input::kDockerfile,
    .bad = "FROM debian:12\nRUN for f in $(ls /etc); do echo $f; done\n",
    .good = "FROM debian:12\nRUN for f in /etc/*; do echo \"$f\"; done\n",
    .run = collect<dockerfile_shellcheck::run>,
    .append = dockerfile_shellcheck::run,
};

}  // namespace hardock::audit::checks
