// Internal to the fix module: what every fix sees (the parsed file, positions as byte offsets,
// the base image of a stage) and how it records an edit or a note.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hardock/core/finding.h"
#include "hardock/dockerfile/subject.h"
#include "hardock/fix/fix.h"

namespace hardock::fix {

using dockerfile::Instruction;
using dockerfile::Keyword;
using dockerfile::Position;
using dockerfile::ShellScript;
using dockerfile::ShellWord;
using dockerfile::SimpleCommand;

// Replace text[begin, end) with `text`; begin == end inserts. `order` sorts edits at one offset
// (flags inserted after a word before text appended to a script).
struct Edit {
  std::size_t begin = 0, end = 0;
  std::string text;
  int order = 0;
  std::string code;
  std::uint32_t line = 0;
  std::string description;
};

// What a base image is known to be, from its name (the repository's last path component and
// its tag): which shell it has and how a user is created in it.
enum class BaseFamily {
  kUnknown,
  kDebian,
  kRhel,
  kRhelMinimal,
  kAlpine,
  kBusybox,
  kScratch,
  kDistroless
};

class FixContext {
 public:
  FixContext(const dockerfile::DockerfileSubject& subject, const FixOptions& options);

  const dockerfile::DockerfileSubject& subject;
  const FixOptions& options;

  [[nodiscard]] const dockerfile::Dockerfile& file() const { return subject.file; }
  [[nodiscard]] std::string_view text() const { return subject.file.text; }
  [[nodiscard]] std::string_view eol() const { return subject.file.crlf ? "\r\n" : "\n"; }

  // Byte offset of a position in text(); none for {0,0} or past the end.
  [[nodiscard]] std::optional<std::size_t> offset_of(Position pos) const;
  // Offset of the start of a 1-based line, and of the line after it (after its '\n'; the text
  // size on the last line).
  [[nodiscard]] std::size_t line_start(std::uint32_t line) const;
  [[nodiscard]] std::size_t next_line_start(std::size_t offset) const;
  // The top-level instruction whose lines hold `line`.
  [[nodiscard]] std::optional<std::size_t> instruction_at(std::uint32_t line) const;
  // [begin, end) of a word in text(), when the file holds exactly `expected` there (a quoted
  // word, one split by a continuation, or an approximate position gives none).
  [[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>> exact_range(
      Position pos, std::string_view expected) const;
  // The external image a stage is built from (following FROM <earlier stage>), "" when unknown.
  [[nodiscard]] std::string stage_base(std::size_t stage) const;
  [[nodiscard]] BaseFamily stage_family(std::size_t stage) const;
  // Whether a stage or one it is built FROM has a SHELL instruction.
  [[nodiscard]] bool stage_sets_shell(std::size_t stage) const;
  // The keyword spelled in the file's case (lowercase when `like` is written lowercase).
  [[nodiscard]] static std::string keyword_like(const Instruction& like, std::string_view upper);
  // The range of a whole instruction's lines (from the start of its first line to after the
  // line break ending it), for removing it.
  [[nodiscard]] std::pair<std::size_t, std::size_t> instruction_lines(
      const Instruction& inst) const;
  // The range removing one word of a list with the blanks before it (or the whole physical line
  // when the word is alone on a continuation line).
  [[nodiscard]] std::pair<std::size_t, std::size_t> word_removal(std::size_t begin,
                                                                 std::size_t end) const;
  // Where text appended to a RUN's shell script goes (after its last command, before trailing
  // ';' and blanks, after closing words such as `done`/`fi`/`)`); none when unsure (a trailing
  // comment, a background `&`, the exec form, text the splitter did not read).
  [[nodiscard]] std::optional<std::size_t> script_end(std::size_t instruction) const;

  void edit(Edit edit) { edits_.push_back(std::move(edit)); }
  // RUN instructions removed by merging them into the next one (HDK-B-042): a later fix of the
  // removed RUN applies to the one it went into.
  void merged(std::size_t from, std::size_t into) { merged_.emplace_back(from, into); }
  [[nodiscard]] std::size_t merge_target(std::size_t instruction) const {
    for (const auto& [from, into] : merged_) {
      if (from == instruction) return into;
    }
    return instruction;
  }
  void note(const core::Finding& finding, std::string_view why);
  void note(std::string text) { notes_.push_back(std::move(text)); }

  std::vector<Edit>& edits() { return edits_; }
  std::vector<std::string>& notes() { return notes_; }

 private:
  std::vector<std::size_t> line_starts_;
  std::vector<Edit> edits_;
  std::vector<std::string> notes_;
  std::vector<std::pair<std::size_t, std::size_t>> merged_;
};

[[nodiscard]] BaseFamily base_family(std::string_view image_ref);

// A fix: reads the finding, re-checks its condition on the file, records edits or a note.
using FixFn = void (*)(FixContext& context, const core::Finding& finding);

struct FixEntry {
  std::string_view code;
  std::string_view summary;
  FixFn fix;
};

// The table code -> fix (registry.cpp), in code order.
[[nodiscard]] const std::vector<FixEntry>& fix_table();

}  // namespace hardock::fix
