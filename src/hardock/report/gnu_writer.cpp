// The GNU error format editors and CI annotate from: one line per finding,
// "FILE:LINE:COLUMN: SEVERITY: CODE title: evidence [slug]", in file and line order. A finding
// about a live object (no file) names the object where the file would be. Checks that could not
// look say so on their own line; nothing is left out silently.
#include <fmt/format.h>

#include <algorithm>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
// Named, not anonymous: the report library builds in unity batches.
namespace gnu {

std::string where(const core::Finding& finding) {
  return finding.location.empty() ? describe_target(finding.target)
                                  : source_position(finding.location);
}

}  // namespace gnu

std::vector<const core::Finding*> findings_by_file(const std::vector<core::Finding>& findings) {
  auto ordered = ordered_findings(findings);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const core::Finding* a, const core::Finding* b) {
                     // Findings with a file first, by file, line and column; the rest after.
                     if (a->location.empty() != b->location.empty()) return !a->location.empty();
                     return std::tie(a->location.file, a->location.line, a->location.column) <
                            std::tie(b->location.file, b->location.line, b->location.column);
                   });
  return ordered;
}

void write_gnu(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  for (const core::Finding* finding : findings_by_file(input.result.findings)) {
    std::string level =
        is_unchecked(*finding)
            ? "error: could not check (" + std::string(core::to_string(finding->status)) + ")"
            : std::string(core::to_string(finding->severity));
    const std::string line =
        fmt::format("{}: {}: {} {}: {} [{}]", gnu::where(*finding), level, finding->check_code,
                    finding->title, finding->evidence + accepted_suffix(*finding), finding->slug);
    sink.text += terminal_safe(io::one_line(line));
    sink.text += '\n';
    sink.spill();
  }
  for (const auto& check_result : input.result.checks) {
    if (check_result.outcome != audit::Outcome::kNotRun) continue;
    sink.text += terminal_safe(io::one_line(fmt::format(
        "hardock: note: {} not run: {}", check_result.check->info.code, check_result.reason)));
    sink.text += '\n';
  }
}

}  // namespace hardock::report::detail
