#include "hardock/fix/context.h"

#include <algorithm>
#include <cctype>

namespace hardock::fix {
namespace context_detail {

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_lower(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; });
}
bool has_upper(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace context_detail

using context_detail::blank;

FixContext::FixContext(const dockerfile::DockerfileSubject& subject_in,
                       const FixOptions& options_in)
    : subject(subject_in), options(options_in) {
  const std::string_view body = text();
  line_starts_.push_back(0);
  for (std::size_t at = 0; at < body.size(); ++at) {
    if (body[at] == '\n') line_starts_.push_back(at + 1);
  }
}

std::optional<std::size_t> FixContext::offset_of(Position pos) const {
  if (pos.line == 0 || pos.column == 0 || pos.line > line_starts_.size()) return std::nullopt;
  const std::size_t at = line_starts_[pos.line - 1] + pos.column - 1;
  if (at > text().size()) return std::nullopt;
  return at;
}

std::size_t FixContext::line_start(std::uint32_t line) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return text().size();
  return line_starts_[line - 1];
}

std::size_t FixContext::next_line_start(std::size_t offset) const {
  const std::size_t newline = text().find('\n', offset);
  return newline == std::string_view::npos ? text().size() : newline + 1;
}

std::optional<std::size_t> FixContext::instruction_at(std::uint32_t line) const {
  const auto& insts = file().instructions;
  for (std::size_t index = 0; index < insts.size(); ++index) {
    if (insts[index].pos.line <= line && line <= insts[index].end_line) return index;
  }
  return std::nullopt;
}

std::optional<std::pair<std::size_t, std::size_t>> FixContext::exact_range(
    Position pos, std::string_view expected) const {
  const auto begin = offset_of(pos);
  if (!begin || expected.empty()) return std::nullopt;
  if (text().substr(*begin, expected.size()) != expected) return std::nullopt;
  return std::pair{*begin, *begin + expected.size()};
}

std::string FixContext::stage_base(std::size_t stage) const {
  const auto& stages = file().stages;
  // base_stage always names an earlier stage: the walk ends within stages.size() steps.
  for (std::size_t steps = 0; stage < stages.size() && steps <= stages.size(); ++steps) {
    const auto& current = stages[stage];
    if (!current.base_stage) return current.base_complete ? current.base : std::string();
    if (*current.base_stage >= stage) return {};
    stage = *current.base_stage;
  }
  return {};
}

BaseFamily FixContext::stage_family(std::size_t stage) const {
  const std::string base = stage_base(stage);
  return base.empty() ? BaseFamily::kUnknown : base_family(base);
}

bool FixContext::stage_sets_shell(std::size_t stage) const {
  const auto& stages = file().stages;
  for (std::size_t steps = 0; stage < stages.size() && steps <= stages.size(); ++steps) {
    const auto& current = stages[stage];
    for (std::size_t index = current.from_instruction; index <= current.last_instruction; ++index) {
      if (file().instructions[index].keyword == Keyword::kShell) return true;
    }
    if (!current.base_stage || *current.base_stage >= stage) return false;
    stage = *current.base_stage;
  }
  return false;
}

std::string FixContext::keyword_like(const Instruction& like, std::string_view upper) {
  if (context_detail::has_lower(like.keyword_text) &&
      !context_detail::has_upper(like.keyword_text)) {
    return context_detail::lower(upper);
  }
  return std::string(upper);
}

std::pair<std::size_t, std::size_t> FixContext::instruction_lines(const Instruction& inst) const {
  return {line_start(inst.pos.line), next_line_start(inst.end)};
}

std::pair<std::size_t, std::size_t> FixContext::word_removal(std::size_t begin,
                                                             std::size_t end) const {
  const std::string_view body = text();
  std::size_t ls = begin;
  while (ls > 0 && body[ls - 1] != '\n') --ls;
  std::size_t le = end;
  while (le < body.size() && body[le] != '\n') ++le;
  const bool alone_before = std::all_of(body.begin() + static_cast<std::ptrdiff_t>(ls),
                                        body.begin() + static_cast<std::ptrdiff_t>(begin), blank);
  std::string_view after = body.substr(end, le - end);
  while (!after.empty() && (blank(after.back()) || after.back() == '\r')) after.remove_suffix(1);
  while (!after.empty() && blank(after.front())) after.remove_prefix(1);
  if (alone_before && after.size() == 1 && after.front() == file().escape) {
    return {ls, next_line_start(end)};
  }
  if (alone_before && after.empty() && ls > 0) {
    // The last word of the instruction, alone on a continuation line: the line before loses its
    // escape character, or the instruction would run on into the next line.
    std::size_t prev = ls - 1;  // the '\n' ending the line before
    if (prev > 0 && body[prev - 1] == '\r') --prev;
    while (prev > 0 && blank(body[prev - 1])) --prev;
    if (prev > 0 && body[prev - 1] == file().escape) {
      --prev;
      while (prev > 0 && blank(body[prev - 1])) --prev;
      return {prev, end};
    }
  }
  if (!alone_before && begin > 0 && blank(body[begin - 1])) {
    std::size_t from = begin;
    while (from > ls && blank(body[from - 1])) --from;
    return {from, end};
  }
  std::size_t to = end;
  while (to < body.size() && blank(body[to])) ++to;
  return {begin, to};
}

namespace context_detail {

// The last word or redirection target of a command (the largest script offset).
const ShellWord* last_token(const SimpleCommand& command) {
  const ShellWord* last = nullptr;
  for (const auto& word : command.assignments) {
    if (last == nullptr || word.offset >= last->offset) last = &word;
  }
  for (const auto& word : command.words) {
    if (last == nullptr || word.offset >= last->offset) last = &word;
  }
  for (const auto& redirect : command.redirects) {
    if (last == nullptr || redirect.target.offset >= last->offset) last = &redirect.target;
  }
  return last;
}

}  // namespace context_detail

std::optional<std::size_t> FixContext::script_end(std::size_t instruction) const {
  const Instruction& inst = file().instructions[instruction];
  if (inst.keyword != Keyword::kRun || inst.json) return std::nullopt;
  const ShellScript& script = subject.scripts[instruction];
  if (script.commands.empty() || !script.diagnostics.empty()) return std::nullopt;
  const ShellWord* token = context_detail::last_token(script.commands.back());
  if (token == nullptr) return std::nullopt;
  const auto range = exact_range(token->pos, token->text);
  if (!range) return std::nullopt;
  std::size_t region_end = inst.end;
  if (!inst.heredocs.empty()) {
    // The script is a heredoc body: the region ends at its terminator line.
    std::optional<std::size_t> found;
    for (const auto& heredoc : inst.heredocs) {
      const auto lines = static_cast<std::uint32_t>(
          std::count(heredoc.raw_content.begin(), heredoc.raw_content.end(), '\n'));
      if (heredoc.body_line <= token->pos.line && token->pos.line < heredoc.body_line + lines) {
        found = line_start(heredoc.body_line + lines);
      }
    }
    if (!found) return std::nullopt;
    region_end = *found;
  }
  if (region_end < range->second) return std::nullopt;
  const std::string_view tail = text().substr(range->second, region_end - range->second);
  std::size_t insert = range->second;
  std::size_t at = 0;
  while (at < tail.size()) {
    const char c = tail[at];
    if (blank(c) || c == '\r' || c == '\n' || c == ';') {
      ++at;
      continue;
    }
    if ((c == file().escape || c == '\\') && at + 1 < tail.size() &&
        (tail[at + 1] == '\n' || tail[at + 1] == '\r')) {
      at += 2;
      continue;
    }
    std::size_t stop = at;
    while (stop < tail.size() && !blank(tail[stop]) && tail[stop] != '\r' && tail[stop] != '\n' &&
           tail[stop] != ';') {
      ++stop;
    }
    const std::string_view word = tail.substr(at, stop - at);
    if (word != ")" && word != "}" && word != "done" && word != "fi" && word != "esac") {
      return std::nullopt;  // a comment, '&', a pipe, or text the splitter did not read
    }
    insert = range->second + stop;
    at = stop;
  }
  return insert;
}

void FixContext::note(const core::Finding& finding, std::string_view why) {
  notes_.push_back(subject.path + ":" + std::to_string(finding.location.line) + ": " +
                   std::string(finding.check_code) + " not fixed: " + std::string(why));
}

BaseFamily base_family(std::string_view image_ref) {
  std::string ref = context_detail::lower(image_ref);
  if (const auto at = ref.find('@'); at != std::string::npos) ref.resize(at);
  std::string tag;
  const auto slash = ref.rfind('/');
  const auto colon = ref.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    tag = ref.substr(colon + 1);
    ref.resize(colon);
  }
  const std::string name = slash == std::string::npos ? ref : ref.substr(ref.rfind('/') + 1);
  const auto tag_has = [&](std::string_view part) { return tag.find(part) != std::string::npos; };
  if (ref == "scratch") return BaseFamily::kScratch;
  if (ref.find("distroless") != std::string::npos) return BaseFamily::kDistroless;
  if (name == "alpine") return BaseFamily::kAlpine;
  if (name == "busybox") return BaseFamily::kBusybox;
  if (name == "debian" || name == "ubuntu") return BaseFamily::kDebian;
  static constexpr std::string_view kRhel[] = {
      "ubi",    "ubi7",       "ubi8",      "ubi9",        "ubi10",       "centos",
      "fedora", "rockylinux", "almalinux", "oraclelinux", "amazonlinux", "rhel"};
  const bool minimal = name.find("minimal") != std::string::npos ||
                       name.find("micro") != std::string::npos || tag_has("minimal") ||
                       tag_has("micro");
  for (const auto rhel : kRhel) {
    if (name == rhel || name.starts_with(std::string(rhel) + "-")) {
      return minimal ? BaseFamily::kRhelMinimal : BaseFamily::kRhel;
    }
  }
  if (name.starts_with("ubi") && minimal) return BaseFamily::kRhelMinimal;
  // Docker's official language images: Debian unless the tag names another base.
  static constexpr std::string_view kLanguage[] = {
      "python", "node",    "golang", "ruby",   "rust",           "php",
      "perl",   "openjdk", "maven",  "gradle", "buildpack-deps", "eclipse-temurin"};
  for (const auto language : kLanguage) {
    if (name != language) continue;
    if (tag_has("alpine")) return BaseFamily::kAlpine;
    if (tag_has("windows") || tag_has("nanoserver") || tag_has("ubi")) return BaseFamily::kUnknown;
    return BaseFamily::kDebian;
  }
  return BaseFamily::kUnknown;
}

}  // namespace hardock::fix
