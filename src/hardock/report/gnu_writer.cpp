// The GNU error format editors and CI annotate from: one line per finding,
// "FILE:LINE:COLUMN: SEVERITY: CODE title: evidence [slug]", in file and line order. A finding
// about a live object (no file) names the object where the file would be. Checks that could not
// look say so on their own line; nothing is left out silently.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "hardock/report/parallel_render.h"
#include "hardock/report/writers.h"

namespace hardock::report::detail {
// Named, not anonymous: the report library builds in unity batches.
namespace gnu {

// "FILE:LINE:COLUMN: LEVEL: CODE title: evidence [slug]", as one line a terminal shows as text.
// Written straight into `out`, its pieces copied into room made once; only a line holding a byte
// outside printable ASCII (rare) is taken back out and escaped.
void append_line(std::string& out, const core::Finding& finding) {
  const std::size_t start = out.size();
  std::string place;  // a finding about a live object: the object
  char numbers[32];
  std::size_t numbers_size = 0;
  if (finding.location.empty()) {
    place = describe_target(finding.target);
  } else {
    // ":LINE:COLUMN", two numbers of at most ten digits each.
    const core::SourceLocation& at = finding.location;
    const auto add = [&](std::uint32_t number) {
      if (numbers_size >= sizeof numbers - 11) return;  // never: 22 of 32 bytes at most
      numbers[numbers_size++] = ':';
      const auto done = std::to_chars(numbers + numbers_size, numbers + sizeof numbers, number);
      numbers_size = static_cast<std::size_t>(done.ptr - numbers);
    };
    if (at.line > 0) {
      add(at.line);
      if (at.column > 0) add(at.column);
    }
  }
  const std::string_view where =
      finding.location.empty() ? std::string_view(place) : std::string_view(finding.location.file);
  const std::string accepted = finding.accepted ? accepted_suffix(finding) : std::string();
  std::string_view level;
  std::string unchecked;
  if (is_unchecked(finding)) {
    unchecked = "error: could not check (" + std::string(core::to_string(finding.status)) + ')';
    level = unchecked;
  } else {
    level = core::to_string(finding.severity);
  }
  const std::string_view pieces[] = {where,        std::string_view(numbers, numbers_size),
                                     ": ",         level,
                                     ": ",         finding.check_code,
                                     " ",          finding.title,
                                     ": ",         finding.evidence,
                                     accepted,     " [",
                                     finding.slug, "]\n"};
  std::size_t size = 0;
  for (const std::string_view piece : pieces) size += piece.size();
  out.resize(start + size);
  char* to = out.data() + start;
  for (const std::string_view piece : pieces) {
    std::memcpy(to, piece.data(), piece.size());
    to += piece.size();
  }
  const std::string_view line = std::string_view(out).substr(start, size - 1);
  if (!io::printable_ascii(line)) {
    const std::string copy(line);
    out.resize(start);
    io::append_terminal_safe(out, copy);
    out += '\n';
  }
}

}  // namespace gnu

std::vector<const core::Finding*> findings_by_file(const std::vector<core::Finding>& findings) {
  // Findings with a file first, by file, line and column, then in report order; the rest after,
  // in report order. The files are ranked once (one look-up per finding) so the sort compares
  // numbers, not paths.
  std::unordered_map<std::string_view, std::uint32_t> index_of;
  std::vector<std::string_view> files;
  std::vector<std::uint32_t> file_of(findings.size(), std::numeric_limits<std::uint32_t>::max());
  for (std::size_t at = 0; at < findings.size(); ++at) {
    const core::Finding& finding = findings[at];
    if (finding.location.empty()) continue;
    const auto [it, added] =
        index_of.try_emplace(finding.location.file, static_cast<std::uint32_t>(files.size()));
    if (added) files.push_back(finding.location.file);
    file_of[at] = it->second;
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
    std::uint32_t file;  // the rank, or the largest number for a finding without a file
    std::uint32_t line;
    std::uint32_t column;
    const core::Finding* finding;
  };
  std::vector<Key> keys;
  keys.reserve(findings.size());
  for (std::size_t at = 0; at < findings.size(); ++at) {
    const core::Finding& finding = findings[at];
    const std::uint32_t file =
        file_of[at] == std::numeric_limits<std::uint32_t>::max() ? file_of[at] : rank[file_of[at]];
    keys.push_back({file, finding.location.line, finding.location.column, &finding});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    if (a.column != b.column) return a.column < b.column;
    return report_order(a.finding, b.finding);
  });
  std::vector<const core::Finding*> ordered;
  ordered.reserve(keys.size());
  for (const Key& key : keys) ordered.push_back(key.finding);
  return ordered;
}

void write_gnu(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  const auto ordered = findings_by_file(input.result.findings);
  render_in_order(
      ordered.size(),
      [&](std::size_t first, std::size_t last, std::string& text) {
        for (std::size_t at = first; at < last; ++at) gnu::append_line(text, *ordered[at]);
      },
      sink);
  for (const auto& check_result : input.result.checks) {
    if (check_result.outcome != audit::Outcome::kNotRun) continue;
    io::append_terminal_safe(
        sink.text, fmt::format("hardock: note: {} not run: {}", check_result.check->info.code,
                               check_result.reason));
    sink.text += '\n';
  }
}

}  // namespace hardock::report::detail
