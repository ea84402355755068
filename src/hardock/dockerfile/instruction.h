// One Dockerfile instruction as BuildKit reads it, with the position of every part.
//
// The logical line (`line`) is the instruction's physical lines joined as BuildKit joins them:
// escape characters ending a line removed, comment lines and empty lines inside a continuation
// skipped. `position_at(offset)` maps an offset in that logical line back to the file. The
// original bytes of the instruction (continuations, comments and heredoc bodies included) are
// `Dockerfile::text.substr(begin, end - begin)`, for fixes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hardock/dockerfile/diagnostic.h"

namespace hardock::dockerfile {

enum class Keyword {
  kFrom,
  kRun,
  kCmd,
  kLabel,
  kMaintainer,
  kExpose,
  kEnv,
  kAdd,
  kCopy,
  kEntrypoint,
  kVolume,
  kUser,
  kWorkdir,
  kArg,
  kOnbuild,
  kStopsignal,
  kHealthcheck,
  kShell,
  kUnknown,
};

// "FROM", "RUN" ... ("" for kUnknown).
[[nodiscard]] std::string_view keyword_name(Keyword keyword);
// Case-insensitive lookup; kUnknown when `word` is no instruction BuildKit knows.
[[nodiscard]] Keyword keyword_from(std::string_view word);

// A word of the instruction: `raw` as written (quotes, escapes, variables), `value()` after
// BuildKit's processing for this instruction (JSON decoded; for instructions BuildKit expands:
// quotes removed, escapes applied, variables expanded). `complete` is false when a variable
// with no known value (a build argument without default, a platform argument) took part.
//
// For most words the value is the raw text: it is then not held a second time (one string to
// allocate, copy and free instead of two), and value() is a view of `raw`. Set `raw` first,
// then the value: a word whose value is its raw text follows `raw` when it changes.
struct Word {
  std::string raw;
  Position pos;
  bool complete = true;

  // A view of the held value, or of `raw`: valid while the word is and is not changed.
  [[nodiscard]] std::string_view value() const {
    return own_value_ ? std::string_view(value_) : std::string_view(raw);
  }
  // The value is `text` (kept only when it differs from `raw`).
  void set_value(std::string_view text) {
    if (text == std::string_view(raw)) {
      same_value();
    } else {
      value_.assign(text);
      own_value_ = true;
    }
  }
  void set_value(std::string&& text) {
    if (text == raw) {
      same_value();
    } else {
      value_ = std::move(text);
      own_value_ = true;
    }
  }
  void set_value(const std::string& text) { set_value(std::string_view(text)); }
  void set_value(const char* text) { set_value(std::string_view(text)); }
  // The value is the raw text.
  void same_value() {
    own_value_ = false;
    value_.clear();
  }

 private:
  std::string value_;  // the value when it differs from `raw` (own_value_)
  bool own_value_ = false;
};

// --name or --name=value before the arguments.
struct Flag {
  std::string name;                  // without "--"
  std::optional<std::string> value;  // after '=' (quotes removed), none for a bare --name
  Position pos;                      // of the "--"
  Word expanded;                     // value after variable expansion (where BuildKit expands)
};

// One `--mount=type=...,k=v` of RUN.
struct Mount {
  std::string type = "bind";
  std::vector<std::pair<std::string, std::string>> options;  // in order, keys lowercased
  [[nodiscard]] std::optional<std::string_view> option(std::string_view key) const;
};

struct Heredoc {
  std::string name;             // the delimiter, quotes removed
  bool expand = true;           // false for a quoted delimiter (<<"EOF", <<'EOF')
  bool chomp = false;           // <<- : leading tabs stripped from the body and the terminator
  unsigned fd = 0;              // 3<<EOF
  Position pos;                 // of the "<<" word
  std::uint32_t body_line = 0;  // first line of the body (the terminator when empty)
  std::string content;          // body, one '\n' after each line (tabs already chomped)
  std::string raw_content;      // body as in the file (no chomping), for positions
};

struct KeyValue {
  Word key;
  Word value;
  bool legacy = false;  // `ENV key value` (one pair, value = the rest of the line)
};

struct ArgDecl {
  Word name;
  std::optional<Word> default_value;
};

struct FromArgs {
  Word image;                             // expanded with the ARGs declared before the first FROM
  std::optional<Word> stage_name;         // value lowercased, as BuildKit matches it
  std::optional<std::size_t> base_stage;  // FROM of an earlier stage's name
};

struct CopyArgs {
  std::vector<Word> sources;                               // a heredoc source has raw "<<EOF"
  std::vector<std::optional<std::size_t>> source_heredoc;  // index in heredocs, per source
  std::optional<Word> destination;
};

struct PortSpec {
  Word word;
  std::uint32_t first = 0, last = 0;  // a range 8000-8010, or first == last
  std::string protocol = "tcp";       // lowercased
  bool valid = false;                 // false when unparsable or not fully expanded
};

struct UserArgs {
  Word user;
  std::string name, group;  // from the expanded value, split at the first ':'
};

struct HealthcheckArgs {
  bool none = false;
  std::string type;  // as written (CMD, NONE ...)
  bool json = false;
  std::vector<Word> command;  // JSON elements, or one word holding the shell command
};

using TypedArgs =
    std::variant<std::monostate, FromArgs, CopyArgs, std::vector<KeyValue>, std::vector<ArgDecl>,
                 std::vector<PortSpec>, UserArgs, HealthcheckArgs>;

// A run of the logical line taken from one physical line.
struct Segment {
  std::size_t offset = 0;  // in the logical line
  Position pos;            // of that byte in the file
};

struct Instruction {
  Keyword keyword = Keyword::kUnknown;
  std::string keyword_text;        // as written ("run", "Copy" ...)
  Position pos;                    // of the keyword
  std::uint32_t end_line = 0;      // last physical line (heredoc terminator included)
  std::size_t begin = 0, end = 0;  // byte range in Dockerfile::text (end excludes the newline)

  std::string line;  // logical line (see above)
  // The offset -> position map of `line`: where its first byte is ({0, 0} when there is no
  // line), then where each further physical line's run starts (none for an instruction on one
  // line, most of them: nothing to allocate).
  Position line_pos;
  std::vector<Segment> segments;
  std::vector<Flag> flags;
  std::size_t args_offset = 0;  // where the arguments start in `line`
  std::size_t args_size = 0;    // their length, trimmed
  bool json = false;            // exec form (a JSON array of strings)
  std::vector<Word> args;       // JSON elements, or the words BuildKit splits
  std::vector<Heredoc> heredocs;
  std::vector<Mount> mounts;          // RUN --mount, in order
  TypedArgs typed;                    // per keyword, see below
  std::vector<Instruction> trigger;   // ONBUILD: the instruction it holds (at most one)
  std::optional<std::size_t> stage;   // index in Dockerfile::stages; none before the first FROM
  std::vector<std::string> comments;  // comment lines right above (without '#', trimmed)

  // FROM: FromArgs. COPY, ADD: CopyArgs. ENV, LABEL: vector<KeyValue>. ARG: vector<ArgDecl>.
  // EXPOSE: vector<PortSpec>. USER: UserArgs. HEALTHCHECK: HealthcheckArgs.
  template <class T>
  [[nodiscard]] const T* as() const {
    return std::get_if<T>(&typed);
  }

  [[nodiscard]] const Flag* flag(std::string_view name) const;  // first with that name
  [[nodiscard]] Position position_at(std::size_t line_offset) const {
    // Inline for the common case (called for every word): an instruction on one line.
    if (!segments.empty()) return position_in_segments(line_offset);
    if (line_pos.line == 0) return pos;
    return {line_pos.line, line_pos.column + static_cast<std::uint32_t>(line_offset)};
  }
  // position_at() for an instruction over several physical lines.
  [[nodiscard]] Position position_in_segments(std::size_t line_offset) const;
  // The arguments (after the flags), trimmed: a view of `line`.
  [[nodiscard]] std::string_view args_text() const {
    return std::string_view(line).substr(args_offset, args_size);
  }
  // The shell form command (args_text()) when not JSON; empty otherwise.
  [[nodiscard]] bool shell_form() const { return !json; }
};

}  // namespace hardock::dockerfile
