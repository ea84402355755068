// RUN commands split into simple commands, so that rules see `apt-get install` inside
// `set -e; cd x && apt-get ...`.
//
// split_shell() reads a POSIX shell script far enough to cut it at && || ; ;; | |& & newlines
// and ( ) { } groups, honouring single and double quotes, backslashes, $(...), ${...}, $((...))
// and backticks (never cut inside), comments and here-documents of the script itself. Each
// simple command is its words with quotes removed and expansions kept as text, leading
// NAME=value assignments and redirections set apart, and reserved words (if then else elif fi
// do done while until ! { }) dropped. It is one iterative pass: no recursion, linear time.
// Malformed scripts (an unterminated quote or substitution) give a diagnostic and the commands
// read so far.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/dockerfile/diagnostic.h"
#include "hardock/dockerfile/instruction.h"

namespace hardock::dockerfile {

struct ShellWord {
  // Quotes removed, $VAR $(...) `...` kept as written. The bytes belong to the ShellScript the
  // word was split into (ShellScript::text): a word is valid while that script, or a copy of it,
  // lives.
  std::string_view text;
  std::size_t offset = 0;  // of its first byte in the script
  Position pos;
  bool quoted = false;  // some part was quoted
};

struct Redirect {
  std::string op;  // "<", ">", ">>", "2>", "&>", "<<", "<<-", "<<<", ">&" ...
  ShellWord target;
};

struct SimpleCommand {
  // Views of the script's words (kept alive by ShellScript::text), valid while the script or a
  // copy of it lives: no vector to allocate and free per command.
  std::span<const ShellWord> assignments;  // leading NAME=value words
  std::span<const ShellWord> words;        // command name first
  std::vector<Redirect> redirects;
  Position pos;  // of the first word (the first assignment when no word)
  // What ends it: && || ; ;; | |& & \n ( ) or "" at the end. A view of a string literal
  // (static storage, valid forever): no string to build, copy or free per command.
  std::string_view separator;
  std::uint32_t depth = 0;  // inside how many ( ) and { } groups
  bool negated = false;     // after "!"

  [[nodiscard]] std::string_view name() const {
    return words.empty() ? std::string_view() : std::string_view(words.front().text);
  }
};

struct ShellScript {
  // A view of the commands, which live in the store `text` keeps alive (with their words): valid
  // while the script, or a copy of it, lives. split_runs() puts the commands of every RUN of a
  // file in one vector: no vector to allocate, grow and free per RUN.
  std::span<const SimpleCommand> commands;
  std::vector<Diagnostic> diagnostics;
  // The words' bytes, one block for the whole script (a word never holds more bytes than it was
  // read from): one allocation instead of one per long word; copies share it. It also keeps the
  // commands and their words (SimpleCommand::words, assignments) alive: they live in the same
  // store. split_runs() gives every script of a file one store (`text` points at the script's
  // part).
  std::shared_ptr<const char[]> text;
};

// Maps an offset in the script to its position in the Dockerfile.
using ShellPositionFn = std::function<Position(std::size_t)>;

[[nodiscard]] ShellScript split_shell(std::string_view script, const ShellPositionFn& at);

// Every shell command of a RUN (or of an ONBUILD RUN trigger): the shell form line; each
// heredoc that is the script (`RUN <<EOF`) or fed to a shell (`RUN bash <<EOF`); the script of
// the exec form ["sh", "-c", "..."] (positions inside a JSON string are approximate when it
// holds escapes). Other instructions give nothing.
[[nodiscard]] ShellScript split_run(const Instruction& run);

// split_run() of every instruction (an empty script for those that are no RUN), their words and
// commands in one store that the scripts share: a few allocations per file rather than per RUN.
[[nodiscard]] std::vector<ShellScript> split_runs(const std::vector<Instruction>& instructions);

}  // namespace hardock::dockerfile
