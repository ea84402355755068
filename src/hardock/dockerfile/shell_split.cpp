#include "hardock/dockerfile/shell_split.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "hardock/dockerfile/ascii.h"

namespace hardock::dockerfile {
namespace shell_detail {

constexpr std::size_t kNpos = std::string_view::npos;

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// End (exclusive) of the $( ), ${ }, $(( )) or ` ` starting at `at`, or kNpos when
// unterminated. One explicit stack of the closers still expected.
std::size_t skip_substitution(std::string_view s, std::size_t at) {
  std::vector<char> closers;
  std::size_t j = at;
  if (s[at] == '`') {
    closers.push_back('`');
    j = at + 1;
  } else {
    closers.push_back(s[at + 1] == '(' ? ')' : '}');
    j = at + 2;
  }
  while (j < s.size() && !closers.empty()) {
    const char c = s[j];
    const char top = closers.back();
    if (c == '\\') {
      j += 2;
      continue;
    }
    if (top == '`') {
      if (c == '`') closers.pop_back();
      ++j;
      continue;
    }
    if (top == '"') {
      if (c == '"') {
        closers.pop_back();
        ++j;
      } else if (c == '$' && j + 1 < s.size() && (s[j + 1] == '(' || s[j + 1] == '{')) {
        closers.push_back(s[j + 1] == '(' ? ')' : '}');
        j += 2;
      } else {
        if (c == '`') closers.push_back('`');
        ++j;
      }
      continue;
    }
    if (c == '\'') {
      const std::size_t close = s.find('\'', j + 1);
      if (close == kNpos) return kNpos;
      j = close + 1;
      continue;
    }
    if (c == '"' || c == '`') {
      closers.push_back(c);
      ++j;
      continue;
    }
    if (c == '$' && j + 1 < s.size() && (s[j + 1] == '(' || s[j + 1] == '{')) {
      closers.push_back(s[j + 1] == '(' ? ')' : '}');
      j += 2;
      continue;
    }
    if (c == '(' && top == ')') {
      closers.push_back(')');
    } else if (c == top) {
      closers.pop_back();
    }
    ++j;
  }
  return closers.empty() ? j : kNpos;
}

// Bytes that never end a word nor start a quote, escape, substitution or operator.
constexpr std::array<bool, 256> kPlain = bytes_except(" \t\r\n\\'\"`&|;()<>$");

bool plain(char c) { return kPlain[static_cast<unsigned char>(c)]; }

// Reserved words (if then else elif do while until time fi done esac) are 2 to 5 lowercase
// letters: most words are ruled out by their length or first byte before any comparison.
bool is_reserved(std::string_view word) {
  if (word.size() < 2 || word.size() > 5) return false;
  switch (word[0]) {
    case 'i':
      return word == "if";
    case 't':
      return word == "then" || word == "time";
    case 'e':
      return word == "else" || word == "elif" || word == "esac";
    case 'd':
      return word == "do" || word == "done";
    case 'w':
      return word == "while";
    case 'u':
      return word == "until";
    case 'f':
      return word == "fi";
    default:
      return false;
  }
}

// Splits one script into `out`, appending its commands and diagnostics; the words' bytes go to
// `buf` from `used` on (at most s.size() bytes: no word holds more bytes than it was read from).
// `At` maps an offset in `s` to a Position: a template rather than a std::function, so that the
// call for every word is direct (and usually inlined).
// Where a command's assignments and words are in the word pool (assignments first, then words,
// contiguous): the pool grows while a file is split, so the commands' views are set once it is
// complete (set_views).
struct WordRange {
  std::size_t first = 0;
  std::size_t assignments = 0;
  std::size_t words = 0;
};

// What the splits of one script, or of every RUN of a file, share: the words, the commands and,
// per command (same index), where its words are; and which script holds which commands.
struct WordPool {
  std::vector<ShellWord> words;
  std::vector<SimpleCommand> commands;
  std::vector<WordRange> ranges;
  struct Owner {
    ShellScript* script;
    std::size_t first, count;  // in commands
  };
  std::vector<Owner> owners;
};

template <class At>
class Splitter {
 public:
  Splitter(std::string_view s, const At& at, ShellScript& out, WordPool& pool, char* buf,
           std::size_t used, std::size_t cap)
      : s_(s),
        at_(at),
        diagnostics_(out.diagnostics),
        diagnostics_before_(out.diagnostics.size()),
        pool_(pool),
        cmd_first_(pool.words.size()),
        buf_(buf),
        used_(used),
        cap_(cap) {}

  // The end of the bytes written to the buffer.
  std::size_t run() {
    std::size_t i = 0;
    while (i < s_.size()) {
      const char c = s_[i];
      if (kPlain[static_cast<unsigned char>(c)] && (c != '#' || in_word_)) {
        // The common case first: a run of plain bytes (a '#' starting a word is a comment).
        i = plain_run(i);
      } else if (c == ' ' || c == '\t' || c == '\r') {
        finish_word();
        ++i;
      } else if (c == '\n') {
        end_command("\n");
        ++i;
        i = skip_heredoc_bodies(i);
      } else if (c == '#' && !in_word_) {
        const std::size_t newline = s_.find('\n', i);
        i = newline == kNpos ? s_.size() : newline;
      } else if (c == '\\') {
        if (i + 1 < s_.size() && s_[i + 1] == '\n') {
          i += 2;
          continue;
        }
        start_word(i);
        if (i + 1 < s_.size()) put(s_[i + 1]);
        word_.quoted = true;
        i += 2;
      } else if (c == '\'') {
        start_word(i);
        word_.quoted = true;
        const std::size_t close = s_.find('\'', i + 1);
        if (close == kNpos) {
          diagnose(i, "unterminated-quote", "unterminated single quote in shell command");
          put(s_.substr(i + 1));
          i = s_.size();
        } else {
          put(s_.substr(i + 1, close - i - 1));
          i = close + 1;
        }
      } else if (c == '"') {
        start_word(i);
        word_.quoted = true;
        i = double_quoted(i);
      } else if ((c == '$' && i + 1 < s_.size() && (s_[i + 1] == '(' || s_[i + 1] == '{')) ||
                 c == '`') {
        start_word(i);
        const std::size_t end = skip_substitution(s_, i);
        if (end == kNpos) {
          diagnose(i, "unterminated-substitution",
                   "unterminated command substitution or ${...} in shell command");
          put(s_.substr(i));
          i = s_.size();
        } else {
          put(s_.substr(i, end - i));
          i = end;
        }
      } else if (c == '&' || c == '|' || c == ';') {
        i = control(i);
      } else if (c == '(') {
        if (in_word_ && i + 1 < s_.size() && s_[i + 1] == ')') {  // name() function header
          put("()");
          i += 2;
          continue;
        }
        end_command("(");
        cmd_.depth = ++depth_;
        ++i;
      } else if (c == ')') {
        end_command(")");
        if (depth_ > 0) --depth_;
        cmd_.depth = depth_;
        ++i;
      } else if (c == '<' || c == '>') {
        i = redirect(i);
      } else {
        i = plain_run(i);
      }
    }
    end_command("");
    return used_;
  }

 private:
  // A run of plain bytes from `i` (whose byte is one), appended at once rather than byte by byte;
  // returns where it ends.
  std::size_t plain_run(std::size_t i) {
    start_word(i);
    std::size_t end = i + 1;
    for (;;) {
      // Four bytes per bound check: this scan covers most bytes of every script.
      while (end + 4 <= s_.size() && plain(s_[end]) && plain(s_[end + 1]) && plain(s_[end + 2]) &&
             plain(s_[end + 3])) {
        end += 4;
      }
      while (end < s_.size() && plain(s_[end])) ++end;
      // The run stops at a byte kPlain excludes; of those, run() appends only a '$' that starts
      // no substitution to the word unchanged: the run goes on past it.
      if (end < s_.size() && s_[end] == '$' &&
          (end + 1 >= s_.size() || (s_[end + 1] != '(' && s_[end + 1] != '{'))) {
        ++end;
        continue;
      }
      break;
    }
    put(s_.substr(i, end - i));
    return end;
  }

  void diagnose(std::size_t offset, std::string code, std::string message) {
    if (diagnostics_.size() - diagnostics_before_ < 16) {
      diagnostics_.push_back(
          {at_(offset), DiagnosticSeverity::kError, std::move(code), std::move(message)});
    }
  }

  void start_word(std::size_t offset) {
    if (in_word_) return;
    in_word_ = true;
    // text and pos are set when the word ends (finish_word): only these two need a reset.
    word_.offset = offset;
    word_.quoted = false;
    word_start_ = used_;
  }

  // Bytes of the current word. The bound never cuts (see the class comment); it keeps a
  // mistake in that reasoning from writing past the buffer.
  void put(std::string_view bytes) {
    const std::size_t n = std::min(bytes.size(), cap_ - used_);
    if (n != 0) std::memcpy(buf_ + used_, bytes.data(), n);
    used_ += n;
  }
  void put(char c) {
    if (used_ < cap_) buf_[used_++] = c;
  }
  std::string_view word_text() const {
    return std::string_view(buf_ + word_start_, used_ - word_start_);
  }

  std::size_t double_quoted(std::size_t i) {
    std::size_t j = i + 1;
    while (j < s_.size()) {
      const char c = s_[j];
      if (c == '"') return j + 1;
      if (c == '\\' && j + 1 < s_.size()) {
        const char next = s_[j + 1];
        if (next == '\n') {
          j += 2;
          continue;
        }
        if (next == '$' || next == '`' || next == '"' || next == '\\') {
          put(next);
        } else {
          put(c);
          put(next);
        }
        j += 2;
        continue;
      }
      if ((c == '$' && j + 1 < s_.size() && (s_[j + 1] == '(' || s_[j + 1] == '{')) || c == '`') {
        const std::size_t end = skip_substitution(s_, j);
        if (end == kNpos) break;
        put(s_.substr(j, end - j));
        j = end;
        continue;
      }
      put(c);
      ++j;
    }
    diagnose(i, "unterminated-quote", "unterminated double quote in shell command");
    return s_.size();
  }

  std::size_t control(std::size_t i) {
    const char c = s_[i];
    const char next = i + 1 < s_.size() ? s_[i + 1] : '\0';
    if (c == '&' && next == '>') return redirect(i);
    if (c == '>' || c == '<') return redirect(i);
    // The operator as a view of a literal: SimpleCommand::separator keeps it.
    std::string_view op;
    if (c == '&') {
      op = next == '&' ? "&&" : "&";
    } else if (c == '|') {
      op = next == '|' ? "||" : next == '&' ? "|&" : "|";
    } else {
      op = next == ';' ? ";;" : next == '&' ? ";&" : ";";
    }
    end_command(op);
    return i + op.size();
  }

  std::size_t redirect(std::size_t i) {
    std::string op;
    const std::string_view text = word_text();
    if (in_word_ && !word_.quoted && !text.empty() &&
        std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      op = text;  // an fd: 2>
      in_word_ = false;
    } else {
      finish_word();
    }
    static constexpr std::string_view kOps[] = {"&>>", "<<<", "<<-", "<<", "<>", "<&",
                                                ">>",  ">&",  ">|",  "&>", "<",  ">"};
    for (const auto candidate : kOps) {
      if (s_.substr(i, candidate.size()) == candidate) {
        op += candidate;
        pending_redirect_ = op;
        return i + candidate.size();
      }
    }
    return i + 1;
  }

  // Flattened: called for every word, and its calls (the position, the pool's push_back) are
  // small enough to inline; left out of line they cost as much as the rest.
  [[gnu::flatten]] void finish_word() {
    if (!in_word_) return;
    in_word_ = false;
    word_.text = word_text();
    word_.pos = at_(word_.offset);
    if (!pending_redirect_.empty()) {
      if (pending_redirect_.ends_with("<<") || pending_redirect_.ends_with("<<-")) {
        heredocs_.push_back({word_.text, pending_redirect_.ends_with('-')});
      }
      cmd_.redirects.push_back({std::move(pending_redirect_), std::move(word_)});
      pending_redirect_.clear();
      return;
    }
    const bool at_start = cmd_words_ == 0 && cmd_assignments_ == 0;
    if (at_start && !word_.quoted) {
      const std::string_view text = word_.text;
      if (text == "{") {
        end_command("{");
        cmd_.depth = ++depth_;
        return;
      }
      if (text == "}") {
        end_command("}");
        if (depth_ > 0) --depth_;
        cmd_.depth = depth_;
        return;
      }
      if (text == "!") {
        cmd_.negated = true;
        return;
      }
      if (is_reserved(text)) return;
    }
    // Assignments come before the first word: both go to the pool in order, contiguous.
    if (cmd_words_ == 0 && is_assignment()) {
      pool_.words.push_back(word_);
      ++cmd_assignments_;
      return;
    }
    pool_.words.push_back(word_);
    ++cmd_words_;
  }

  bool is_assignment() const {
    const std::string_view raw = s_.substr(word_.offset);
    if (raw.empty() || !name_start(raw[0])) return false;
    std::size_t k = 1;
    while (k < raw.size() && name_char(raw[k])) ++k;
    return k < raw.size() && raw[k] == '=';
  }

  // `separator` is a literal (static storage): SimpleCommand keeps the view.
  void end_command(std::string_view separator) {
    finish_word();
    if (cmd_words_ != 0 || cmd_assignments_ != 0 || !cmd_.redirects.empty()) {
      cmd_.pos = cmd_words_ != 0         ? pool_.words[cmd_first_ + cmd_assignments_].pos
                 : cmd_assignments_ != 0 ? pool_.words[cmd_first_].pos
                                         : cmd_.redirects.front().target.pos;
      cmd_.separator = separator;
      pool_.commands.push_back(std::move(cmd_));
      pool_.ranges.push_back({cmd_first_, cmd_assignments_, cmd_words_});
    }
    cmd_first_ = pool_.words.size();
    cmd_assignments_ = 0;
    cmd_words_ = 0;
    // Moved from or never filled: its vectors hold nothing. Reset field by field rather than
    // through a temporary SimpleCommand.
    cmd_.redirects.clear();
    cmd_.pos = {};
    cmd_.separator = {};
    cmd_.negated = false;
    cmd_.depth = depth_;
    pending_redirect_.clear();
  }

  // After the line holding `cmd <<EOF`: its body, up to the delimiter line, is data.
  std::size_t skip_heredoc_bodies(std::size_t i) {
    for (const auto& [delimiter, chomp] : heredocs_) {
      while (i < s_.size()) {
        std::size_t newline = s_.find('\n', i);
        if (newline == kNpos) newline = s_.size();
        std::string_view body_line = s_.substr(i, newline - i);
        if (!body_line.empty() && body_line.back() == '\r') body_line.remove_suffix(1);
        if (chomp) {
          while (!body_line.empty() && body_line.front() == '\t') body_line.remove_prefix(1);
        }
        i = std::min(newline + 1, s_.size());
        if (body_line == delimiter) break;
      }
    }
    heredocs_.clear();
    return i;
  }

  std::string_view s_;
  const At& at_;
  std::vector<Diagnostic>& diagnostics_;  // the script's
  std::size_t diagnostics_before_;        // this script's own diagnostics are bounded
  WordPool& pool_;
  std::size_t cmd_first_;  // the current command's first entry in pool_.words
  std::size_t cmd_assignments_ = 0;
  std::size_t cmd_words_ = 0;
  char* buf_;
  std::size_t used_;
  std::size_t cap_;
  std::size_t word_start_ = 0;  // in buf_
  SimpleCommand cmd_;
  ShellWord word_;
  bool in_word_ = false;
  std::uint32_t depth_ = 0;
  std::string pending_redirect_;
  std::vector<std::pair<std::string_view, bool>> heredocs_;  // delimiters, in buf_
};

// Offsets in the arguments of a RUN's line to positions in the file. The splitter asks in
// increasing order (nearly always), so the physical line of the last answer is where the next
// search starts: a step or two instead of a binary search per word.
struct LinePositions {
  explicit LinePositions(const Instruction& inst) : inst_(inst) {}
  Position operator()(std::size_t off) const {
    const std::vector<Segment>& segments = inst_.segments;
    if (segments.empty()) return inst_.position_at(inst_.args_offset + off);
    if (inst_.line_pos.line == 0) return inst_.pos;
    const std::size_t at = inst_.args_offset + off;
    // next_: the first segment after the last answer's (or 0); restart when asked for less.
    if (next_ > 0 && at < segments[next_ - 1].offset) next_ = 0;
    while (next_ < segments.size() && segments[next_].offset <= at) ++next_;
    if (next_ == 0) {  // on the first physical line
      return {inst_.line_pos.line, inst_.line_pos.column + static_cast<std::uint32_t>(at)};
    }
    const Segment& seg = segments[next_ - 1];
    return {seg.pos.line, seg.pos.column + static_cast<std::uint32_t>(at - seg.offset)};
  }

 private:
  const Instruction& inst_;
  mutable std::size_t next_ = 0;
};

bool is_shell(std::string_view word) {
  const std::size_t slash = word.rfind('/');
  const std::string_view base = slash == kNpos ? word : word.substr(slash + 1);
  return base == "sh" || base == "bash" || base == "dash" || base == "ash" || base == "zsh" ||
         base == "ksh";
}

// What the views of one or more scripts point into: their words' bytes, the words and the commands.
// Each script's `text` is an aliasing pointer into it (to its bytes), so it alone keeps all alive:
// one reference count per script, one object per file.
struct WordStore {
  std::unique_ptr<char[]> bytes;
  std::vector<ShellWord> words;
  std::vector<SimpleCommand> commands;
};

std::shared_ptr<WordStore> word_store(std::size_t bytes) {
  auto store = std::make_shared<WordStore>();
  store->bytes = std::make_unique_for_overwrite<char[]>(bytes);
  return store;
}

// The pool is complete: it moves into `store`, every command views its words and every script
// its commands (pool.owners).
void set_views(WordPool& pool, WordStore& store) {
  if (pool.commands.empty()) return;
  store.words = std::move(pool.words);
  store.commands = std::move(pool.commands);
  const std::span<const ShellWord> all(store.words);
  for (std::size_t k = 0; k < store.commands.size(); ++k) {
    const WordRange& range = pool.ranges[k];
    store.commands[k].assignments = all.subspan(range.first, range.assignments);
    store.commands[k].words = all.subspan(range.first + range.assignments, range.words);
  }
  const std::span<const SimpleCommand> commands(store.commands);
  for (const WordPool::Owner& owner : pool.owners) {
    owner.script->commands = commands.subspan(owner.first, owner.count);
  }
}

}  // namespace shell_detail

ShellScript split_shell(std::string_view script, const ShellPositionFn& at) {
  using namespace shell_detail;
  ShellScript out;
  if (script.empty()) return out;
  WordPool pool;
  const auto store = word_store(script.size());
  Splitter<ShellPositionFn>(script, at, out, pool, store->bytes.get(), 0, script.size()).run();
  pool.owners.push_back({&out, 0, pool.commands.size()});
  set_views(pool, *store);
  out.text = std::shared_ptr<const char[]>(store, store->bytes.get());
  return out;
}

namespace shell_detail {

// The RUN split_run() reads for `run`: itself, or an ONBUILD's RUN trigger; null for others.
const Instruction* run_of(const Instruction& run) {
  const Instruction& inst =
      run.keyword == Keyword::kOnbuild && !run.trigger.empty() ? run.trigger.front() : run;
  return inst.keyword == Keyword::kRun ? &inst : nullptr;
}

// The exec form's script: the third element of ["sh", "-c", "..."]; null when none.
const Word* exec_script(const Instruction& inst) {
  if (inst.args.size() >= 3 && is_shell(inst.args[0].value()) && inst.args[1].value() == "-c") {
    return &inst.args[2];
  }
  return nullptr;
}

// The bytes split_into() writes for `inst` (a RUN): no word holds more bytes than it was read
// from.
std::size_t words_bytes(const Instruction& inst) {
  if (inst.json) {
    const Word* body = exec_script(inst);
    return body == nullptr ? 0 : body->value().size();
  }
  std::size_t size = inst.args_text().size();
  for (const Heredoc& doc : inst.heredocs) size += doc.raw_content.size();
  return size;
}

// The commands of `inst` (a RUN) appended to pool.commands, its diagnostics to `script`: see
// split_into().
void split_commands(const Instruction& inst, ShellScript& script, WordPool& pool, char* words,
                    std::size_t size) {
  if (inst.json) {
    if (const Word* body = exec_script(inst)) {
      const auto at = [body](std::size_t off) {
        return Position{body->pos.line, body->pos.column + 1 + static_cast<std::uint32_t>(off)};
      };
      const std::string_view text = body->value();
      Splitter(text, at, script, pool, words, 0, size).run();
    }
    return;
  }
  const std::size_t first = pool.commands.size();  // this script's first command
  const LinePositions at(inst);
  std::size_t used = Splitter(inst.args_text(), at, script, pool, words, 0, size).run();
  const std::size_t count = pool.commands.size() - first;
  // Which heredocs are scripts: the whole command is the heredoc (RUN <<EOF), or a shell reads
  // it on stdin (RUN bash <<EOF, RUN set -e && sh <<-EOF).
  // (Most RUNs have no heredoc: nothing to look for.)
  std::vector<bool> script_doc;
  if (!inst.heredocs.empty()) {
    script_doc.assign(inst.heredocs.size(), false);
    std::size_t doc_index = 0;
    for (std::size_t k = first; k < first + count; ++k) {
      const WordRange& range = pool.ranges[k];
      for (const auto& redirect : pool.commands[k].redirects) {
        if (!redirect.op.ends_with("<<") && !redirect.op.ends_with("<<-")) continue;
        if (doc_index < script_doc.size()) {
          script_doc[doc_index] =
              range.words == 0 ||
              is_shell(pool.words[range.first + range.assignments].text);  // the command's name
        }
        ++doc_index;
      }
    }
  }
  // Commands of redirections alone are dropped (their ranges with them, in step).
  std::size_t kept = first;
  for (std::size_t k = first; k < first + count; ++k) {
    const WordRange& range = pool.ranges[k];
    if (range.words == 0 && range.assignments == 0) continue;
    if (kept != k) {
      pool.commands[kept] = std::move(pool.commands[k]);
      pool.ranges[kept] = range;
    }
    ++kept;
  }
  pool.commands.resize(kept);
  pool.ranges.resize(kept);
  if (inst.heredocs.empty()) return;
  std::vector<std::size_t> line_starts;
  for (std::size_t k = 0; k < inst.heredocs.size(); ++k) {
    if (!script_doc[k]) continue;
    const Heredoc& doc = inst.heredocs[k];
    // Offsets in raw_content (tabs not chomped) map to lines and columns of the file.
    line_starts.assign(1, 0);
    for (std::size_t off = 0; off < doc.raw_content.size(); ++off) {
      if (doc.raw_content[off] == '\n') line_starts.push_back(off + 1);
    }
    const auto body_at = [&doc, &line_starts](std::size_t off) {
      const auto it = std::upper_bound(line_starts.begin(), line_starts.end(), off);
      const auto line_index = static_cast<std::uint32_t>(it - line_starts.begin() - 1);
      return Position{doc.body_line + line_index,
                      static_cast<std::uint32_t>(off - line_starts[line_index] + 1)};
    };
    used = Splitter(doc.raw_content, body_at, script, pool, words, used, size).run();
  }
}

// split_run() of `inst` (a RUN) into `script`, its words' bytes written to `words` (`size` ==
// words_bytes(inst) bytes), its words and commands to `pool` (views set later: set_views).
void split_into(const Instruction& inst, ShellScript& script, WordPool& pool, char* words,
                std::size_t size) {
  const std::size_t first = pool.commands.size();  // this script's first command
  split_commands(inst, script, pool, words, size);
  pool.owners.push_back({&script, first, pool.commands.size() - first});
}

}  // namespace shell_detail

ShellScript split_run(const Instruction& run) {
  using namespace shell_detail;
  ShellScript script;
  const Instruction* inst = run_of(run);
  if (inst == nullptr) return script;
  const std::size_t size = words_bytes(*inst);
  if (size == 0) return script;  // nothing to split
  WordPool pool;
  const auto store = word_store(size);
  split_into(*inst, script, pool, store->bytes.get(), size);
  set_views(pool, *store);
  script.text = std::shared_ptr<const char[]>(store, store->bytes.get());
  return script;
}

std::vector<ShellScript> split_runs(const std::vector<Instruction>& instructions) {
  using namespace shell_detail;
  std::vector<ShellScript> scripts(instructions.size());
  std::size_t total = 0;
  std::size_t runs = 0;
  for (const Instruction& run : instructions) {
    if (const Instruction* inst = run_of(run)) {
      total += words_bytes(*inst);
      ++runs;
    }
  }
  if (total == 0) return scripts;  // no RUN has anything to split
  // One store for the words' bytes and the words of every RUN (each script's `text` an aliasing
  // pointer to its own bytes): a file's scripts cost a few allocations, not a few per RUN.
  const auto store = word_store(total);
  char* const base = store->bytes.get();
  WordPool pool;
  pool.words.reserve(std::min<std::size_t>(total / 6, 4096) + 8);  // words: a few bytes, a blank
  pool.commands.reserve(runs * 3 + 4);  // two or three commands per RUN, most often
  pool.ranges.reserve(runs * 3 + 4);
  pool.owners.reserve(runs);
  std::size_t used = 0;
  for (std::size_t k = 0; k < instructions.size(); ++k) {
    const Instruction* inst = run_of(instructions[k]);
    if (inst == nullptr) continue;
    const std::size_t size = words_bytes(*inst);
    ShellScript& script = scripts[k];
    if (size != 0) script.text = std::shared_ptr<const char[]>(store, base + used);
    split_into(*inst, script, pool, base + used, size);
    used += size;
  }
  set_views(pool, *store);
  return scripts;
}

}  // namespace hardock::dockerfile
