// HDK-B-014: with --fix-healthcheck CMD, `HEALTHCHECK CMD <CMD>` (shell form) is added at the
// end of the final stage. CMD must be one printable line (no control characters, at most 1024
// bytes, not a JSON array, not ending with the escape character); without it, a note.
#include <algorithm>

#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void healthcheck(FixContext& context, const core::Finding& finding) {
  if (!context.options.healthcheck_command) {
    context.note(finding, "give the command with --fix-healthcheck CMD");
    return;
  }
  const std::string& command = *context.options.healthcheck_command;
  const bool printable = std::all_of(command.begin(), command.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  });
  std::string_view trimmed(command);
  while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  if (trimmed.empty() || command.size() > 1024 || !printable || trimmed.front() == '[' ||
      trimmed.back() == context.file().escape) {
    context.note(finding,
                 "the --fix-healthcheck command must be one printable line of at most "
                 "1024 bytes, not a JSON array, not ending with the escape character");
    return;
  }
  const auto* stage = context.subject.final_stage();
  if (stage == nullptr) {
    context.note(finding, "no FROM");
    return;
  }
  for (const std::size_t index : context.subject.image_instructions()) {
    if (context.file().instructions[index].keyword == Keyword::kHealthcheck) return;  // has one
  }
  const Instruction& last = context.file().instructions[stage->last_instruction];
  context.edit({.begin = last.end,
                .end = last.end,
                .text = std::string(context.eol()) + FixContext::keyword_like(last, "HEALTHCHECK") +
                        " CMD " + std::string(trimmed),
                .order = 4,
                .code = std::string(finding.check_code),
                .line = finding.location.line,
                .description = "HEALTHCHECK CMD " + std::string(trimmed) + " at the end"});
}

}  // namespace hardock::fix::fixes
