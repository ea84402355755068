// Parse a Dockerfile as BuildKit's frontend reads it (frontend/dockerfile/parser and
// instructions, as documented in the Dockerfile reference), with positions.
//
// parse() never fails and never throws: it returns what it could read and a list of
// diagnostics (file:line:column, a stable code, one line). Input is bounded (kMaxFileBytes,
// kMaxLineBytes, kMaxInstructions, kMaxHeredocsPerInstruction); every pass is linear in the
// input and nothing recurses on the input's nesting.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/dockerfile/diagnostic.h"
#include "hardock/dockerfile/instruction.h"

namespace hardock::dockerfile {

inline constexpr std::size_t kMaxFileBytes = 8u << 20;
inline constexpr std::size_t kMaxLineBytes = 1u << 20;
inline constexpr std::size_t kMaxInstructions = 50'000;
inline constexpr std::size_t kMaxHeredocsPerInstruction = 64;
inline constexpr std::size_t kMaxDiagnostics = 500;

struct Directive {
  std::string name;   // lowercased: syntax, escape, check
  std::string value;  // trimmed
  Position pos;       // of the '#'
};

// One build stage: FROM up to the next FROM.
struct Stage {
  std::size_t index = 0;
  std::string name;                  // lowercased, empty when unnamed
  std::size_t from_instruction = 0;  // index in Dockerfile::instructions
  std::size_t last_instruction = 0;  // inclusive
  std::string base;                  // FROM image after expansion (may be incomplete)
  bool base_complete = true;
  std::optional<std::size_t> base_stage;  // FROM <earlier stage>
};

// A reference to another stage or an image: COPY --from, RUN --mount=...,from=, FROM <stage>.
struct StageRef {
  std::size_t instruction = 0;
  std::string value;  // expanded
  Position pos;
  std::optional<std::size_t> stage;  // resolved stage; none: an external image (or context)
};

struct Dockerfile {
  std::string text;  // the input, BOM removed; Instruction::begin/end index it
  bool bom = false;
  bool crlf = false;  // the first line break was CRLF
  char escape = '\\';
  std::vector<Directive> directives;
  // check=skip=...;error=true
  std::vector<std::string> check_skip;
  bool check_error = false;

  std::vector<Instruction> instructions;
  std::vector<std::size_t> meta_args;  // indices of ARG instructions before the first FROM
  std::vector<Stage> stages;
  std::vector<StageRef> stage_refs;
  std::vector<Diagnostic> diagnostics;

  [[nodiscard]] bool has_errors() const;
  [[nodiscard]] const Directive* directive(std::string_view name) const;
  // Stage by name (case-insensitive) or decimal index, as --from resolves it.
  [[nodiscard]] std::optional<std::size_t> find_stage(std::string_view name_or_index) const;
};

[[nodiscard]] Dockerfile parse(std::string_view text);

}  // namespace hardock::dockerfile
