// A Dockerfile comes from whoever wrote the repository being linted: any bytes must parse to
// instructions and diagnostics, linearly, never a crash; every position given lies inside the
// input, and every RUN splits into commands whose positions do too.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hardock/dockerfile/dockerfile.h"
#include "hardock/dockerfile/shell_split.h"

namespace {

using hardock::dockerfile::Position;

struct Bounds {
  std::vector<std::size_t> line_length;  // bytes per line of the parsed text
  void check(Position pos) const {
    if (pos.line == 0 || pos.column == 0) __builtin_trap();
    if (pos.line > line_length.size() + 1) __builtin_trap();
    const std::size_t length = pos.line <= line_length.size() ? line_length[pos.line - 1] : 0;
    if (pos.column > length + 1) __builtin_trap();  // one past the end: end of the line
  }
};

void check_instruction(const hardock::dockerfile::Instruction& inst, const Bounds& bounds,
                       std::size_t text_size) {
  bounds.check(inst.pos);
  if (inst.begin > inst.end || inst.end > text_size) __builtin_trap();
  if (inst.end_line < inst.pos.line) __builtin_trap();
  for (const auto& flag : inst.flags) bounds.check(flag.pos);
  for (const auto& word : inst.args) bounds.check(word.pos);
  for (const auto& doc : inst.heredocs) bounds.check(doc.pos);
  if (inst.trigger.size() > 1 || (!inst.trigger.empty() && !inst.trigger[0].trigger.empty())) {
    __builtin_trap();
  }
  const auto script = hardock::dockerfile::split_run(inst);
  for (const auto& cmd : script.commands) {
    bounds.check(cmd.pos);
    for (const auto& word : cmd.words) bounds.check(word.pos);
  }
  for (const auto& diagnostic : script.diagnostics) bounds.check(diagnostic.pos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto file = hardock::dockerfile::parse(text);
  Bounds bounds;
  std::size_t start = 0;
  while (start <= file.text.size()) {
    std::size_t newline = file.text.find('\n', start);
    if (newline == std::string_view::npos) newline = file.text.size();
    bounds.line_length.push_back(newline - start);
    start = newline + 1;
  }
  for (const auto& diagnostic : file.diagnostics) {
    bounds.check(diagnostic.pos);
    (void)diagnostic.to_string("Dockerfile");
  }
  for (const auto& inst : file.instructions) {
    check_instruction(inst, bounds, file.text.size());
    for (const auto& trigger : inst.trigger) check_instruction(trigger, bounds, file.text.size());
    if (inst.stage && *inst.stage >= file.stages.size()) __builtin_trap();
  }
  for (const auto& ref : file.stage_refs) {
    bounds.check(ref.pos);
    if (ref.stage && *ref.stage >= file.stages.size()) __builtin_trap();
  }
  return 0;
}
