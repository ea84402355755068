#include "hardock/vulndb/security_support.h"

#include <vector>

#include "hardock/io/bounded_read.h"
#include "hardock/vulndb/feed_text.h"

namespace hardock::vulndb {
namespace security_support_detail {

constexpr std::size_t kMaxLineBytes = 64 * 1024;

bool is_space(char c) { return c == ' ' || c == '\t'; }

// The next space-separated field of `line` from `at`, moving `at` past it and the spaces after.
std::string_view next_field(std::string_view line, std::size_t& at) {
  const std::size_t start = at;
  while (at < line.size() && !is_space(line[at])) ++at;
  const std::string_view field = line.substr(start, at - start);
  while (at < line.size() && is_space(line[at])) ++at;
  return field;
}

}  // namespace security_support_detail

std::optional<SupportListName> support_list_name(std::string_view name) {
  if (const std::size_t slash = name.rfind('/'); slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  SupportListName list;
  constexpr std::string_view kEnded = "security-support-ended";
  constexpr std::string_view kLimited = "security-support-limited";
  std::string_view rest;
  if (name.starts_with(kEnded)) {
    list.ended = true;
    rest = name.substr(kEnded.size());
  } else if (name.starts_with(kLimited)) {
    rest = name.substr(kLimited.size());
  } else {
    return std::nullopt;
  }
  if (rest.empty()) return list;
  if (!rest.starts_with(".deb") || rest.size() == 4 || rest.size() > 7) return std::nullopt;
  for (char c : rest.substr(4)) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  list.release = "Debian:" + std::string(rest.substr(4));
  return list;
}

core::Result<std::size_t> decode_security_support(std::string_view text, std::string_view name,
                                                  const SupportList& list, ImportSink& sink) {
  using security_support_detail::next_field;
  std::size_t entries = 0;
  std::size_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const auto fail = [&](const std::string& problem) {
      return core::fail(core::ErrorCode::kMalformedInput,
                        shown_path(name) + ": line " + std::to_string(number) + ": " + problem);
    };
    if (line.size() > security_support_detail::kMaxLineBytes) return fail("longer than 64 KiB");
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t at = 0;
    while (at < line.size() && security_support_detail::is_space(line[at])) ++at;
    if (at == line.size() || line[at] == '#') continue;
    SupportEntry entry;
    entry.release = list.release;
    entry.ended = list.ended;
    entry.list = list.list;
    std::string_view package = next_field(line, at);
    if (package.size() > 2 && package.ends_with(".*")) {
      package.remove_suffix(2);
      entry.prefix = true;
    }
    if (auto problem = name_problem(package); !problem.empty()) {
      return fail("package name " + problem);
    }
    entry.source_package = std::string(package);
    if (list.ended) {
      const std::string_view version = next_field(line, at);
      const std::string_view date = next_field(line, at);
      if (version.empty() || date.empty()) {
        return fail("package " + shown(package) + ": no version and date");
      }
      if (auto problem = name_problem(version); !problem.empty()) return fail("version " + problem);
      if (auto problem = name_problem(date); !problem.empty()) return fail("date " + problem);
      entry.version = std::string(version);
      entry.date = std::string(date);
    }
    entry.note = summary_text(line.substr(at));
    while (!entry.note.empty() && security_support_detail::is_space(entry.note.back())) {
      entry.note.pop_back();
    }
    if (auto stored = sink.support(entry); !stored) return core::fail(stored.error());
    ++entries;
  }
  return entries;
}

core::Result<std::size_t> read_security_support(const std::string& path, const SupportList& list,
                                                ImportSink& sink) {
  auto text = io::read_regular_file(path, kMaxSupportFileBytes);
  if (!text) return core::fail(text.error().to_error());
  return decode_security_support(*text, path, list, sink);
}

}  // namespace hardock::vulndb
