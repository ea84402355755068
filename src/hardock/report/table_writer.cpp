// The terminal report: findings grouped by severity (critical first), then
// what could not be checked, then the COBIT domain summary. Colour only when
// asked; engine-supplied text never reaches the terminal unescaped.
#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

constexpr std::string_view kFieldIndent = "                   ";  // under a field's value

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  [[nodiscard]] std::string operator()(std::string_view text, std::string_view sgr) const {
    if (!color_ || sgr.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
  }

 private:
  bool color_;
};

std::string_view severity_sgr(core::Severity severity) {
  switch (severity) {
    case core::Severity::kCritical:
      return "1;31";
    case core::Severity::kHigh:
      return "31";
    case core::Severity::kMedium:
      return "33";
    case core::Severity::kLow:
      return "36";
    case core::Severity::kInfo:
      return "2";
  }
  return "";
}

constexpr std::string_view kUncheckedSgr = "35";
constexpr std::string_view kBoldSgr = "1";
constexpr std::string_view kDimSgr = "2";

std::string_view score_sgr(int score) {
  if (score >= 90) return "32";
  if (score >= 70) return "33";
  return "31";
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

void field(std::string& out, const Painter& paint, std::string_view label, std::string_view value) {
  if (value.empty()) return;
  out += "    " + paint(fmt::format("{:<15}", label), kDimSgr);
  out += wrap(terminal_safe(value), kTextWidth, kFieldIndent);
  out += "\n";
}

std::string references(const core::Finding& finding) {
  std::string out;
  if (!finding.cis.empty()) out += "CIS " + finding.cis;
  if (!finding.cobit.empty()) {
    const CobitRef ref = cobit_ref(finding.cobit, finding.domain);
    if (!out.empty()) out += " | ";
    out += "COBIT " + std::string(ref.practice);
    if (!ref.practice_name.empty()) out += " " + std::string(ref.practice_name);
  }
  return out;
}

// One block per check: its targets (each with its evidence, or for a check
// that could not look, its status and reason), then the fix and references
// once, so fifty containers failing one check read as one list.
void check_block(Output& sink, const Painter& paint, std::span<const core::Finding* const> group) {
  std::string& out = sink.text;
  const core::Finding& first = *group.front();
  const bool unchecked = is_unchecked(first);
  std::string head =
      "  " + paint(terminal_safe(first.check_code), kBoldSgr) + "  " + terminal_safe(first.title);
  if (unchecked)
    head += "  " + paint("[" + std::string(core::to_string(first.severity)) + "]", kUncheckedSgr);
  out += head + "\n";
  bool first_line = true;
  for (const core::Finding* finding : group) {
    std::string line = describe_where(*finding) + ": ";
    if (unchecked) line += std::string(core::to_string(finding->status)) + ": ";
    line += finding->evidence + accepted_suffix(*finding);
    if (first_line) {
      out +=
          "    " + paint(fmt::format("{:<15}", group.size() == 1 ? "target" : "targets"), kDimSgr);
      first_line = false;
    } else {
      out += kFieldIndent;
    }
    // append, not operator+: g++ 12 warns falsely (-Warray-bounds) on string(view) + literal.
    std::string continuation(kFieldIndent);
    continuation.append("  ");
    out += wrap(terminal_safe(line), kTextWidth, continuation);
    out += '\n';
    sink.spill();  // a check failing on 100,000 containers is one block
  }
  if (!unchecked) field(out, paint, "remediation", first.remediation);
  field(out, paint, "references", references(first));
  out += "\n";
}

// Calls fn(group) for each run of findings with the same check code.
template <class Fn>
void for_each_check(const std::vector<const core::Finding*>& findings, Fn fn) {
  std::size_t start = 0;
  while (start < findings.size()) {
    std::size_t end = start + 1;
    while (end < findings.size() && findings[end]->check_code == findings[start]->check_code) ++end;
    fn(std::span<const core::Finding* const>(findings.data() + start, end - start));
    start = end;
  }
}

// The checks whose input was absent, grouped by the reason, codes listed once per reason.
void not_run_block(std::string& out, const Painter& paint, const audit::AuditResult& result) {
  out += paint(fmt::format("NOT RUN ({})", result.count(audit::Outcome::kNotRun)), kUncheckedSgr);
  out += "\n";
  std::vector<std::string_view> reasons;
  for (const auto& check_result : result.checks) {
    if (check_result.outcome != audit::Outcome::kNotRun) continue;
    if (std::find(reasons.begin(), reasons.end(), check_result.reason) == reasons.end()) {
      reasons.push_back(check_result.reason);
    }
  }
  for (std::string_view reason : reasons) {
    std::string codes;
    for (const auto& check_result : result.checks) {
      if (check_result.outcome != audit::Outcome::kNotRun || check_result.reason != reason) {
        continue;
      }
      codes += (codes.empty() ? "" : " ") + std::string(check_result.check->info.code);
    }
    out += "  " + wrap(terminal_safe(std::string(reason) + ":"), kTextWidth, "  ") + "\n";
    out += "    " + wrap(codes, kTextWidth, "    ") + "\n";
  }
  out += "\n";
}

std::string severity_summary(const SeverityCounts& counts) {
  std::string parts;
  for (core::Severity severity : core::kAllSeverities) {
    if (counts.at(severity) == 0) continue;
    if (!parts.empty()) parts += ", ";
    parts += fmt::format("{} {}", counts.at(severity), core::to_string(severity));
  }
  return parts;
}

void domain_table(std::string& out, const Painter& paint, const ReportInput& input) {
  out += paint("COBIT 2019 domains", kBoldSgr) + "\n";
  std::size_t title_width = 6;
  for (const auto& domain : input.domains) {
    title_width = std::max(title_width, display_width(core::domain_title(domain.domain)));
  }
  out +=
      paint(fmt::format("  {:<{}}  {:>6}  {:>8}  {:>4}  {:>6}  {:>3}  {:>4}  {:>6}  {:>7}  {:>5}",
                        "domain", title_width, "checks", "critical", "high", "medium", "low",
                        "info", "errors", "not run", "score"),
            kDimSgr);
  out += "\n";
  for (const auto& domain : input.domains) {
    auto count = [&](core::Severity severity) {
      auto it = domain.counts.find(severity);
      return it == domain.counts.end() ? 0 : it->second;
    };
    out += fmt::format("  {:<{}}  {:>6}  {:>8}  {:>4}  {:>6}  {:>3}  {:>4}  {:>6}  {:>7}  ",
                       core::domain_title(domain.domain), title_width, domain.checks,
                       count(core::Severity::kCritical), count(core::Severity::kHigh),
                       count(core::Severity::kMedium), count(core::Severity::kLow),
                       count(core::Severity::kInfo), domain.errors, domain.not_run);
    // A domain where no check looked has no score to speak of.
    out += domain.score ? paint(fmt::format("{:>5}", *domain.score), score_sgr(*domain.score))
                        : fmt::format("{:>5}", "-");
    out += "\n";
  }
}

}  // namespace

void write_table(const ReportInput& input, const RenderOptions& options, Output& sink) {
  const Painter paint(options.color);
  const auto& result = input.result;
  std::string& out = sink.text;

  if (!input.files_linted.empty()) {
    out += paint(fmt::format("hardock {} lint", terminal_safe(input.tool_version)), kBoldSgr);
    out += "\nfiles: " + wrap(terminal_safe(input.files_linted), kTextWidth, "       ") + "\n\n";
  } else {
    out += paint(fmt::format("hardock {} audit of {}", terminal_safe(input.tool_version),
                             terminal_safe(input.endpoint)),
                 kBoldSgr);
    out += "\n";
    std::string engine =
        "engine: Docker " +
        (input.engine_version.empty() ? "(unknown version)" : terminal_safe(input.engine_version));
    if (!input.host_name.empty()) engine += " on " + terminal_safe(input.host_name);
    if (!input.started_at.empty()) engine += ", run started " + terminal_safe(input.started_at);
    if (!input.collected_at.empty()) engine += ", collected " + terminal_safe(input.collected_at);
    out += engine + "\n\n";
  }

  const SeverityCounts counts = count_findings(result.findings);
  std::string headline = fmt::format("{} checks run: {} finding{}", result.checks_run(),
                                     counts.failed(), counts.failed() == 1 ? "" : "s");
  if (counts.failed() > 0) headline += " (" + severity_summary(counts) + ")";
  if (counts.accepted > 0) headline += fmt::format(", {} accepted", counts.accepted);
  if (counts.unchecked > 0) headline += fmt::format(", {} could not check", counts.unchecked);
  const int not_run = result.count(audit::Outcome::kNotRun);
  if (not_run > 0) headline += fmt::format("; {} checks not run", not_run);
  out += headline + "\n\n";

  const auto ordered = ordered_findings(result.findings);
  for (core::Severity severity : core::kAllSeverities) {
    if (counts.at(severity) == 0) continue;
    out += paint(fmt::format("{} ({})", upper(core::to_string(severity)), counts.at(severity)),
                 severity_sgr(severity));
    out += "\n";
    std::vector<const core::Finding*> failed;
    for (const core::Finding* finding : ordered) {
      if (finding->severity == severity && !is_unchecked(*finding)) failed.push_back(finding);
    }
    for_each_check(failed, [&](auto group) { check_block(sink, paint, group); });
  }
  if (counts.failed() == 0) {
    out += counts.unchecked == 0 && not_run == 0
               ? paint("No findings: every check that ran passed.", "32") + "\n\n"
               : std::string("No failing findings, but some checks could not look (below).\n\n");
  }
  if (counts.unchecked > 0) {
    out += paint(fmt::format("COULD NOT CHECK ({})", counts.unchecked), kUncheckedSgr) + "\n";
    std::vector<const core::Finding*> unchecked;
    for (const core::Finding* finding : ordered) {
      if (is_unchecked(*finding)) unchecked.push_back(finding);
    }
    for_each_check(unchecked, [&](auto group) { check_block(sink, paint, group); });
  }
  if (not_run > 0) not_run_block(out, paint, result);
  domain_table(out, paint, input);
}

}  // namespace hardock::report::detail
