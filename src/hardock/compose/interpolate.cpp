// Interpolation and env files, as the Compose specification defines them.
#include <cctype>
#include <stdexcept>

#include "hardock/compose/detail.h"

namespace hardock::compose::detail {
namespace interpolate_impl {

constexpr int kMaxNesting = 8;  // ${A:-${B:-${C}}}: deeper is refused, never recursed on

bool name_start(char ch) { return std::isalpha(static_cast<unsigned char>(ch)) || ch == '_'; }
bool name_char(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; }

std::string interpolate_at(std::string_view text, const Variables& variables,
                           std::vector<std::string>* unset, int depth) {
  if (depth > kMaxNesting) throw std::invalid_argument("interpolation nested too deeply");
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const char ch = text[at];
    if (ch != '$') {
      out += ch;
      ++at;
      continue;
    }
    if (at + 1 >= text.size()) {
      throw std::invalid_argument(
          "invalid interpolation format: a lone '$' at the end (write $$ for a literal $)");
    }
    const char next = text[at + 1];
    if (next == '$') {
      out += '$';
      at += 2;
      continue;
    }
    if (name_start(next)) {
      size_t end = at + 1;
      while (end < text.size() && name_char(text[end])) ++end;
      const std::string name(text.substr(at + 1, end - at - 1));
      if (const std::string* value = variables.find(name)) {
        out += *value;
      } else if (unset != nullptr) {
        unset->push_back(name);
      }
      at = end;
      continue;
    }
    if (next != '{') {
      throw std::invalid_argument(
          "invalid interpolation format: '$' must start $VAR, ${VAR} or $$ (write $$ for a "
          "literal $)");
    }
    // ${...}: find the matching brace (defaults may hold ${...} themselves).
    size_t close = at + 2;
    int open = 1;
    while (close < text.size()) {
      if (text[close] == '$' && close + 1 < text.size() && text[close + 1] == '{') {
        ++open;
        close += 2;
        continue;
      }
      if (text[close] == '}' && --open == 0) break;
      ++close;
    }
    if (close >= text.size()) throw std::invalid_argument("invalid interpolation format: no '}'");
    const std::string_view inner = text.substr(at + 2, close - at - 2);
    size_t name_end = 0;
    if (inner.empty() || !name_start(inner[0])) {
      throw std::invalid_argument("invalid interpolation format: \"${" + std::string(inner) +
                                  "}\" does not start with a variable name");
    }
    while (name_end < inner.size() && name_char(inner[name_end])) ++name_end;
    const std::string name(inner.substr(0, name_end));
    std::string_view rest = inner.substr(name_end);
    const std::string* value = variables.find(name);
    if (rest.empty()) {
      if (value != nullptr) {
        out += *value;
      } else if (unset != nullptr) {
        unset->push_back(name);
      }
    } else {
      const bool colon = rest[0] == ':';
      if (colon) rest.remove_prefix(1);
      if (rest.empty()) {
        throw std::invalid_argument("invalid interpolation format: \"${" + std::string(inner) +
                                    "}\"");
      }
      const char op = rest[0];
      const std::string_view word = rest.substr(1);
      const bool missing = value == nullptr || (colon && value->empty());
      if (op == '-') {
        out += missing ? interpolate_at(word, variables, unset, depth + 1) : *value;
      } else if (op == '?') {
        if (missing) {
          const std::string reason = interpolate_at(word, variables, unset, depth + 1);
          throw std::invalid_argument("required variable " + name + " is " +
                                      (value == nullptr ? "unset" : "empty") +
                                      (reason.empty() ? std::string() : ": " + reason));
        }
        out += *value;
      } else if (op == '+') {
        if (!missing) out += interpolate_at(word, variables, unset, depth + 1);
      } else {
        throw std::invalid_argument("invalid interpolation format: \"${" + std::string(inner) +
                                    "}\"");
      }
    }
    at = close + 1;
  }
  return out;
}

}  // namespace interpolate_impl

const std::string* Variables::find(const std::string& name) const {
  if (environment != nullptr) {
    if (auto found = environment->find(name); found != environment->end()) return &found->second;
  }
  if (auto found = dot_env.find(name); found != dot_env.end()) return &found->second;
  return nullptr;
}

std::string interpolate(std::string_view text, const Variables& variables,
                        std::vector<std::string>* unset) {
  if (text.find('$') == std::string_view::npos) return std::string(text);
  return interpolate_impl::interpolate_at(text, variables, unset, 0);
}

std::vector<EnvLine> parse_env_file(std::string_view text) {
  std::vector<EnvLine> lines;
  std::uint32_t number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++number;
    const size_t next = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.rfind("export ", 0) == 0) line.remove_prefix(7);
    if (!line.empty() && line.front() != '#') {
      const size_t equals = line.find('=');
      std::string_view key = line.substr(0, equals);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
      if (key.empty() || key.find_first_of(" \t") != std::string_view::npos) {
        throw std::invalid_argument("line " + std::to_string(number) + ": expected KEY=VALUE");
      }
      EnvLine entry{number, std::string(key), std::nullopt};
      if (equals != std::string_view::npos) {
        std::string_view value = line.substr(equals + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
          value.remove_prefix(1);
        }
        std::string parsed;
        if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
          const char quote = value.front();
          const size_t closing = value.find(quote, 1);
          if (closing == std::string_view::npos) {
            throw std::invalid_argument("line " + std::to_string(number) +
                                        ": unterminated quoted value");
          }
          const std::string_view body = value.substr(1, closing - 1);
          if (quote == '"') {
            for (size_t idx = 0; idx < body.size(); ++idx) {
              if (body[idx] == '\\' && idx + 1 < body.size()) {
                const char escaped = body[++idx];
                parsed += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
              } else {
                parsed += body[idx];
              }
            }
          } else {
            parsed = std::string(body);
          }
        } else {
          // An unquoted value ends at " #" (an inline comment); trailing blanks dropped.
          if (const size_t comment = value.find(" #"); comment != std::string_view::npos) {
            value = value.substr(0, comment);
          }
          while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
            value.remove_suffix(1);
          }
          parsed = std::string(value);
        }
        entry.value = std::move(parsed);
      }
      lines.push_back(std::move(entry));
    }
    if (end == text.size()) break;
    start = next;
  }
  return lines;
}

}  // namespace hardock::compose::detail
