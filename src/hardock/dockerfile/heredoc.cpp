#include "hardock/dockerfile/heredoc.h"

#include "hardock/dockerfile/words.h"

namespace hardock::dockerfile {

std::optional<HeredocMarker> heredoc_marker(std::string_view word) {
  std::size_t at = 0;
  unsigned fd = 0;
  while (at < word.size() && word[at] >= '0' && word[at] <= '9') {
    if (fd < 100000) fd = fd * 10 + static_cast<unsigned>(word[at] - '0');
    ++at;
  }
  if (word.substr(at, 2) != "<<") return std::nullopt;
  at += 2;
  HeredocMarker marker;
  marker.fd = fd;
  if (at < word.size() && word[at] == '-') {
    marker.chomp = true;
    ++at;
  }
  while (at < word.size() && (word[at] == ' ' || word[at] == '\t' || word[at] == '\n' ||
                              word[at] == '\f' || word[at] == '\r')) {
    ++at;
  }
  const std::string_view rest = word.substr(at);
  if (rest.empty() || rest.find('<') != std::string_view::npos) return std::nullopt;
  // Quote removal without variable expansion (BuildKit skips unset variables here).
  char quote = 0;
  for (std::size_t k = 0; k < rest.size(); ++k) {
    const char c = rest[k];
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
      marker.expand = false;
      continue;
    }
    if (quote != 0 && c == quote) {
      quote = 0;
      continue;
    }
    if (c == '\\' && quote != '\'' && k + 1 < rest.size()) {
      const char next = rest[k + 1];
      if (quote == 0 || next == '"' || next == '\\' || next == '$') {
        marker.name += next;
        ++k;
        continue;
      }
    }
    if (quote == 0 && is_space(c)) return std::nullopt;  // more than one word
    marker.name += c;
  }
  if (quote != 0 || marker.name.empty()) return std::nullopt;
  return marker;
}

std::vector<HeredocMarker> heredoc_markers(std::string_view line) {
  std::vector<HeredocMarker> markers;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && is_space(line[pos])) ++pos;
    if (pos >= line.size()) break;
    const std::size_t start = pos;
    char quote = 0;
    while (pos < line.size()) {
      const char c = line[pos];
      if (quote == 0 && is_space(c)) break;
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (c == '\\' && quote != '\'' && pos + 1 < line.size()) {
        ++pos;
      }
      ++pos;
    }
    if (auto marker = heredoc_marker(line.substr(start, pos - start))) {
      marker->offset = start;
      markers.push_back(std::move(*marker));
    }
  }
  return markers;
}

}  // namespace hardock::dockerfile
