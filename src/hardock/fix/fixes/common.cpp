#include "hardock/fix/fixes/common.h"

namespace hardock::fix::fixes {

std::optional<std::size_t> finding_run(FixContext& context, const core::Finding& finding) {
  const auto index = context.instruction_at(finding.location.line);
  if (!index) {
    context.note(finding, "no instruction at this line");
    return std::nullopt;
  }
  const Instruction& inst = context.file().instructions[*index];
  const bool run = inst.keyword == Keyword::kRun ||
                   (inst.keyword == Keyword::kOnbuild && !inst.trigger.empty() &&
                    inst.trigger.front().keyword == Keyword::kRun);
  if (!run) {
    context.note(finding, "the finding is not on a RUN instruction");
    return std::nullopt;
  }
  return index;
}

void insert_option(FixContext& context, const core::Finding& finding, std::string_view option,
                   const std::function<bool(const PackageCommand&)>& wants) {
  const auto index = finding_run(context, finding);
  if (!index) return;
  bool fixed = false, unsure = false;
  for (const auto& command : package_commands(context.subject.scripts[*index])) {
    if (command.sub_index >= command.command->words.size() || !wants(command)) continue;
    const ShellWord& sub = command.command->words[command.sub_index];
    const auto range = context.exact_range(sub.pos, sub.text);
    if (!range) {
      unsure = true;
      continue;
    }
    context.edit({.begin = range->second,
                  .end = range->second,
                  .text = " " + std::string(option),
                  .order = 0,
                  .code = std::string(finding.check_code),
                  .line = finding.location.line,
                  .description = "added " + std::string(option) + " to `" + command.manager + " " +
                                 std::string(sub.text) + "`"});
    fixed = true;
  }
  if (unsure) {
    context.note(finding, "a subcommand is quoted or split across lines; add " +
                              std::string(option) + " by hand");
  } else if (!fixed) {
    context.note(finding, "no command found lacking " + std::string(option));
  }
}

bool append_command(FixContext& context, const core::Finding& finding, std::size_t instruction,
                    std::string_view command, std::string description) {
  const auto at = context.script_end(instruction);
  if (!at) {
    context.note(finding,
                 "the end of the RUN script is not certain (exec form, a trailing comment or "
                 "'&', or shell syntax hardock does not rewrite); add `" +
                     std::string(command) + "` by hand");
    return false;
  }
  context.edit({.begin = *at,
                .end = *at,
                .text = " && " + std::string(command),
                .order = 1,
                .code = std::string(finding.check_code),
                .line = finding.location.line,
                .description = std::move(description)});
  return true;
}

}  // namespace hardock::fix::fixes
