// The GNU error format editors and CI annotate from: one line per finding,
// "FILE:LINE:COLUMN: SEVERITY: CODE title: evidence [slug]", in file and line order. A finding
// about a live object (no file) names the object where the file would be. Checks that could not
// look say so on their own line; nothing is left out silently.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "hardock/core/finding_order.h"
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
  std::vector<const core::Finding*> ordered;
  ordered.reserve(findings.size());
  // `hardock lint -f gnu` hands them over in this order already (sorted batch by batch on its
  // workers): a look along them costs far less than sorting 137,000 of them again.
  if (std::is_sorted(findings.begin(), findings.end(), core::file_before)) {
    for (const auto& finding : findings) ordered.push_back(&finding);
    return ordered;
  }
  for (const std::uint32_t at : core::file_order(findings)) ordered.push_back(&findings[at]);
  return ordered;
}

}  // namespace hardock::report::detail

namespace hardock::report {

void append_gnu_lines(std::string& out, std::span<const core::Finding* const> findings) {
  out.reserve(out.size() + findings.size() * 256);  // a lint finding's line is about 220 bytes
  for (const core::Finding* finding : findings) detail::gnu::append_line(out, *finding);
}

}  // namespace hardock::report

namespace hardock::report::detail {

void write_gnu(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  const auto ordered = findings_by_file(input.result.findings);
  render_in_order(
      ordered.size(),
      [&](std::size_t first, std::size_t last, std::string& text) {
        append_gnu_lines(text, std::span(ordered).subspan(first, last - first));
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
