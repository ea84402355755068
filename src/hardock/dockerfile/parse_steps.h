// The steps of parse() (dockerfile.h), shared by its source files; not for callers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hardock/dockerfile/dockerfile.h"

namespace hardock::dockerfile {

// Collects diagnostics up to kMaxDiagnostics, then one "too-many-diagnostics" and no more.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::vector<Diagnostic>& out) : out_(out) {}
  void error(Position pos, std::string code, std::string message) {
    add(pos, DiagnosticSeverity::kError, std::move(code), std::move(message));
  }
  void warning(Position pos, std::string code, std::string message) {
    add(pos, DiagnosticSeverity::kWarning, std::move(code), std::move(message));
  }

 private:
  void add(Position pos, DiagnosticSeverity severity, std::string code, std::string message);
  std::vector<Diagnostic>& out_;
};

// Keyword, flags and argument text of `inst.line` from `start` (instruction_head.cpp); then the
// exec/shell form and the words of the arguments, before heredocs are read.
void parse_head(Instruction& inst, std::size_t start, char escape, DiagnosticSink& sink);

// Typed arguments and flag checks, once heredocs are attached (instruction_args.cpp).
void parse_arguments(Instruction& inst, char escape, DiagnosticSink& sink);

// Stages, scopes, expansion, stage references (stages.cpp).
void resolve_stages(Dockerfile& file, DiagnosticSink& sink);

// Builds a Word for `text` at `offset` of `inst.line`.
[[nodiscard]] Word make_word(const Instruction& inst, std::string text, std::size_t offset);
// The same from a view (usually of `inst.line`): raw and value copied from it.
[[nodiscard]] Word make_word(const Instruction& inst, std::string_view text, std::size_t offset);
[[nodiscard]] inline Word make_word(const Instruction& inst, const char* text, std::size_t offset) {
  return make_word(inst, std::string_view(text), offset);
}
// make_word() into a Word already in place (a vector's new element, a pair's member): no
// temporary to move from and destroy.
void set_word(Word& word, const Instruction& inst, std::string_view text, std::size_t offset);

// Appends to inst.args the whitespace-separated words of inst.args_text() (instruction_head.cpp).
void add_whitespace_words(Instruction& inst);

}  // namespace hardock::dockerfile
