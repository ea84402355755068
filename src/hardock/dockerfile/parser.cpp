// The line layer of the parser: BOM, line breaks, parser directives, continuation lines,
// comments and heredoc bodies, as BuildKit's parser.Parse reads them.
#include <algorithm>
#include <array>
#include <cctype>

#include "hardock/dockerfile/ascii.h"
#include "hardock/dockerfile/dockerfile.h"
#include "hardock/dockerfile/heredoc.h"
#include "hardock/dockerfile/parse_steps.h"
#include "hardock/dockerfile/words.h"

namespace hardock::dockerfile {

void DiagnosticSink::add(Position pos, DiagnosticSeverity severity, std::string code,
                         std::string message) {
  if (out_.size() > kMaxDiagnostics) return;
  if (out_.size() == kMaxDiagnostics) {
    out_.push_back({pos, DiagnosticSeverity::kError, "too-many-diagnostics",
                    "more than " + std::to_string(kMaxDiagnostics) + " problems, stopped listing"});
    return;
  }
  out_.push_back({pos, severity, std::move(code), std::move(message)});
}

namespace parser_detail {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// A physical line of the text: where it starts, and where it ends (one trailing '\r' and the
// '\n' excluded). Both in one vector: one allocation and one push per line.
struct LineSpan {
  std::size_t start;
  std::size_t end;
};
using Lines = std::vector<LineSpan>;

Lines split_lines(std::string_view text) {
  Lines lines;
  // Room for lines of 24 bytes on average (a Dockerfile's are longer), rather than a first pass
  // that counts them: more lines only grow the vector.
  lines.reserve(text.size() / 24 + 2);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t newline = text.find('\n', pos);
    const std::size_t stop = newline == std::string_view::npos ? text.size() : newline;
    lines.push_back({pos, stop > pos && text[stop - 1] == '\r' ? stop - 1 : stop});
    pos = newline == std::string_view::npos ? text.size() : newline + 1;
  }
  return lines;
}

std::string_view trim_left(std::string_view text) {
  std::size_t at = 0;
  while (at < text.size() && is_space(text[at])) ++at;
  return text.substr(at);
}

std::string_view trim_newline(std::string_view text) {  // BuildKit's trimNewline
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
  return text;
}

// BuildKit: the escape character followed by blanks at the end of the line continues it.
// (Inline: called for every line of every instruction.)
inline bool trim_continuation(std::string_view& text, char escape) {
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  if (end == 0 || text[end - 1] != escape) return false;
  text = text.substr(0, end - 1);
  return true;
}

// ^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$
bool match_directive(std::string_view line, std::string& name, std::string& value) {
  if (line.empty() || line[0] != '#') return false;
  std::size_t at = 1;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  const std::size_t name_start = at;
  if (at >= line.size() || !std::isalpha(static_cast<unsigned char>(line[at]))) return false;
  while (at < line.size() && std::isalnum(static_cast<unsigned char>(line[at]))) ++at;
  name = lower(line.substr(name_start, at - name_start));
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  if (at >= line.size() || line[at] != '=') return false;
  ++at;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  std::size_t end = line.size();
  while (end > at && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  if (end == at) return false;
  value = std::string(line.substr(at, end - at));
  return true;
}

class LineParser {
 public:
  LineParser(Dockerfile& file, DiagnosticSink& sink)
      : file_(file), sink_(sink), lines_(split_lines(file.text)) {
    pieces_.reserve(16);  // the lines of one instruction: rarely more
  }

  void run() {
    read_directives();
    reserve_instructions();
    std::vector<std::string> comments;
    while (next_ < lines_.size()) {
      if (file_.instructions.size() >= kMaxInstructions) {
        sink_.error(at(next_, 0), "too-many-instructions",
                    "more than " + std::to_string(kMaxInstructions) + " instructions");
        return;
      }
      const std::size_t index = next_++;
      const std::string_view raw = line(index);
      const std::string_view trimmed = trim_left(raw);
      if (!trimmed.empty() && trimmed[0] == '#') {
        const std::string_view body = trim_left(trim_newline(trimmed.substr(1)));
        std::string_view text = body;
        while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
        if (text.empty()) {
          comments.clear();
        } else {
          comments.emplace_back(text);
        }
        continue;
      }
      if (trimmed.empty()) continue;
      read_instruction(index, raw.size() - trimmed.size(), comments);
    }
  }

 private:
  Position at(std::size_t index, std::size_t column0) const {
    return {static_cast<std::uint32_t>(index + 1), static_cast<std::uint32_t>(column0 + 1)};
  }

  // A physical line; an over-long one reads as empty after one diagnostic.
  std::string_view line(std::size_t index) {
    const std::size_t len = lines_[index].end - lines_[index].start;
    if (len > kMaxLineBytes) [[unlikely]] {
      return too_long(index);
    }
    // start + len <= text.size() (split_lines): a view without substr's check.
    return std::string_view(file_.text.data() + lines_[index].start, len);
  }

  // Out of line, so that line() (called for every physical line) inlines.
  [[gnu::noinline]] std::string_view too_long(std::size_t index) {
    sink_.error(at(index, 0), "line-too-long",
                "line longer than " + std::to_string(kMaxLineBytes) + " bytes, ignored");
    return {};
  }

  void read_directives() {
    for (; next_ < lines_.size(); ++next_) {
      const std::string_view raw = line(next_);
      const std::string_view trimmed = trim_left(raw);
      std::string name, value;
      if (!match_directive(trim_newline(trimmed), name, value)) return;
      if (name != "syntax" && name != "escape" && name != "check") return;
      const Position pos = at(next_, raw.size() - trimmed.size());
      if (file_.directive(name) != nullptr) {
        sink_.error(pos, "duplicate-directive",
                    "only one " + name + " parser directive can be used");
        continue;
      }
      if (name == "escape") {
        if (value != "\\" && value != "`") {
          sink_.error(pos, "invalid-escape",
                      "invalid escape token '" + value + "' does not match ` or \\");
          continue;
        }
        file_.escape = value[0];
      } else if (name == "check") {
        read_check(value, pos);
      }
      file_.directives.push_back({name, value, pos});
    }
  }

  // check=skip=Rule1,Rule2;error=true
  void read_check(std::string_view value, Position pos) {
    std::size_t from = 0;
    while (from <= value.size()) {
      std::size_t semi = value.find(';', from);
      if (semi == std::string_view::npos) semi = value.size();
      std::string_view part = value.substr(from, semi - from);
      while (!part.empty() && is_space(part.front())) part.remove_prefix(1);
      while (!part.empty() && is_space(part.back())) part.remove_suffix(1);
      from = semi + 1;
      if (part.empty()) continue;
      const std::size_t eq = part.find('=');
      const std::string key = lower(part.substr(0, eq));
      const std::string_view val = eq == std::string_view::npos ? "" : part.substr(eq + 1);
      if (key == "skip") {
        std::size_t item = 0;
        while (item <= val.size()) {
          std::size_t comma = val.find(',', item);
          if (comma == std::string_view::npos) comma = val.size();
          std::string_view rule = val.substr(item, comma - item);
          while (!rule.empty() && is_space(rule.front())) rule.remove_prefix(1);
          while (!rule.empty() && is_space(rule.back())) rule.remove_suffix(1);
          if (!rule.empty()) file_.check_skip.emplace_back(rule);
          item = comma + 1;
        }
      } else if (key == "error") {
        const std::string flag = lower(val);
        if (flag != "true" && flag != "false") {
          sink_.warning(
              pos, "invalid-check-directive",
              "check directive: error= takes true or false, not '" + std::string(val) + "'");
        }
        file_.check_error = flag == "true";
      } else {
        sink_.warning(pos, "invalid-check-directive",
                      "check directive: unknown key '" + key + "' (skip, error)");
      }
    }
  }

  // Every instruction starts on a line whose first non-blank byte is no '#': their count bounds
  // the instructions, so the vector never moves its (large) Instructions while growing.
  void reserve_instructions() {
    std::size_t candidates = 0;
    for (std::size_t index = next_; index < lines_.size(); ++index) {
      std::size_t at = lines_[index].start;
      const std::size_t stop = lines_[index].end;
      while (at < stop && is_space(file_.text[at])) ++at;
      if (at < stop && file_.text[at] != '#') ++candidates;
    }
    file_.instructions.reserve(std::min(candidates, kMaxInstructions));
  }

  // Takes `comments` (the comment lines right above), leaving it empty for the next instruction.
  void read_instruction(std::size_t first, std::size_t indent, std::vector<std::string>& comments) {
    // Built in place: an Instruction is large, and the vector has room (reserve_instructions).
    Instruction& inst = file_.instructions.emplace_back();
    if (!comments.empty()) inst.comments.swap(comments);  // inst.comments is new: empty
    inst.begin = lines_[first].start + indent;
    // The pieces are gathered first so that `line` and `segments` are allocated once.
    pieces_.clear();
    std::string_view piece = trim_newline(line(first).substr(indent));
    bool more = trim_continuation(piece, file_.escape);
    pieces_.push_back({piece, at(first, indent)});
    std::size_t total = piece.size();
    std::size_t last = first;
    bool empty_continuation = false;
    while (more && next_ < lines_.size()) {
      const std::size_t index = next_++;
      const std::string_view raw = trim_newline(line(index));
      const std::string_view trimmed = trim_left(raw);
      if (!trimmed.empty() && trimmed[0] == '#') continue;  // BuildKit skips these
      if (trimmed.empty()) {
        empty_continuation = true;
        continue;
      }
      piece = raw;
      more = trim_continuation(piece, file_.escape);
      pieces_.push_back({piece, at(index, 0)});
      total += piece.size();
      last = index;
    }
    inst.line_pos = pieces_.front().second;
    if (pieces_.size() == 1) {
      inst.line.assign(pieces_.front().first);  // most instructions: one allocation, one copy
    } else {
      inst.line.reserve(total);
      inst.line.append(pieces_.front().first);
    }
    if (pieces_.size() > 1) inst.segments.reserve(pieces_.size() - 1);
    for (std::size_t k = 1; k < pieces_.size(); ++k) {
      inst.segments.push_back({inst.line.size(), pieces_[k].second});
      inst.line.append(pieces_[k].first);
    }
    parse_head(inst, 0, file_.escape, sink_);
    if (empty_continuation) {
      sink_.warning(inst.pos, "empty-continuation-line",
                    "empty continuation line inside " + std::string(keyword_name(inst.keyword)) +
                        " (deprecated by BuildKit)");
    }
    const bool heredoc_capable = (inst.keyword == Keyword::kRun || inst.keyword == Keyword::kCopy ||
                                  inst.keyword == Keyword::kAdd) &&
                                 !inst.json;
    if (heredoc_capable && inst.line.find("<<") != std::string::npos) {
      read_heredocs(inst, last);
    }
    inst.end_line = static_cast<std::uint32_t>(last + 1);
    inst.end = lines_[last].end;
    for (auto& trigger : inst.trigger) {
      trigger.end_line = inst.end_line;
      trigger.end = inst.end;
    }
    parse_arguments(inst, file_.escape, sink_);
  }

  void read_heredocs(Instruction& inst, std::size_t& last) {
    const std::string_view args = std::string_view(inst.line).substr(inst.args_offset);
    auto markers = heredoc_markers(args);
    if (markers.size() > kMaxHeredocsPerInstruction) {
      sink_.error(inst.pos, "too-many-heredocs",
                  "more than " + std::to_string(kMaxHeredocsPerInstruction) +
                      " heredocs in one instruction");
      markers.resize(kMaxHeredocsPerInstruction);
    }
    for (auto& marker : markers) {
      Heredoc doc;
      doc.name = std::move(marker.name);
      doc.expand = marker.expand;
      doc.chomp = marker.chomp;
      doc.fd = marker.fd;
      doc.pos = inst.position_at(inst.args_offset + marker.offset);
      doc.body_line = static_cast<std::uint32_t>(next_ + 1);
      bool terminated = false;
      while (next_ < lines_.size()) {
        const std::size_t index = next_++;
        last = index;
        const std::string_view raw = line(index);
        std::string_view candidate = trim_newline(raw);
        if (doc.chomp) {
          while (!candidate.empty() && candidate.front() == '\t') candidate.remove_prefix(1);
        }
        if (candidate == doc.name) {
          terminated = true;
          break;
        }
        doc.raw_content.append(raw);
        doc.raw_content += '\n';
        if (doc.chomp) {  // otherwise the content is the raw content: copied once, below
          std::string_view body = raw;
          while (!body.empty() && body.front() == '\t') body.remove_prefix(1);
          doc.content.append(body);
          doc.content += '\n';
        }
      }
      if (!doc.chomp) doc.content = doc.raw_content;
      if (!terminated) {
        sink_.error(doc.pos, "unterminated-heredoc",
                    "unterminated heredoc: no line '" + doc.name + "' after line " +
                        std::to_string(inst.pos.line));
        inst.heredocs.push_back(std::move(doc));
        return;
      }
      inst.heredocs.push_back(std::move(doc));
    }
  }

  Dockerfile& file_;
  DiagnosticSink& sink_;
  Lines lines_;
  std::size_t next_ = 0;
  std::vector<std::pair<std::string_view, Position>> pieces_;  // of one instruction, reused
};

}  // namespace parser_detail

namespace {

constexpr std::array<std::pair<Keyword, std::string_view>, 18> kKeywords{{
    {Keyword::kFrom, "FROM"},
    {Keyword::kRun, "RUN"},
    {Keyword::kCmd, "CMD"},
    {Keyword::kLabel, "LABEL"},
    {Keyword::kMaintainer, "MAINTAINER"},
    {Keyword::kExpose, "EXPOSE"},
    {Keyword::kEnv, "ENV"},
    {Keyword::kAdd, "ADD"},
    {Keyword::kCopy, "COPY"},
    {Keyword::kEntrypoint, "ENTRYPOINT"},
    {Keyword::kVolume, "VOLUME"},
    {Keyword::kUser, "USER"},
    {Keyword::kWorkdir, "WORKDIR"},
    {Keyword::kArg, "ARG"},
    {Keyword::kOnbuild, "ONBUILD"},
    {Keyword::kStopsignal, "STOPSIGNAL"},
    {Keyword::kHealthcheck, "HEALTHCHECK"},
    {Keyword::kShell, "SHELL"},
}};

}  // namespace

std::string_view keyword_name(Keyword keyword) {
  for (const auto& [key, name] : kKeywords) {
    if (key == keyword) return name;
  }
  return "";
}

Keyword keyword_from(std::string_view word) {
  // Dispatched on the first letter (called for every instruction): at most three names to
  // compare, byte by byte, case-insensitively.
  const auto is = [word](std::string_view name) {
    if (name.size() != word.size()) return false;
    for (std::size_t k = 0; k < name.size(); ++k) {
      if (ascii_upper(word[k]) != name[k]) return false;
    }
    return true;
  };
  if (word.empty()) return Keyword::kUnknown;
  switch (ascii_upper(word[0])) {
    case 'A':
      return is("ADD") ? Keyword::kAdd : is("ARG") ? Keyword::kArg : Keyword::kUnknown;
    case 'C':
      return is("CMD") ? Keyword::kCmd : is("COPY") ? Keyword::kCopy : Keyword::kUnknown;
    case 'E':
      return is("ENV")          ? Keyword::kEnv
             : is("EXPOSE")     ? Keyword::kExpose
             : is("ENTRYPOINT") ? Keyword::kEntrypoint
                                : Keyword::kUnknown;
    case 'F':
      return is("FROM") ? Keyword::kFrom : Keyword::kUnknown;
    case 'H':
      return is("HEALTHCHECK") ? Keyword::kHealthcheck : Keyword::kUnknown;
    case 'L':
      return is("LABEL") ? Keyword::kLabel : Keyword::kUnknown;
    case 'M':
      return is("MAINTAINER") ? Keyword::kMaintainer : Keyword::kUnknown;
    case 'O':
      return is("ONBUILD") ? Keyword::kOnbuild : Keyword::kUnknown;
    case 'R':
      return is("RUN") ? Keyword::kRun : Keyword::kUnknown;
    case 'S':
      return is("SHELL")        ? Keyword::kShell
             : is("STOPSIGNAL") ? Keyword::kStopsignal
                                : Keyword::kUnknown;
    case 'U':
      return is("USER") ? Keyword::kUser : Keyword::kUnknown;
    case 'V':
      return is("VOLUME") ? Keyword::kVolume : Keyword::kUnknown;
    case 'W':
      return is("WORKDIR") ? Keyword::kWorkdir : Keyword::kUnknown;
    default:
      return Keyword::kUnknown;
  }
}

std::optional<std::string_view> Mount::option(std::string_view key) const {
  for (const auto& [name, value] : options) {
    if (name == key) return std::string_view(value);
  }
  return std::nullopt;
}

const Flag* Instruction::flag(std::string_view name) const {
  for (const auto& f : flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Position Instruction::position_in_segments(std::size_t line_offset) const {
  if (line_pos.line == 0) return pos;
  auto seg = std::upper_bound(segments.begin(), segments.end(), line_offset,
                              [](std::size_t off, const Segment& s) { return off < s.offset; });
  if (seg == segments.begin()) {  // on the first physical line
    return {line_pos.line, line_pos.column + static_cast<std::uint32_t>(line_offset)};
  }
  --seg;
  return {seg->pos.line, seg->pos.column + static_cast<std::uint32_t>(line_offset - seg->offset)};
}

bool Dockerfile::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == DiagnosticSeverity::kError; });
}

const Directive* Dockerfile::directive(std::string_view name) const {
  for (const auto& d : directives) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

std::optional<std::size_t> Dockerfile::find_stage(std::string_view name_or_index) const {
  const std::string_view wanted = name_or_index;
  for (const auto& stage : stages) {  // names are lowercased: no lowered copy of `wanted`
    if (!stage.name.empty() && iequals(wanted, stage.name)) return stage.index;
  }
  if (!wanted.empty() && wanted.size() <= 9 &&
      std::all_of(wanted.begin(), wanted.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::size_t index = 0;  // at most nine digits: no overflow
    for (const char c : wanted) index = index * 10 + static_cast<std::size_t>(c - '0');
    if (index < stages.size()) return index;
  }
  return std::nullopt;
}

Dockerfile parse(std::string_view text) {
  Dockerfile file;
  DiagnosticSink sink(file.diagnostics);
  if (text.size() > kMaxFileBytes) {
    sink.error({1, 1}, "file-too-large",
               "Dockerfile larger than " + std::to_string(kMaxFileBytes) + " bytes, not read");
    return file;
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    file.bom = true;
    text.remove_prefix(3);
  }
  file.text = std::string(text);
  const std::size_t newline = text.find('\n');
  file.crlf = newline != std::string_view::npos && newline > 0 && text[newline - 1] == '\r';
  parser_detail::LineParser(file, sink).run();
  resolve_stages(file, sink);
  return file;
}

}  // namespace hardock::dockerfile
