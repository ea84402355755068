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

// `text` cut to `max` bytes and on one line (io::one_line(io::truncate(text, max))), appended to
// `out`: without a copy of its own when it is short and printable, as most are.
inline void append_bounded(std::string& out, std::string_view text, std::size_t max) {
  if (text.size() <= max) {
    io::append_terminal_safe(out, text);
    return;
  }
  io::append_terminal_safe(out, io::truncate(text, max));
}

// Pieces of a finding's evidence, written by evidence_text() straight into the one string: a
// string (or a view, a literal, a char), Bounded, and the pieces instr_util.h and shell_util.h
// add (EvidenceOf, CommandText).
struct Bounded {
  std::string_view text;
  std::size_t max = 120;
};
inline void append_piece(std::string& out, std::string_view text) { out.append(text); }
inline void append_piece(std::string& out, char c) { out.push_back(c); }
inline void append_piece(std::string& out, const Bounded& piece) {
  append_bounded(out, piece.text, piece.max);
}

// The pieces joined, in one allocation for nearly every finding (a chain of `+` made a string,
// and often grew it, for each step).
template <class... Pieces>
std::string evidence_text(const Pieces&... pieces) {
  constexpr std::size_t kRoom = 256;  // most evidence is shorter
  std::string out;
  out.reserve(kRoom);
  (append_piece(out, pieces), ...);
  return out;
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
