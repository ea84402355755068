// HDK-B-054: a stage whose RUN has a pipe gets a SHELL with pipefail right after its FROM:
// SHELL ["/bin/bash", "-o", "pipefail", "-c"] where the base is known to have bash (Debian,
// Ubuntu, the RHEL family, Docker's Debian-based language images), SHELL ["/bin/ash", "-eo",
// "pipefail", "-c"] on Alpine and busybox (hadolint's form for ash). dash, the /bin/sh of
// Debian, has no pipefail; other bases, and stages that already set a SHELL, stay a note.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void pipefail(FixContext& context, const core::Finding& finding) {
  const auto index = finding_run(context, finding);
  if (!index) return;
  const Instruction& run = context.file().instructions[*index];
  if (!run.stage) {
    context.note(finding, "the RUN is in no stage");
    return;
  }
  bool pipe = false;
  for (const auto& command : context.subject.scripts[*index].commands) {
    if (command.separator == "|" || command.separator == "|&") pipe = true;
    if (command.name() == "set") {
      for (std::size_t at = 1; at + 1 < command.words.size(); ++at) {
        if (command.words[at + 1].text == "pipefail" && command.words[at].text.ends_with("o")) {
          return;  // the script sets pipefail itself
        }
      }
    }
  }
  if (!pipe) {
    context.note(finding, "no pipe in this RUN's shell script");
    return;
  }
  if (context.stage_sets_shell(*run.stage)) {
    context.note(finding, "the stage sets its own SHELL: add -o pipefail to it by hand");
    return;
  }
  std::string_view shell;
  switch (context.stage_family(*run.stage)) {
    case BaseFamily::kDebian:
    case BaseFamily::kRhel:
    case BaseFamily::kRhelMinimal:
      shell = R"(["/bin/bash", "-o", "pipefail", "-c"])";
      break;
    case BaseFamily::kAlpine:
    case BaseFamily::kBusybox:
      shell = R"(["/bin/ash", "-eo", "pipefail", "-c"])";
      break;
    default:
      context.note(finding, "the base image (" + context.stage_base(*run.stage) +
                                ") is not known to have bash or ash: add set -o pipefail by hand");
      return;
  }
  const auto& stage = context.file().stages[*run.stage];
  const Instruction& from = context.file().instructions[stage.from_instruction];
  context.edit({.begin = from.end,
                .end = from.end,
                .text = std::string(context.eol()) + FixContext::keyword_like(from, "SHELL") + " " +
                        std::string(shell),
                .order = 3,
                .code = std::string(finding.check_code),
                .line = finding.location.line,
                .description = "SHELL " + std::string(shell) + " after the FROM of line " +
                               std::to_string(from.pos.line)});
}

}  // namespace hardock::fix::fixes
