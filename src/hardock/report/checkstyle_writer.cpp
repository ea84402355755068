// Checkstyle XML, which CI systems (Jenkins warnings, reviewdog, GitLab converters) read: one
// <file> per file, one <error> per finding with its line, column, severity, message and the
// rule as source. Findings about live objects go under a <file> named after the object; checks
// that could not look appear as errors, never as a clean file.
#include <fmt/format.h>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
// Named, not anonymous: the report library builds in unity batches.
namespace checkstyle {

std::string_view checkstyle_severity(const core::Finding& finding) {
  if (is_unchecked(finding)) return "error";
  switch (finding.severity) {
    case core::Severity::kCritical:
    case core::Severity::kHigh:
      return "error";
    case core::Severity::kMedium:
      return "warning";
    case core::Severity::kLow:
    case core::Severity::kInfo:
      return "info";
  }
  return "warning";
}

std::string attr(std::string_view text) { return xml_escape(text, true); }

}  // namespace checkstyle

void write_checkstyle(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  std::string& out = sink.text;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  std::string open_file;
  bool in_file = false;
  for (const core::Finding* finding : findings_by_file(input.result.findings)) {
    const std::string file =
        finding->location.empty() ? describe_target(finding->target) : finding->location.file;
    if (!in_file || file != open_file) {
      if (in_file) out += "  </file>\n";
      out += "  <file name=\"" + checkstyle::attr(file) + "\">\n";
      open_file = file;
      in_file = true;
    }
    std::string message =
        std::string(finding->title) + ": " + finding->evidence + accepted_suffix(*finding);
    if (is_unchecked(*finding)) {
      message =
          "could not check (" + std::string(core::to_string(finding->status)) + "): " + message;
    }
    out += fmt::format(
        "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" "
        "source=\"hardock.{}\"/>\n",
        finding->location.line, finding->location.column, checkstyle::checkstyle_severity(*finding),
        checkstyle::attr(message), checkstyle::attr(finding->check_code));
    sink.spill();
  }
  if (in_file) out += "  </file>\n";
  out += "</checkstyle>\n";
}

}  // namespace hardock::report::detail
