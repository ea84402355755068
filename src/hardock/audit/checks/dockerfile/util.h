// Helpers shared by the Dockerfile checks (checks/dockerfile/). Each check walks
// context.dockerfiles; a subject's scripts[] hold the shell commands of each RUN, split once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/check.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/io/escape.h"

namespace hardock::audit::checks::dockerfile_rules {

using dockerfile::DockerfileSubject;
using dockerfile::Instruction;
using dockerfile::Keyword;

// `word` == `name`, always inlined: with a literal `name` the compiler compares its bytes in
// place (string_view's operator== called an out-of-line compare and memcmp: 300 K calls per
// thousand files, from the rules' name and option tests).
[[gnu::always_inline]] inline bool equals(std::string_view word, std::string_view name) {
  return word.size() == name.size() &&
         (name.empty() || __builtin_memcmp(word.data(), name.data(), name.size()) == 0);
}

inline const std::vector<DockerfileSubject>& subjects(const AuditContext& context) {
  static const std::vector<DockerfileSubject> none;
  return context.dockerfiles != nullptr ? *context.dockerfiles : none;
}

// The instruction's text as written, on one line and bounded, for evidence ("USER root"): a
// 900 KB line must not make a 900 KB finding, nor a cut inside a UTF-8 character.
inline std::string quoted_instruction(const Instruction& inst) {
  std::string text = inst.keyword_text;
  if (!inst.args_text().empty()) text.append(" ").append(inst.args_text());
  constexpr std::size_t kMax = 160;
  return io::truncate(io::one_line(text), kMax);
}

}  // namespace hardock::audit::checks::dockerfile_rules
