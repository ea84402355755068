// HDK-B-042: a RUN that only updates the package index (`RUN apt-get update`) is merged into
// the next instruction when that is a RUN of the same stage whose commands are joined by && or
// pipes only: the update goes in front (`RUN apt-get update && apt-get install ...`) and its
// own RUN is removed. With ; or || in the next RUN a failed update would no longer stop the
// build, so that case, and any other shape, stays a note.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {
namespace update_alone_detail {

bool updates_only(const ShellScript& script) {
  if (script.commands.empty() || !script.diagnostics.empty()) return false;
  for (const auto& command : script.commands) {
    if (command.depth != 0 || !command.redirects.empty() || !command.assignments.empty()) {
      return false;
    }
    if (command.separator != "&&" && !command.separator.empty()) return false;
    const auto package = package_command(command);
    if (!package) return false;
    const std::string_view sub = package->sub();
    const bool update = ((package->manager == "apt-get" || package->manager == "apt" ||
                          package->manager == "apk") &&
                         sub == "update") ||
                        ((package->manager == "yum" || package->manager == "dnf" ||
                          package->manager == "microdnf") &&
                         sub == "makecache") ||
                        (package->manager == "zypper" && (sub == "refresh" || sub == "ref"));
    if (!update) return false;
  }
  return true;
}

bool chained(const ShellScript& script) {
  if (script.commands.empty() || !script.diagnostics.empty()) return false;
  for (const auto& command : script.commands) {
    if (command.depth != 0 || command.negated) return false;
    if (command.separator != "&&" && command.separator != "|" && command.separator != "|&" &&
        !command.separator.empty()) {
      return false;
    }
  }
  return true;
}

}  // namespace update_alone_detail

void update_alone(FixContext& context, const core::Finding& finding) {
  const auto index = finding_run(context, finding);
  if (!index) return;
  const auto& insts = context.file().instructions;
  const Instruction& update = insts[*index];
  if (update.keyword != Keyword::kRun || update.json || !update.heredocs.empty() ||
      !update.flags.empty() || update.args_text().find('#') != std::string::npos ||
      update.args_text().find('\n') != std::string::npos) {
    context.note(finding, "only a plain shell-form RUN without flags is merged");
    return;
  }
  if (!update_alone_detail::updates_only(context.subject.scripts[*index])) {
    context.note(finding, "the RUN does more than update the package index");
    return;
  }
  const std::size_t next_index = *index + 1;
  if (next_index >= insts.size() || insts[next_index].keyword != Keyword::kRun ||
      insts[next_index].stage != update.stage) {
    context.note(finding, "the next instruction is not a RUN of the same stage to merge into");
    return;
  }
  const Instruction& next = insts[next_index];
  if (next.json || !next.heredocs.empty() ||
      !update_alone_detail::chained(context.subject.scripts[next_index])) {
    context.note(finding,
                 "the next RUN is not a plain && chain (exec form, heredoc, ;, || or groups): "
                 "merge the update into it by hand");
    return;
  }
  const auto at = context.offset_of(next.position_at(next.args_offset));
  if (!at || context.text().substr(*at, 1) != next.args_text().substr(0, 1)) {
    context.note(finding, "the next RUN's command is not where expected");
    return;
  }
  const auto [begin, end] = context.instruction_lines(update);
  const std::string code(finding.check_code);
  context.edit({.begin = begin,
                .end = end,
                .text = "",
                .order = 0,
                .code = code,
                .line = finding.location.line,
                .description = "merged `" + std::string(update.args_text()) +
                               "` into the next RUN (line " + std::to_string(next.pos.line) + ")"});
  context.edit({.begin = *at,
                .end = *at,
                .text = std::string(update.args_text()) + " && ",
                .order = 0,
                .code = code,
                .line = finding.location.line,
                .description = "merged `" + std::string(update.args_text()) +
                               "` into the next RUN (line " + std::to_string(next.pos.line) + ")"});
  context.merged(*index, next_index);
}

}  // namespace hardock::fix::fixes
