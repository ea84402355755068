// Helpers shared by the writers: ordering, outcomes, COBIT lookups, escaping.
#include <algorithm>
#include <cstdio>
#include <tuple>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

// Length of the valid UTF-8 sequence starting at text[pos], or 0 when invalid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t sequence_length(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  auto byte_at = [&](std::size_t offset) -> int {
    return pos + offset < text.size() ? static_cast<unsigned char>(text[pos + offset]) : -1;
  };
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    const int second = byte_at(1);
    return second >= 0x80 && second <= 0xBF ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    const int second = byte_at(1);
    const int lo = lead == 0xE0 ? 0xA0 : 0x80;
    const int hi = lead == 0xED ? 0x9F : 0xBF;
    if (second < lo || second > hi) return 0;
    const int third = byte_at(2);
    return third >= 0x80 && third <= 0xBF ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const int second = byte_at(1);
    const int lo = lead == 0xF0 ? 0x90 : 0x80;
    const int hi = lead == 0xF4 ? 0x8F : 0xBF;
    if (second < lo || second > hi) return 0;
    const int third = byte_at(2);
    const int fourth = byte_at(3);
    return third >= 0x80 && third <= 0xBF && fourth >= 0x80 && fourth <= 0xBF ? 4 : 0;
  }
  return 0;
}

// Calls fn(code_point, bytes) for each code point of already valid UTF-8.
template <class Fn>
void for_each_code_point(std::string_view text, Fn fn) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t length = sequence_length(text, pos);
    if (length == 0) length = 1;  // unreachable for valid input; never loop forever
    const auto lead = static_cast<unsigned char>(text[pos]);
    char32_t code_point = 0;
    switch (length) {
      case 1:
        code_point = lead;
        break;
      case 2:
        code_point = lead & 0x1FU;
        break;
      case 3:
        code_point = lead & 0x0FU;
        break;
      default:
        code_point = lead & 0x07U;
        break;
    }
    for (std::size_t i = 1; i < length; ++i) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3FU);
    }
    fn(code_point, text.substr(pos, length));
    pos += length;
  }
}

bool is_control(char32_t code_point) {
  return code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point <= 0x9F);
}

std::string hex_escape(char32_t code_point) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(code_point));
  return buffer;
}

}  // namespace

std::vector<const core::Finding*> ordered_findings(const std::vector<core::Finding>& findings) {
  std::vector<const core::Finding*> ordered;
  ordered.reserve(findings.size());
  for (const auto& finding : findings) ordered.push_back(&finding);
  std::stable_sort(
      ordered.begin(), ordered.end(), [](const core::Finding* a, const core::Finding* b) {
        if (a->severity != b->severity) return a->severity > b->severity;
        return std::tie(a->check_code, a->target.kind, a->target.name, a->target.id, a->evidence,
                        a->status) < std::tie(b->check_code, b->target.kind, b->target.name,
                                              b->target.id, b->evidence, b->status);
      });
  return ordered;
}

bool is_unchecked(const core::Finding& finding) {
  return finding.status != core::FindingStatus::kFail;
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kError:
      return "error";
    case Outcome::kSkipped:
      return "skipped";
  }
  return "unknown";
}

Outcome outcome_of(std::string_view check_code, const std::vector<core::Finding>& findings) {
  Outcome outcome = Outcome::kPass;
  for (const auto& finding : findings) {
    if (finding.check_code != check_code) continue;
    switch (finding.status) {
      case core::FindingStatus::kFail:
        return Outcome::kFail;
      case core::FindingStatus::kError:
        outcome = Outcome::kError;
        break;
      case core::FindingStatus::kSkipped:
        if (outcome == Outcome::kPass) outcome = Outcome::kSkipped;
        break;
    }
  }
  return outcome;
}

CobitRef cobit_ref(std::string_view practice_id, core::CobitDomain fallback) {
  if (auto practice = core::find_cobit_practice(practice_id)) {
    return {practice->id, practice->name, practice->objective, practice->objective_name,
            practice->domain};
  }
  // An objective is the practice id up to the dot ("DSS05" of "DSS05.03").
  return {practice_id, {}, practice_id.substr(0, practice_id.find('.')), {}, fallback};
}

int SeverityCounts::failed() const {
  int total = 0;
  for (int count : by_severity) total += count;
  return total;
}

SeverityCounts count_findings(const std::vector<core::Finding>& findings) {
  SeverityCounts counts;
  for (const auto& finding : findings) {
    if (is_unchecked(finding)) {
      ++counts.unchecked;
    } else {
      ++counts.by_severity[static_cast<int>(finding.severity)];
    }
  }
  return counts;
}

std::vector<std::string_view> split_aliases(std::string_view aliases) {
  std::vector<std::string_view> out;
  while (!aliases.empty()) {
    const std::size_t comma = aliases.find(',');
    std::string_view alias = aliases.substr(0, comma);
    while (!alias.empty() && alias.front() == ' ') alias.remove_prefix(1);
    while (!alias.empty() && alias.back() == ' ') alias.remove_suffix(1);
    if (!alias.empty()) out.push_back(alias);
    if (comma == std::string_view::npos) break;
    aliases.remove_prefix(comma + 1);
  }
  return out;
}

std::string describe_target(const core::Target& target) {
  std::string out(core::to_string(target.kind));
  const std::string& shown = target.name.empty() ? target.id : target.name;
  if (!shown.empty()) out += " " + shown;
  if (!target.name.empty() && !target.id.empty() && target.id != target.name) {
    const bool long_hex =
        target.id.size() == 64 && std::all_of(target.id.begin(), target.id.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        });
    out += " (" + (long_hex ? target.id.substr(0, 12) : target.id) + ")";
  }
  return out;
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t length = sequence_length(text, pos);
    if (length == 0) {
      out += kReplacement;
      ++pos;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  const std::string valid = valid_utf8(text);
  for_each_code_point(valid, [&](char32_t code_point, std::string_view bytes) {
    if (code_point == '\n' || code_point == '\t' || code_point == '\r') {
      out += ' ';
    } else if (is_control(code_point)) {
      out += hex_escape(code_point);
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  const std::string valid = valid_utf8(text);
  for_each_code_point(valid, [&](char32_t code_point, std::string_view bytes) {
    switch (code_point) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&apos;";
        return;
      case '\r':
        out += "&#13;";
        return;  // a raw CR would be normalised away
      case '\n':
        out += attribute ? "&#10;" : "\n";
        return;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        return;
      default:
        break;
    }
    // XML 1.0 forbids the other C0 controls and U+FFFE/U+FFFF even as references.
    if (code_point < 0x20 || code_point == 0xFFFE || code_point == 0xFFFF) {
      out += kReplacement;
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string markdown_escape(std::string_view text) {
  static constexpr std::string_view kPunctuation = "\\`*_[]<>|~&";
  std::string out;
  const std::string valid = valid_utf8(text);
  for_each_code_point(valid, [&](char32_t code_point, std::string_view bytes) {
    if (code_point == '\n') {
      out += "<br>";
    } else if (code_point == '\t') {
      out += ' ';
    } else if (is_control(code_point)) {
      // dropped: invisible in a rendered table and unsafe in a raw one
    } else if (code_point < 0x80 &&
               kPunctuation.find(static_cast<char>(code_point)) != std::string_view::npos) {
      out += '\\';
      out.append(bytes);
    } else {
      out.append(bytes);
    }
  });
  return out;
}

std::string uri_segment(std::string_view text) {
  if (text.empty()) return "_";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                            byte == '_' || byte == '~';
    if (unreserved) {
      out += c;
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned>(byte));
      out += buffer;
    }
  }
  // "." and ".." are path navigation, not names.
  if (out == ".") return "%2E";
  if (out == "..") return "%2E%2E";
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) {
    if (!is_continuation(static_cast<unsigned char>(c))) ++width;
  }
  return width;
}

std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  const std::size_t indent_width = display_width(indent);
  const std::size_t available = width > indent_width + 20 ? width - indent_width : 20;
  std::string out;
  std::size_t line_width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    const std::size_t word_width = display_width(word);
    if (line_width > 0 && line_width + 1 + word_width > available) {
      out += "\n";
      out += indent;
      line_width = 0;
    } else if (line_width > 0) {
      out += ' ';
      ++line_width;
    }
    out += word;
    line_width += word_width;
  }
  return out;
}

std::string fingerprint(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

}  // namespace hardock::report::detail
