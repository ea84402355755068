// The head of an instruction (BuildKit's splitCommand and extractBuilderFlags) and the exec or
// shell form of its arguments (parseMaybeJSON, parseMaybeJSONToList).
#include <algorithm>
#include <array>

#include "hardock/dockerfile/ascii.h"
#include "hardock/dockerfile/parse_steps.h"
#include "hardock/dockerfile/words.h"

namespace hardock::dockerfile {
namespace head_detail {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = ascii_upper(a[i - 1]) == b[j - 1];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view word) {
  if (word.size() > 16) return {};
  std::string_view best;
  std::size_t best_distance = 3;
  for (int k = 0; k < static_cast<int>(Keyword::kUnknown); ++k) {
    const std::string_view name = keyword_name(static_cast<Keyword>(k));
    const std::size_t distance = edit_distance(word, name);
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
    }
  }
  return best.empty() ? std::string() : " (did you mean " + std::string(best) + "?)";
}

// The shell form: the whole text as one word, or its whitespace-separated words.
void read_shell_form(Instruction& inst, bool to_list) {
  if (!to_list) {
    inst.args.reserve(1);
    set_word(inst.args.emplace_back(), inst, inst.args_text(), inst.args_offset);
    return;
  }
  add_whitespace_words(inst);
}

void read_form(Instruction& inst, bool to_list, DiagnosticSink& sink) {
  if (inst.args_text().empty()) return;
  // The exec form starts with '[' (args_text() is trimmed): most instructions do not.
  if (inst.args_text().front() != '[') {
    read_shell_form(inst, to_list);
    return;
  }
  JsonArray array = parse_json_array(inst.args_text());
  if (array.form == JsonForm::kStrings) {
    inst.json = true;
    inst.args.reserve(array.elements.size());
    for (auto& element : array.elements) {  // each Word built in place, no temporary to move
      Word& word = inst.args.emplace_back();
      word.raw = std::move(element.text);  // the value is the raw text: held once
      word.pos = inst.position_at(inst.args_offset + element.offset);
    }
    return;
  }
  if (array.form == JsonForm::kNotStrings) {
    sink.error(inst.position_at(inst.args_offset), "json-not-strings",
               std::string(keyword_name(inst.keyword)) +
                   ": the exec form must be a JSON array of strings only");
    inst.json = true;
    return;
  }
  read_shell_form(inst, to_list);
}

}  // namespace head_detail

Word make_word(const Instruction& inst, std::string text, std::size_t offset) {
  Word word;
  word.raw = std::move(text);  // the value is the raw text: held once
  word.pos = inst.position_at(offset);
  return word;
}

Word make_word(const Instruction& inst, std::string_view text, std::size_t offset) {
  Word word;
  set_word(word, inst, text, offset);
  return word;
}

// Flattened: the position lookup inlines (called for most words of every instruction).
[[gnu::flatten]] void set_word(Word& word, const Instruction& inst, std::string_view text,
                               std::size_t offset) {
  word.raw.assign(text);
  word.same_value();
  word.pos = inst.position_at(offset);
}

void add_whitespace_words(Instruction& inst) {
  const std::string_view text = inst.args_text();
  // Most lines have a few words: found in one pass into a small array, so that `args` is
  // allocated once without a counting pass; a longer line is counted first.
  // Left uninitialised (only the first `count` are read): nothing to zero per instruction.
  struct Found {
    std::size_t offset, size;
  };
  Found found[8];
  std::size_t count = 0;
  bool more = false;
  each_whitespace_word(text, [&](LexWord word) {
    if (count < std::size(found)) {
      found[count++] = {word.offset, word.text.size()};
    } else {
      more = true;
    }
  });
  const auto add = [&inst](LexWord word) {
    set_word(inst.args.emplace_back(), inst, word.text, inst.args_offset + word.offset);
  };
  if (more) {
    inst.args.reserve(inst.args.size() + count_whitespace_words(text));
    each_whitespace_word(text, add);
    return;
  }
  inst.args.reserve(inst.args.size() + count);
  for (std::size_t k = 0; k < count; ++k) {
    add(LexWord{text.substr(found[k].offset, found[k].size), found[k].offset});
  }
}

void parse_head(Instruction& inst, std::size_t start, char escape, DiagnosticSink& sink) {
  using namespace head_detail;
  const std::string_view line(inst.line);
  std::size_t at = start;
  while (at < line.size() && is_space(line[at])) ++at;
  const std::size_t keyword_start = at;
  while (at < line.size() && !blank(line[at])) ++at;
  inst.keyword_text.assign(line.data() + keyword_start, at - keyword_start);
  inst.keyword = keyword_from(inst.keyword_text);
  inst.pos = inst.position_at(keyword_start);
  while (at < line.size() && blank(line[at])) ++at;
  const std::string_view rest = line.substr(at);
  // `rest` starts after the blanks (a logical line holds no newline): without a leading "--"
  // there are no flags, and extract_flags() would find none (most instructions).
  FlagSplit split;
  if (rest.size() >= 2 && rest[0] == '-' && rest[1] == '-') split = extract_flags(rest);
  inst.flags.reserve(split.flags.size());
  for (auto& raw : split.flags) {
    Flag& flag = inst.flags.emplace_back();
    const std::size_t eq = raw.word.find('=');
    flag.name.assign(raw.word, 0, eq);
    flag.pos = inst.position_at(at + raw.offset);
    if (eq != std::string::npos) {
      flag.expanded.raw.assign(raw.word, eq + 1);  // value: the raw text until expanded
      raw.word.erase(0, eq + 1);                   // the value, in the bytes already allocated
      flag.value = std::move(raw.word);
    }
    flag.expanded.pos = flag.pos;
  }
  inst.args_offset = std::min(at + split.args_offset, line.size());
  std::string_view args = line.substr(inst.args_offset);
  while (!args.empty() && is_space(args.front())) {
    args.remove_prefix(1);
    ++inst.args_offset;
  }
  while (!args.empty() && is_space(args.back())) args.remove_suffix(1);
  inst.args_size = args.size();

  switch (inst.keyword) {
    case Keyword::kUnknown:
      sink.error(inst.pos, "unknown-instruction",
                 "unknown instruction: " + inst.keyword_text + suggestion(inst.keyword_text));
      break;
    case Keyword::kRun:
    case Keyword::kCmd:
    case Keyword::kEntrypoint:
    case Keyword::kShell:
      read_form(inst, false, sink);
      break;
    case Keyword::kAdd:
    case Keyword::kCopy:
    case Keyword::kVolume:
      read_form(inst, true, sink);
      break;
    case Keyword::kOnbuild: {
      if (start != 0) break;  // ONBUILD ONBUILD: reported below, never nested further
      if (inst.args_text().empty()) {
        sink.error(inst.pos, "missing-argument", "ONBUILD requires at least one argument");
        break;
      }
      Instruction trigger;
      trigger.line = inst.line;
      trigger.line_pos = inst.line_pos;
      trigger.segments = inst.segments;
      trigger.begin = inst.begin;
      parse_head(trigger, inst.args_offset, escape, sink);
      if (trigger.keyword == Keyword::kOnbuild) {
        sink.error(trigger.pos, "onbuild-chain",
                   "chaining ONBUILD via ONBUILD ONBUILD isn't allowed");
      } else if (trigger.keyword == Keyword::kFrom || trigger.keyword == Keyword::kMaintainer) {
        sink.error(
            trigger.pos, "onbuild-trigger",
            std::string(keyword_name(trigger.keyword)) + " isn't allowed as an ONBUILD trigger");
      }
      inst.trigger.push_back(std::move(trigger));
      break;
    }
    default:
      break;
  }
  (void)escape;
}

}  // namespace hardock::dockerfile
