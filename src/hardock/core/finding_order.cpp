#include "hardock/core/finding_order.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace hardock::core {

bool report_before(const Finding& a, const Finding& b) {
  if (a.severity != b.severity) return a.severity > b.severity;
  return std::tie(a.check_code, a.target.kind, a.target.name, a.target.id, a.location.file,
                  a.location.line, a.location.column, a.evidence, a.status) <
         std::tie(b.check_code, b.target.kind, b.target.name, b.target.id, b.location.file,
                  b.location.line, b.location.column, b.evidence, b.status);
}

bool file_before(const Finding& a, const Finding& b) {
  if (a.location.empty() != b.location.empty()) return !a.location.empty();
  if (const int files = a.location.file.compare(b.location.file); files != 0) return files < 0;
  if (a.location.line != b.location.line) return a.location.line < b.location.line;
  if (a.location.column != b.location.column) return a.location.column < b.location.column;
  return report_before(a, b);
}

std::vector<std::uint32_t> file_order(std::span<const Finding> findings) {
  constexpr std::uint32_t kNoFile = std::numeric_limits<std::uint32_t>::max();
  std::unordered_map<std::string_view, std::uint32_t> index_of;
  std::vector<std::string_view> files;
  std::vector<std::uint32_t> file_of(findings.size(), kNoFile);
  std::string_view last_file;
  std::uint32_t last_index = kNoFile;
  for (std::size_t at = 0; at < findings.size(); ++at) {
    const Finding& finding = findings[at];
    if (finding.location.empty()) continue;
    // A check's findings on one file tend to follow each other: the same file as the last one
    // is told by a comparison, without hashing the path again.
    if (last_index != kNoFile && finding.location.file == last_file) {
      file_of[at] = last_index;
      continue;
    }
    const auto [it, added] =
        index_of.try_emplace(finding.location.file, static_cast<std::uint32_t>(files.size()));
    if (added) files.push_back(finding.location.file);
    file_of[at] = it->second;
    last_file = finding.location.file;
    last_index = it->second;
  }
  std::vector<std::uint32_t> by_name(files.size());
  for (std::uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(),
            [&](std::uint32_t a, std::uint32_t b) { return files[a] < files[b]; });
  std::vector<std::uint32_t> rank(files.size());
  for (std::uint32_t position = 0; position < by_name.size(); ++position) {
    rank[by_name[position]] = position;
  }
  struct Key {
    std::uint32_t file;  // the rank, or kNoFile for a finding without a file
    std::uint32_t line;
    std::uint32_t column;
    std::uint32_t at;
  };
  std::vector<Key> keys;
  keys.reserve(findings.size());
  for (std::size_t at = 0; at < findings.size(); ++at) {
    const Finding& finding = findings[at];
    const std::uint32_t file = file_of[at] == kNoFile ? kNoFile : rank[file_of[at]];
    keys.push_back(
        {file, finding.location.line, finding.location.column, static_cast<std::uint32_t>(at)});
  }
  std::stable_sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    return report_before(findings[a.at], findings[b.at]);
  });
  std::vector<std::uint32_t> order;
  order.reserve(keys.size());
  for (const Key& key : keys) order.push_back(key.at);
  return order;
}

}  // namespace hardock::core
