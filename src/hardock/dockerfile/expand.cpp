#include "hardock/dockerfile/expand.h"

#include <algorithm>
#include <vector>

namespace hardock::dockerfile {
namespace expand_detail {

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Shell glob (* ? [...] and backslash) against the whole of `text`; the classic two-pointer
// matcher with one backtrack point for '*', O(len(text) * len(pattern)) at worst.
std::size_t class_end(std::string_view pattern, std::size_t open) {
  std::size_t at = open + 1;
  if (at < pattern.size() && (pattern[at] == '!' || pattern[at] == '^')) ++at;
  if (at < pattern.size() && pattern[at] == ']') ++at;
  while (at < pattern.size() && pattern[at] != ']') ++at;
  return at < pattern.size() ? at : std::string_view::npos;
}

bool class_matches(std::string_view cls, char c) {  // cls without the brackets
  bool negate = false;
  std::size_t at = 0;
  if (!cls.empty() && (cls[0] == '!' || cls[0] == '^')) {
    negate = true;
    at = 1;
  }
  bool found = false;
  for (; at < cls.size(); ++at) {
    if (at + 2 < cls.size() && cls[at + 1] == '-') {
      if (c >= cls[at] && c <= cls[at + 2]) found = true;
      at += 2;
    } else if (cls[at] == c) {
      found = true;
    }
  }
  return found != negate;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    bool advanced = false;
    if (p < pattern.size()) {
      const char pc = pattern[p];
      if (pc == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (pc == '?') {
        ++p;
        ++t;
        advanced = true;
      } else if (pc == '[' && class_end(pattern, p) != std::string_view::npos) {
        const std::size_t close = class_end(pattern, p);
        if (class_matches(pattern.substr(p + 1, close - p - 1), text[t])) {
          p = close + 1;
          ++t;
          advanced = true;
        }
      } else {
        char literal = pc;
        std::size_t width = 1;
        if (pc == '\\' && p + 1 < pattern.size()) {
          literal = pattern[p + 1];
          width = 2;
        }
        if (literal == text[t]) {
          p += width;
          ++t;
          advanced = true;
        }
      }
    }
    if (advanced) continue;
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Bounds the work of one pattern operation (the loops below try every prefix, suffix or
// substring): beyond this the value is left as is and marked incomplete.
constexpr std::size_t kMaxPatternWork = std::size_t{1} << 22;

struct Frame {
  std::string out;
  bool in_double = false;
  char stop = 0;  // '}' or '/' for the operand of ${VAR<op>...}; 0 at top level
  std::string name;
  std::string op;
  std::string pattern;  // ${VAR/pattern/...}: the pattern, once its '/' is seen
  bool in_replacement = false;
};

struct Lookup {
  bool set = false;
  bool known = true;
  std::string_view value;  // of the Env's value
};

Lookup look_up(const Env& env, std::string_view name) {
  const Env::Value* found = env.find(name);
  if (found == nullptr) return {false, true, {}};
  if (!*found) return {true, false, {}};
  return {true, true, **found};
}

// Applies ${name<op>operand}; returns false (with `error`) for ${VAR:?msg}.
bool apply(const Frame& frame, const Env& env, Expanded& result, std::string& out,
           std::string& error) {
  const Lookup var = look_up(env, frame.name);
  if (!var.known) result.complete = false;
  const std::string& word = frame.out;
  const std::string_view value = var.value;
  const std::string& op = frame.op;
  if (op == ":-") {
    out = (!var.set || value.empty()) ? word : value;
  } else if (op == "-") {
    out = !var.set ? word : value;
  } else if (op == ":+") {
    out = (var.set && (!value.empty() || !var.known)) ? word : "";
  } else if (op == "+") {
    out = var.set ? word : "";
  } else if (op == ":?" || op == "?") {
    const bool missing = !var.set || (op == ":?" && var.known && value.empty());
    if (missing) {
      error = frame.name + ": " + (word.empty() ? "is not allowed to be unset" : word);
      return false;
    }
    out = value;
  } else {
    out = value;
    const std::string& pattern = op[0] == '/' ? frame.pattern : word;
    const std::size_t n = value.size();
    if ((n + 1) * (n + 1) * (pattern.size() + 1) > kMaxPatternWork) {
      result.complete = false;
      return true;
    }
    if (op == "#" || op == "##") {
      for (std::size_t k = 0; k <= n; ++k) {
        const std::size_t len = op == "#" ? k : n - k;
        if (glob_match(pattern, std::string_view(value).substr(0, len))) {
          out = value.substr(len);
          break;
        }
      }
    } else if (op == "%" || op == "%%") {
      for (std::size_t k = 0; k <= n; ++k) {
        const std::size_t len = op == "%" ? k : n - k;
        if (glob_match(pattern, std::string_view(value).substr(n - len))) {
          out = value.substr(0, n - len);
          break;
        }
      }
    } else {  // "/" first match, "//" every match; longest match at each start
      std::string replaced;
      std::size_t at = 0;
      bool done = false;
      while (at <= n) {
        std::size_t match_len = std::string_view::npos;
        if (!done && !pattern.empty()) {
          for (std::size_t len = n - at + 1; len-- > 0;) {
            if (glob_match(pattern, std::string_view(value).substr(at, len))) {
              match_len = len;
              break;
            }
          }
        }
        if (match_len != std::string_view::npos && match_len > 0) {
          replaced += word;
          at += match_len;
          if (op == "/") done = true;
          continue;
        }
        if (at < n) replaced += value[at];
        ++at;
      }
      out = replaced;
    }
  }
  return true;
}

}  // namespace expand_detail

Expanded expand_word(std::string_view word, const Env& env, char escape) {
  using namespace expand_detail;
  Expanded result;
  // Most words hold no quote, escape or '$': the loop below would copy them unchanged.
  // (A loop of its own: find_first_of calls memchr on the set for every byte of the word.)
  const bool plain = std::none_of(word.begin(), word.end(), [escape](char c) {
    return c == '\'' || c == '"' || c == '$' || c == escape;
  });
  if (plain) {
    result.value = std::string(word);
    return result;
  }
  std::vector<Frame> frames(1);
  auto fail = [&](std::string message, std::size_t offset) {
    result.error = std::move(message);
    result.error_offset = offset;
    result.value.clear();
    return result;
  };
  std::size_t i = 0;
  while (i < word.size()) {
    Frame& top = frames.back();
    const char c = word[i];
    if (top.stop != 0 && !top.in_double && (c == top.stop || (top.stop == '/' && c == '}'))) {
      if (top.stop == '/' && c == '/') {  // end of the pattern, the replacement follows
        top.pattern = std::move(top.out);
        top.out.clear();
        top.stop = '}';
        top.in_replacement = true;
        ++i;
        continue;
      }
      if (top.stop == '/') {  // ${VAR/pattern}: empty replacement
        top.pattern = std::move(top.out);
        top.out.clear();
      }
      std::string value, error;
      if (!apply(top, env, result, value, error)) return fail(error, i);
      frames.pop_back();
      frames.back().out += value;
      ++i;
      continue;
    }
    if (c == '\'' && !top.in_double) {
      const std::size_t close = word.find('\'', i + 1);
      if (close == std::string_view::npos) return fail("unterminated single quote", i);
      top.out.append(word.substr(i + 1, close - i - 1));
      i = close + 1;
      continue;
    }
    if (c == '"') {
      top.in_double = !top.in_double;
      ++i;
      continue;
    }
    if (c == escape) {
      if (i + 1 >= word.size()) {  // an escape at the end of the word is dropped
        ++i;
        continue;
      }
      const char next = word[i + 1];
      if (top.in_double && next != '"' && next != '$' && next != escape) {
        top.out += c;  // inside double quotes only " $ and the escape itself are escaped
        ++i;
        continue;
      }
      top.out += next;
      i += 2;
      continue;
    }
    if (c != '$' || i + 1 >= word.size()) {
      top.out += c;
      ++i;
      continue;
    }
    const char next = word[i + 1];
    if (next == '{') {
      std::size_t at = i + 2;
      while (at < word.size() && name_char(word[at])) ++at;
      const std::string name(word.substr(i + 2, at - i - 2));
      if (name.empty() || at >= word.size()) return fail("bad substitution", i);
      const char modifier = word[at];
      if (modifier == '}') {
        const Lookup var = look_up(env, name);
        if (!var.known) result.complete = false;
        top.out += var.value;
        i = at + 1;
        continue;
      }
      std::string op(1, modifier);
      if (modifier == ':') {
        if (at + 1 >= word.size() ||
            (word[at + 1] != '-' && word[at + 1] != '+' && word[at + 1] != '?')) {
          return fail("unsupported modifier in ${" + name + "...}", at);
        }
        op += word[at + 1];
      } else if (modifier == '#' || modifier == '%' || modifier == '/') {
        if (at + 1 < word.size() && word[at + 1] == modifier) op += modifier;
      } else if (modifier != '-' && modifier != '+' && modifier != '?') {
        return fail("unsupported modifier in ${" + name + "...}", at);
      }
      if (frames.size() >= kMaxExpansionDepth) return fail("substitutions nested too deep", i);
      Frame inner;
      inner.stop = op[0] == '/' ? '/' : '}';
      inner.name = name;
      inner.op = op;
      frames.push_back(std::move(inner));
      i = at + op.size();
      continue;
    }
    if (name_start(next) || (next >= '0' && next <= '9')) {
      std::size_t at = i + 2;
      if (name_start(next)) {
        while (at < word.size() && name_char(word[at])) ++at;
      }
      const Lookup var = look_up(env, word.substr(i + 1, at - i - 1));
      if (!var.known) result.complete = false;
      top.out += var.value;
      i = at;
      continue;
    }
    top.out += c;  // a lone '$'
    ++i;
  }
  if (frames.size() > 1) return fail("missing '}' in substitution", word.size());
  if (frames.back().in_double) return fail("unterminated double quote", word.size());
  result.value = std::move(frames.back().out);
  return result;
}

}  // namespace hardock::dockerfile
