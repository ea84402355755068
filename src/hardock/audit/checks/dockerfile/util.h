// Helpers shared by the Dockerfile checks (checks/dockerfile/). Each check walks
// context.dockerfiles; a subject's scripts[] hold the shell commands of each RUN, split once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hardock/audit/check.h"
#include "hardock/dockerfile/subject.h"

namespace hardock::audit::checks::dockerfile_rules {

using dockerfile::DockerfileSubject;
using dockerfile::Instruction;
using dockerfile::Keyword;

inline const std::vector<DockerfileSubject>& subjects(const AuditContext& context) {
  static const std::vector<DockerfileSubject> none;
  return context.dockerfiles != nullptr ? *context.dockerfiles : none;
}

// The instruction's text as written on its first line, for evidence ("USER root").
inline std::string quoted_instruction(const Instruction& inst) {
  std::string text = inst.keyword_text;
  if (!inst.args_text.empty()) text += " " + inst.args_text;
  constexpr std::size_t kMax = 160;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

}  // namespace hardock::audit::checks::dockerfile_rules
