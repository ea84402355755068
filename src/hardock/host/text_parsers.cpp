#include "hardock/host/text_parsers.h"

#include <algorithm>

namespace hardock::host {
namespace {

constexpr std::string_view kBlank = " \t\r\v\f";

// The lines of `text`, without their "\n".
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    fn(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

std::vector<std::string_view> whitespace_fields(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t pos = line.find_first_not_of(kBlank);
  while (pos != std::string_view::npos) {
    const std::size_t end = std::min(line.find_first_of(kBlank, pos), line.size());
    words.push_back(line.substr(pos, end - pos));
    pos = line.find_first_not_of(kBlank, end);
  }
  return words;
}

bool octal_digit(char c) { return c >= '0' && c <= '7'; }

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape_octal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] == '\\' && pos + 3 < text.size() && octal_digit(text[pos + 1]) &&
        octal_digit(text[pos + 2]) && octal_digit(text[pos + 3])) {
      const int value =
          (text[pos + 1] - '0') * 64 + (text[pos + 2] - '0') * 8 + (text[pos + 3] - '0');
      out.push_back(static_cast<char>(value & 0xff));
      pos += 3;
    } else {
      out.push_back(text[pos]);
    }
  }
  return out;
}

}  // namespace

std::vector<MountEntry> parse_mountinfo(std::string_view text) {
  std::vector<MountEntry> entries;
  for_each_line(text, [&](std::string_view line) {
    const auto words = whitespace_fields(line);
    // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": optional fields end
    // at the first lone "-" after the mount point.
    if (words.size() < 5) return;
    auto dash = std::find(words.begin() + 5, words.end(), "-");
    if (dash == words.end() || words.end() - dash < 3) return;
    entries.push_back(
        {unescape_octal(words[4]), std::string(*(dash + 1)), unescape_octal(*(dash + 2))});
  });
  return entries;
}

std::string normalise_audit_path(std::string path) {
  if (path.rfind("/var/run/", 0) == 0) path.erase(0, 4);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::vector<AuditRule> parse_audit_rules(std::string_view text, const std::string& origin) {
  std::vector<AuditRule> rules;
  std::size_t number = 0;
  for_each_line(text, [&](std::string_view line) {
    ++number;
    const auto words = whitespace_fields(line);
    if (words.empty() || words[0].front() == '#') return;
    const std::string where = origin + ":" + std::to_string(number);
    for (std::size_t idx = 0; idx + 1 < words.size(); ++idx) {
      const std::string_view value = words[idx + 1];
      if (words[idx] == "-w") {
        rules.push_back({normalise_audit_path(std::string(value)), "watch", where});
      } else if (words[idx] == "-F" && value.starts_with("path=")) {
        rules.push_back({normalise_audit_path(std::string(value.substr(5))), "path", where});
      } else if (words[idx] == "-F" && value.starts_with("dir=")) {
        rules.push_back({normalise_audit_path(std::string(value.substr(4))), "dir", where});
      }
    }
  });
  return rules;
}

std::vector<std::string> parse_containerd_tcp(std::string_view text) {
  std::vector<std::string> addresses;
  for_each_line(text, [&](std::string_view line) {
    std::size_t pos = line.find_first_not_of(kBlank);
    if (pos == std::string_view::npos) return;
    line.remove_prefix(pos);
    constexpr std::string_view kKey = "tcp_address";
    if (!line.starts_with(kKey)) return;
    line.remove_prefix(kKey.size());
    pos = line.find_first_not_of(kBlank);
    if (pos == std::string_view::npos || line[pos] != '=') return;
    line.remove_prefix(pos + 1);
    pos = line.find_first_not_of(kBlank);
    if (pos == std::string_view::npos || (line[pos] != '"' && line[pos] != '\'')) return;
    line.remove_prefix(pos + 1);
    const std::size_t end = line.find_first_of("\"'");
    if (end == 0 || end == std::string_view::npos) return;
    addresses.emplace_back(line.substr(0, end));
  });
  return addresses;
}

}  // namespace hardock::host
