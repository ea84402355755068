// Flags and typed arguments of each instruction, with BuildKit's checks (instructions/parse.go
// and bflag.go): unknown or duplicate flags, missing values, argument counts.
#include <algorithm>
#include <array>
#include <cctype>

#include "hardock/dockerfile/ascii.h"
#include "hardock/dockerfile/heredoc.h"
#include "hardock/dockerfile/parse_steps.h"
#include "hardock/dockerfile/words.h"

namespace hardock::dockerfile {
namespace args_detail {

enum class FlagKind { kString, kBool, kList };

struct FlagSpec {
  Keyword keyword;
  std::string_view name;
  FlagKind kind;
};

constexpr FlagSpec kFlagSpecs[] = {
    {Keyword::kFrom, "platform", FlagKind::kString},
    {Keyword::kRun, "mount", FlagKind::kList},
    {Keyword::kRun, "network", FlagKind::kString},
    {Keyword::kRun, "security", FlagKind::kString},
    {Keyword::kCopy, "from", FlagKind::kString},
    {Keyword::kCopy, "chown", FlagKind::kString},
    {Keyword::kCopy, "chmod", FlagKind::kString},
    {Keyword::kCopy, "link", FlagKind::kBool},
    {Keyword::kCopy, "parents", FlagKind::kBool},
    {Keyword::kCopy, "exclude", FlagKind::kList},
    {Keyword::kAdd, "chown", FlagKind::kString},
    {Keyword::kAdd, "chmod", FlagKind::kString},
    {Keyword::kAdd, "link", FlagKind::kBool},
    {Keyword::kAdd, "keep-git-dir", FlagKind::kBool},
    {Keyword::kAdd, "checksum", FlagKind::kString},
    {Keyword::kAdd, "exclude", FlagKind::kList},
    {Keyword::kAdd, "unpack", FlagKind::kBool},
    {Keyword::kHealthcheck, "interval", FlagKind::kString},
    {Keyword::kHealthcheck, "timeout", FlagKind::kString},
    {Keyword::kHealthcheck, "start-period", FlagKind::kString},
    {Keyword::kHealthcheck, "start-interval", FlagKind::kString},
    {Keyword::kHealthcheck, "retries", FlagKind::kString},
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool head_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

std::string kw(const Instruction& inst) { return std::string(keyword_name(inst.keyword)); }

// Go's time.ParseDuration, to nanoseconds; false when malformed.
bool parse_duration(std::string_view text, double& nanos) {
  nanos = 0;
  if (text == "0") return true;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  while (!text.empty()) {
    std::size_t at = 0;
    double number = 0, scale = 1;
    bool digits = false, fraction = false;
    while (at < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[at])) || (text[at] == '.' && !fraction))) {
      if (text[at] == '.') {
        fraction = true;
      } else {
        digits = true;
        if (fraction) {
          scale /= 10;
          number += (text[at] - '0') * scale;
        } else {
          number = number * 10 + (text[at] - '0');
        }
      }
      ++at;
    }
    if (!digits) return false;
    std::size_t unit_end = at;
    while (unit_end < text.size() && !std::isdigit(static_cast<unsigned char>(text[unit_end])) &&
           text[unit_end] != '.') {
      ++unit_end;
    }
    const std::string_view unit = text.substr(at, unit_end - at);
    double factor = 0;
    if (unit == "ns") {
      factor = 1;
    } else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {
      factor = 1e3;
    } else if (unit == "ms") {
      factor = 1e6;
    } else if (unit == "s") {
      factor = 1e9;
    } else if (unit == "m") {
      factor = 60e9;
    } else if (unit == "h") {
      factor = 3600e9;
    } else {
      return false;
    }
    nanos += number * factor;
    text.remove_prefix(unit_end);
  }
  if (negative) nanos = -nanos;
  return true;
}

constexpr std::string_view kMountKeys[] = {"type",     "from", "source",      "src",
                                           "target",   "dst",  "destination", "readonly",
                                           "ro",       "rw",   "readwrite",   "id",
                                           "sharing",  "mode", "uid",         "gid",
                                           "required", "size", "env",         "bind-propagation"};

void parse_mount(Instruction& inst, const Flag& flag, DiagnosticSink& sink) {
  Mount mount;
  const std::string& value = *flag.value;
  std::size_t from = 0;
  bool has_target = false;
  while (from <= value.size()) {
    std::size_t comma = value.find(',', from);
    if (comma == std::string::npos) comma = value.size();
    std::string_view field = std::string_view(value).substr(from, comma - from);
    from = comma + 1;
    if (field.empty()) continue;
    const std::size_t eq = field.find('=');
    const std::string key = lower(field.substr(0, eq));
    std::string val = eq == std::string_view::npos ? "" : std::string(field.substr(eq + 1));
    if (std::find(std::begin(kMountKeys), std::end(kMountKeys), key) == std::end(kMountKeys)) {
      sink.error(flag.pos, "bad-mount", "unexpected key '" + key + "' in --mount");
      continue;
    }
    if (key == "type") {
      mount.type = lower(val);
      continue;
    }
    if (key == "target" || key == "dst" || key == "destination") has_target = true;
    mount.options.emplace_back(key, std::move(val));
  }
  static constexpr std::string_view kTypes[] = {"bind", "cache", "tmpfs", "secret", "ssh"};
  if (std::find(std::begin(kTypes), std::end(kTypes), mount.type) == std::end(kTypes)) {
    sink.error(flag.pos, "bad-mount", "unsupported mount type '" + mount.type + "'");
  } else if (!has_target && mount.type != "secret" && mount.type != "ssh") {
    sink.error(flag.pos, "bad-mount", "--mount type=" + mount.type + " needs a target");
  }
  inst.mounts.push_back(std::move(mount));
}

void check_flags(Instruction& inst, DiagnosticSink& sink) {
  if (inst.keyword == Keyword::kUnknown || inst.flags.empty()) return;
  // Names of the non-list flags seen: distinct spec names, so no more than there are specs (a
  // fixed array, nothing to allocate).
  std::array<std::string_view, std::size(kFlagSpecs)> seen{};
  std::size_t seen_count = 0;
  for (const auto& flag : inst.flags) {
    if (flag.name.empty()) {
      sink.error(flag.pos, "bad-flag", kw(inst) + ": flag name can't be empty");
      continue;
    }
    const FlagSpec* spec = nullptr;
    for (const auto& candidate : kFlagSpecs) {  // (keyword, name) pairs are unique
      if (candidate.keyword == inst.keyword && candidate.name == flag.name) {
        spec = &candidate;
        break;
      }
    }
    if (spec == nullptr) {
      sink.error(flag.pos, "unknown-flag", kw(inst) + ": unknown flag: --" + flag.name);
      continue;
    }
    if (spec->kind != FlagKind::kList) {
      const auto seen_end = seen.begin() + static_cast<std::ptrdiff_t>(seen_count);
      if (std::find(seen.begin(), seen_end, spec->name) != seen_end) {
        sink.error(flag.pos, "duplicate-flag",
                   kw(inst) + ": duplicate flag specified: --" + flag.name);
        continue;
      }
      seen[seen_count++] = spec->name;
    }
    if (spec->kind == FlagKind::kBool) {
      if (flag.value && lower(*flag.value) != "true" && lower(*flag.value) != "false") {
        sink.error(flag.pos, "bad-flag",
                   kw(inst) + ": expecting boolean value for flag --" + flag.name +
                       ", not: " + *flag.value);
      }
      continue;
    }
    if (!flag.value) {
      sink.error(flag.pos, "bad-flag", kw(inst) + ": missing a value on flag: --" + flag.name);
      continue;
    }
    const std::string& value = *flag.value;
    if (flag.name == "mount") {
      parse_mount(inst, flag, sink);
    } else if (flag.name == "network" && value != "default" && value != "none" && value != "host") {
      sink.error(flag.pos, "bad-flag",
                 "RUN: --network takes default, none or host, not '" + value + "'");
    } else if (flag.name == "security" && value != "sandbox" && value != "insecure") {
      sink.error(flag.pos, "bad-flag",
                 "RUN: --security takes sandbox or insecure, not '" + value + "'");
    } else if (inst.keyword == Keyword::kHealthcheck && flag.name == "retries") {
      const bool digits = !value.empty() && value.size() < 10 &&
                          std::all_of(value.begin(), value.end(), [](char c) {
                            return std::isdigit(static_cast<unsigned char>(c));
                          });
      if (!digits) {
        sink.error(flag.pos, "bad-flag",
                   "HEALTHCHECK: --retries takes a non-negative integer, not '" + value + "'");
      }
    } else if (inst.keyword == Keyword::kHealthcheck) {
      double nanos = 0;
      if (!parse_duration(value, nanos)) {
        sink.error(
            flag.pos, "bad-flag",
            "HEALTHCHECK: --" + flag.name + " takes a duration (30s, 1m30s), not '" + value + "'");
      } else if (nanos < 0 || (nanos > 0 && nanos < 1e6)) {
        sink.error(flag.pos, "bad-flag",
                   "HEALTHCHECK: --" + flag.name + " '" + value + "' cannot be less than 1ms");
      }
    }
  }
}

// parse_words() into a vector reused by every call on this thread (ENV, LABEL and ARG each
// had one allocated and freed); valid until the next call.
const std::vector<LexWord>& scratch_words(std::string_view text, char escape) {
  thread_local std::vector<LexWord> words;
  words.clear();
  if (words.capacity() > 4096) words.shrink_to_fit();  // keep no huge line's worth for good
  parse_words_into(text, escape, words);
  return words;
}

std::vector<KeyValue> parse_pairs(const Instruction& inst, char escape, DiagnosticSink& sink) {
  std::vector<KeyValue> pairs;
  const std::vector<LexWord>& words = scratch_words(inst.args_text(), escape);
  if (words.empty()) {
    sink.error(inst.pos, "missing-argument", kw(inst) + " requires at least one argument");
    return pairs;
  }
  if (words[0].text.find('=') == std::string::npos) {  // legacy: KEY name value
    const std::string_view text(inst.args_text());
    std::size_t split = 0;
    while (split < text.size() && !head_blank(text[split])) ++split;
    std::size_t value_start = split;
    while (value_start < text.size() && head_blank(text[value_start])) ++value_start;
    if (value_start >= text.size()) {
      sink.error(inst.pos, "missing-argument", kw(inst) + " must have two arguments");
      return pairs;
    }
    KeyValue& pair = pairs.emplace_back();
    pair.legacy = true;
    set_word(pair.key, inst, text.substr(0, split), inst.args_offset);
    set_word(pair.value, inst, text.substr(value_start), inst.args_offset + value_start);
    return pairs;
  }
  pairs.reserve(words.size());
  for (const auto& word : words) {
    const std::size_t eq = word.text.find('=');
    const std::size_t offset = inst.args_offset + word.offset;
    if (eq == std::string::npos) {
      sink.error(inst.position_at(offset), "missing-equals",
                 kw(inst) + ": can't find = in '" + std::string(word.text) +
                     "', must be of the form name=value");
      continue;
    }
    if (eq == 0) {
      sink.error(inst.position_at(offset), "blank-name", kw(inst) + " names can not be blank");
      continue;
    }
    KeyValue& pair = pairs.emplace_back();
    set_word(pair.key, inst, word.text.substr(0, eq), offset);
    set_word(pair.value, inst, word.text.substr(eq + 1), offset + eq + 1);
  }
  return pairs;
}

void require_one(Instruction& inst, DiagnosticSink& sink) {
  if (inst.args_text().empty()) {
    sink.error(inst.pos, "missing-argument", kw(inst) + " requires exactly one argument");
    return;
  }
  inst.args.reserve(1);
  set_word(inst.args.emplace_back(), inst, inst.args_text(), inst.args_offset);
}

void parse_healthcheck(Instruction& inst, DiagnosticSink& sink) {
  HealthcheckArgs health;
  const std::string_view text(inst.args_text());
  if (text.empty()) {
    sink.error(inst.pos, "missing-argument", "HEALTHCHECK requires at least one argument");
    inst.typed = health;
    return;
  }
  std::size_t sep = 0;
  while (sep < text.size() && !is_space(text[sep])) ++sep;
  std::size_t next = sep;
  while (next < text.size() && is_space(text[next])) ++next;
  health.type = std::string(text.substr(0, sep));
  const std::string type = lower(health.type);
  const std::string_view command = text.substr(next);
  const std::size_t command_offset = inst.args_offset + next;
  if (type == "none") {
    health.none = true;
    if (!command.empty()) {
      sink.error(inst.position_at(command_offset), "extra-argument",
                 "HEALTHCHECK NONE takes no arguments");
    }
  } else if (type == "cmd") {
    JsonArray array = parse_json_array(command);
    if (array.form == JsonForm::kStrings) {
      health.json = true;
      for (auto& element : array.elements) {
        health.command.push_back(
            make_word(inst, std::move(element.text), command_offset + element.offset));
      }
    } else if (array.form == JsonForm::kNotStrings) {
      sink.error(inst.position_at(command_offset), "json-not-strings",
                 "HEALTHCHECK: the exec form must be a JSON array of strings only");
    } else if (!command.empty()) {
      health.command.push_back(make_word(inst, command, command_offset));
    }
    if (health.command.empty() && array.form != JsonForm::kNotStrings) {
      sink.error(inst.pos, "missing-argument", "missing command after HEALTHCHECK CMD");
    }
  } else {
    sink.error(inst.position_at(inst.args_offset), "unknown-healthcheck-type",
               "unknown type '" + health.type + "' in HEALTHCHECK (try CMD)");
  }
  inst.json = health.json;
  inst.args = health.command;
  inst.typed = std::move(health);
}

void parse_typed(Instruction& inst, char escape, DiagnosticSink& sink) {
  switch (inst.keyword) {
    case Keyword::kFrom: {
      add_whitespace_words(inst);
      // The typed arguments are built in place (here and below): no Word moved into the variant.
      FromArgs& from = inst.typed.emplace<FromArgs>();
      if (inst.args.size() != 1 && inst.args.size() != 3) {
        sink.error(inst.pos, "bad-from", "FROM requires either one or three arguments");
      }
      if (!inst.args.empty()) from.image = inst.args[0];
      if (inst.args.size() == 3) {
        if (!iequals(inst.args[1].raw, "as")) {
          sink.error(inst.args[1].pos, "bad-from", "the second argument of FROM must be AS");
        } else {
          from.stage_name = inst.args[2];
          from.stage_name->set_value(lower(from.stage_name->raw));
        }
      }
      break;
    }
    case Keyword::kRun:
      if (inst.args.empty() && inst.heredocs.empty() && !inst.json) {
        sink.error(inst.pos, "missing-argument", "RUN requires at least one argument");
      }
      break;
    case Keyword::kShell:
      if (!inst.json) {
        sink.error(inst.pos, "shell-not-json", "SHELL requires the arguments to be in JSON form");
      } else if (inst.args.empty()) {
        sink.error(inst.pos, "missing-argument", "SHELL requires at least one argument");
      }
      break;
    case Keyword::kAdd:
    case Keyword::kCopy: {
      CopyArgs& copy = inst.typed.emplace<CopyArgs>();
      if (inst.args.size() < 2) {
        sink.error(inst.pos, "missing-argument",
                   kw(inst) + " requires at least two arguments (sources and a destination)");
      }
      std::size_t next_heredoc = 0;
      if (!inst.args.empty()) {
        copy.sources.reserve(inst.args.size() - 1);
        copy.source_heredoc.reserve(inst.args.size() - 1);
      }
      for (std::size_t k = 0; k + 1 < inst.args.size(); ++k) {
        copy.sources.push_back(inst.args[k]);
        std::optional<std::size_t> doc;
        if (!inst.json && next_heredoc < inst.heredocs.size() && heredoc_marker(inst.args[k].raw)) {
          doc = next_heredoc++;
        }
        copy.source_heredoc.push_back(doc);
      }
      if (inst.args.size() >= 2) copy.destination = inst.args.back();
      break;
    }
    case Keyword::kVolume:
      if (inst.args.empty() && !inst.json) {
        sink.error(inst.pos, "missing-argument", "VOLUME requires at least one argument");
      }
      for (const auto& word : inst.args) {
        if (word.raw.empty()) {
          sink.error(word.pos, "blank-volume", "VOLUME specified can not be an empty string");
        }
      }
      break;
    case Keyword::kEnv:
    case Keyword::kLabel:
      inst.typed = parse_pairs(inst, escape, sink);
      break;
    case Keyword::kArg: {
      std::vector<ArgDecl> decls;
      const std::vector<LexWord>& words = scratch_words(inst.args_text(), escape);
      if (words.empty()) {
        sink.error(inst.pos, "missing-argument", "ARG requires at least one argument");
      }
      decls.reserve(words.size());
      for (const auto& word : words) {
        const std::size_t offset = inst.args_offset + word.offset;
        const std::size_t eq = word.text.find('=');
        if (eq == 0) {
          sink.error(inst.position_at(offset), "blank-name", "ARG names can not be blank");
          continue;
        }
        ArgDecl& decl = decls.emplace_back();
        set_word(decl.name, inst, word.text.substr(0, eq), offset);
        if (eq != std::string::npos) {
          set_word(decl.default_value.emplace(), inst, word.text.substr(eq + 1), offset + eq + 1);
        }
      }
      inst.typed = std::move(decls);
      break;
    }
    case Keyword::kExpose: {
      add_whitespace_words(inst);
      auto& ports = inst.typed.emplace<std::vector<PortSpec>>();
      ports.reserve(inst.args.size());
      for (const auto& word : inst.args) ports.emplace_back().word = word;
      if (ports.empty()) {
        sink.error(inst.pos, "missing-argument", "EXPOSE requires at least one argument");
      }
      break;
    }
    case Keyword::kUser:
      require_one(inst, sink);
      if (!inst.args.empty()) inst.typed.emplace<UserArgs>().user = inst.args[0];
      break;
    case Keyword::kWorkdir:
    case Keyword::kStopsignal:
    case Keyword::kMaintainer:
      require_one(inst, sink);
      break;
    case Keyword::kHealthcheck:
      parse_healthcheck(inst, sink);
      break;
    default:
      break;
  }
}

}  // namespace args_detail

void parse_arguments(Instruction& inst, char escape, DiagnosticSink& sink) {
  args_detail::check_flags(inst, sink);
  args_detail::parse_typed(inst, escape, sink);
  for (auto& trigger : inst.trigger) {  // at most one, never itself holding a trigger
    args_detail::check_flags(trigger, sink);
    args_detail::parse_typed(trigger, escape, sink);
  }
}

}  // namespace hardock::dockerfile
