// HDK-B-007: `22` / `22/tcp` is removed from EXPOSE; an EXPOSE left empty is removed whole.
// Ranges holding 22 (20-25) and ports given by variables stay notes.
#include "hardock/fix/fixes/common.h"
#include "hardock/fix/fixes/fixes.h"

namespace hardock::fix::fixes {

void expose_ssh(FixContext& context, const core::Finding& finding) {
  const auto index = context.instruction_at(finding.location.line);
  const auto* ports =
      index ? context.file().instructions[*index].as<std::vector<dockerfile::PortSpec>>() : nullptr;
  if (ports == nullptr || context.file().instructions[*index].keyword != Keyword::kExpose) {
    context.note(finding, "the finding is not on an EXPOSE instruction");
    return;
  }
  const Instruction& inst = context.file().instructions[*index];
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  bool other = false;
  for (const auto& port : *ports) {
    if (port.valid && port.first == 22 && port.last == 22 && port.protocol == "tcp") {
      const auto range = context.exact_range(port.word.pos, port.word.raw);
      if (!range) {
        context.note(finding, "the port word " + port.word.raw + " is not where expected");
        return;
      }
      ranges.push_back(*range);
    } else {
      if (port.valid && port.first <= 22 && 22 <= port.last) {
        context.note(finding, "the range " + port.word.raw + " holds 22: narrow it by hand");
      }
      other = true;
    }
  }
  if (ranges.empty()) {
    context.note(finding, "no plain 22/tcp in this EXPOSE");
    return;
  }
  Edit edit;
  edit.code = std::string(finding.check_code);
  edit.line = finding.location.line;
  if (!other) {
    std::tie(edit.begin, edit.end) = context.instruction_lines(inst);
    edit.description = "removed EXPOSE 22";
    context.edit(edit);
    return;
  }
  for (const auto& range : ranges) {
    std::tie(edit.begin, edit.end) = context.word_removal(range.first, range.second);
    edit.description = "removed port 22 from EXPOSE";
    context.edit(edit);
  }
}

}  // namespace hardock::fix::fixes
