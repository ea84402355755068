// The Markdown report, for pull-request comments, wikis and tickets: headline
// counts, the COBIT domain table, then findings by severity. Every cell is
// escaped (a | in evidence would otherwise split the row).
#include <fmt/format.h>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

std::string title_case(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string cobit_cell(const core::Finding& finding) {
  if (finding.cobit.empty()) return {};
  const CobitRef ref = cobit_ref(finding.cobit, finding.domain);
  std::string out = std::string(ref.practice);
  if (!ref.practice_name.empty()) out += " " + std::string(ref.practice_name);
  return markdown_escape(out);
}

void domain_table(std::string& out, const ReportInput& input) {
  out += "## COBIT 2019 domains\n\n";
  out +=
      "| Domain | Checks | Critical | High | Medium | Low | Info | Could not check | Not run | "
      "Score |\n";
  out += "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& domain : input.domains) {
    auto count = [&](core::Severity severity) {
      auto it = domain.counts.find(severity);
      return it == domain.counts.end() ? 0 : it->second;
    };
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                       markdown_escape(core::domain_title(domain.domain)), domain.checks,
                       count(core::Severity::kCritical), count(core::Severity::kHigh),
                       count(core::Severity::kMedium), count(core::Severity::kLow),
                       count(core::Severity::kInfo), domain.errors, domain.not_run,
                       domain.score ? std::to_string(*domain.score) : std::string("–"));
  }
  out += "\n";
}

}  // namespace

void write_markdown(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  const auto& result = input.result;
  const SeverityCounts counts = count_findings(result.findings);
  const auto ordered = ordered_findings(result.findings);
  std::string& out = sink.text;

  if (!input.files_linted.empty()) {
    out += "# hardock lint report\n\n";
    out += "- **Files:** " + markdown_escape(input.files_linted) + "\n";
  } else {
    out += "# hardock audit report\n\n";
    out += "- **Engine:** " + markdown_escape(input.endpoint);
    if (!input.engine_version.empty())
      out += " (Docker " + markdown_escape(input.engine_version) + ")";
    out += "\n";
    if (!input.host_name.empty()) out += "- **Host:** " + markdown_escape(input.host_name) + "\n";
  }
  if (!input.started_at.empty()) {
    out += "- **Started:** " + markdown_escape(input.started_at) + "\n";
  }
  if (!input.collected_at.empty()) {
    out += "- **Collected:** " + markdown_escape(input.collected_at) + "\n";
  }
  out += "- **hardock:** " + markdown_escape(input.tool_version) + "\n\n";

  out += fmt::format("**{} checks run, {} finding{}**", result.checks_run(), counts.failed(),
                     counts.failed() == 1 ? "" : "s");
  std::string parts;
  for (core::Severity severity : core::kAllSeverities) {
    parts += fmt::format("{}{} {}", parts.empty() ? "" : " · ", counts.at(severity),
                         core::to_string(severity));
  }
  out += ": " + parts;
  if (counts.accepted > 0) out += fmt::format(" · {} accepted", counts.accepted);
  if (counts.unchecked > 0) out += fmt::format(" · {} could not check", counts.unchecked);
  const int not_run = result.count(audit::Outcome::kNotRun);
  if (not_run > 0) out += fmt::format(" · {} checks not run", not_run);
  out += "\n\n";

  domain_table(out, input);

  out += "## Findings\n\n";
  if (counts.failed() == 0) {
    out += counts.unchecked == 0 && not_run == 0
               ? "No findings: every check that ran passed.\n\n"
               : "No failing findings, but some checks could not look (below).\n\n";
  }
  for (core::Severity severity : core::kAllSeverities) {
    if (counts.at(severity) == 0) continue;
    out +=
        fmt::format("### {} ({})\n\n", title_case(core::to_string(severity)), counts.at(severity));
    out += "| Check | Title | Target | Evidence | Remediation | CIS | COBIT |\n";
    out += "|---|---|---|---|---|---|---|\n";
    for (const core::Finding* finding : ordered) {
      if (finding->severity != severity || is_unchecked(*finding)) continue;
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n",
                         markdown_escape(finding->check_code), markdown_escape(finding->title),
                         markdown_escape(describe_where(*finding)),
                         markdown_escape(finding->evidence + accepted_suffix(*finding)),
                         markdown_escape(finding->remediation), markdown_escape(finding->cis),
                         cobit_cell(*finding));
      sink.spill();
    }
    out += "\n";
  }

  if (counts.unchecked > 0) {
    out += fmt::format("## Could not check ({})\n\n", counts.unchecked);
    out += "| Check | Title | Severity | Target | Status | Reason |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const core::Finding* finding : ordered) {
      if (!is_unchecked(*finding)) continue;
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", markdown_escape(finding->check_code),
                         markdown_escape(finding->title), core::to_string(finding->severity),
                         markdown_escape(describe_where(*finding)),
                         core::to_string(finding->status), markdown_escape(finding->evidence));
      sink.spill();
    }
    out += "\n";
  }
  if (not_run > 0) {
    out += fmt::format("## Not run ({})\n\n", not_run);
    out += "| Check | Title | Severity | Reason |\n";
    out += "|---|---|---|---|\n";
    for (const auto& check_result : result.checks) {
      if (check_result.outcome != audit::Outcome::kNotRun) continue;
      const auto& info = check_result.check->info;
      out += fmt::format("| {} | {} | {} | {} |\n", markdown_escape(info.code),
                         markdown_escape(info.title), core::to_string(info.severity),
                         markdown_escape(check_result.reason));
    }
    out += "\n";
  }
}

}  // namespace hardock::report::detail
