// JUnit XML for CI test-report viewers: one testsuite per COBIT domain (the
// report's own grouping), one testcase per selected check. A failing check carries
// one <failure> per finding, so every target shows; a check that could not
// look carries <error> per error finding, or <skipped> when all it has are
// skipped findings; a check whose input was absent is <skipped> with the reason, never a
// passed case. Suite and root counts are per testcase, worst outcome
// first (failure, then error, then skipped), as JUnit readers expect.
#include <fmt/format.h>
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hardock/report/writers.h"

namespace hardock::report::detail {
namespace {

struct Counts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
  void add(audit::Outcome outcome) {
    ++tests;
    if (outcome == audit::Outcome::kFail) ++failures;
    if (outcome == audit::Outcome::kError) ++errors;
    if (outcome == audit::Outcome::kSkipped || outcome == audit::Outcome::kNotRun) ++skipped;
  }
};

std::string attr(std::string_view text) { return xml_escape(text, true); }
std::string text(std::string_view value) { return xml_escape(value, false); }

std::string detail_text(const core::Finding& finding, bool with_remediation) {
  std::string out = describe_where(finding) + "\n";
  out += (is_unchecked(finding) ? "reason: " : "evidence: ") + finding.evidence + "\n";
  if (with_remediation) out += "remediation: " + std::string(finding.remediation) + "\n";
  return out;
}

// The ordered findings of each check, grouped once: a scan of every finding per testcase cost
// O(findings x checks) at 100,000 containers.
using FindingsByCheck = std::unordered_map<std::string_view, std::vector<const core::Finding*>>;

std::string testcase(std::string_view code, std::string_view slug, std::string_view title,
                     core::CobitDomain domain, const FindingsByCheck& by_check,
                     audit::Outcome outcome, std::string_view not_run_reason) {
  std::string body;
  std::string skipped_text;
  std::string accepted_text;
  static const std::vector<const core::Finding*> kNone;
  auto group = by_check.find(code);
  for (const core::Finding* finding : group == by_check.end() ? kNone : group->second) {
    switch (finding->status) {
      case core::FindingStatus::kFail:
        // An accepted risk does not fail the testcase; it is told in system-out.
        if (finding->accepted) {
          accepted_text +=
              detail_text(*finding, false) + "accepted: " + finding->accepted->text() + "\n";
          break;
        }
        body += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                            attr(finding->title), core::to_string(finding->severity),
                            text(detail_text(*finding, true)));
        break;
      case core::FindingStatus::kError:
        body += fmt::format("      <error message=\"{}\" type=\"could-not-check\">{}</error>\n",
                            attr("could not check: " + std::string(finding->title)),
                            text(detail_text(*finding, false)));
        break;
      case core::FindingStatus::kSkipped:
        skipped_text += detail_text(*finding, false);
        break;
    }
  }
  // JUnit allows one <skipped> and one <system-out> per testcase. <skipped>
  // marks the whole testcase skipped, so it is used only when nothing else
  // happened; otherwise the skip reasons go to system-out.
  if (outcome == audit::Outcome::kNotRun) {
    body += fmt::format("      <skipped message=\"{}\"/>\n",
                        attr("not run: " + std::string(not_run_reason)));
  }
  std::string system_out = accepted_text;
  if (!skipped_text.empty()) {
    if (outcome == audit::Outcome::kSkipped && accepted_text.empty()) {
      body += fmt::format("      <skipped message=\"{}\">{}</skipped>\n",
                          attr("could not check: " + std::string(title)), text(skipped_text));
    } else {
      system_out += "skipped:\n" + skipped_text;
    }
  }
  if (!system_out.empty()) {
    body += fmt::format("      <system-out>{}</system-out>\n", text(system_out));
  }
  std::string open = fmt::format(R"(    <testcase name="{} {}" classname="hardock.{}")", attr(code),
                                 attr(slug), core::to_string(domain));
  if (body.empty()) return open + "/>\n";
  return open + ">\n" + body + "    </testcase>\n";
}

}  // namespace

void write_junit(const ReportInput& input, const RenderOptions& /*options*/, Output& sink) {
  const auto& result = input.result;
  const auto ordered = ordered_findings(result.findings);
  FindingsByCheck by_check;
  // Findings of a check that was not selected are still reported, never dropped: each such
  // (domain, check) once, in finding order.
  std::vector<const core::Finding*> orphans;
  for (const core::Finding* finding : ordered) {
    auto& group = by_check[finding->check_code];
    if (group.empty() && result.find(finding->check_code) == nullptr) orphans.push_back(finding);
    group.push_back(finding);
  }

  std::string suites;
  Counts total;
  for (core::CobitDomain domain : core::kAllDomains) {
    Counts counts;
    std::string cases;
    for (const audit::CheckResult& check_result : result.checks) {
      const audit::Check& check = *check_result.check;
      if (cobit_ref(check.info.cobit).domain != domain) continue;
      counts.add(check_result.outcome);
      total.add(check_result.outcome);
      cases += testcase(check.info.code, check.info.slug, check.info.title, domain, by_check,
                        check_result.outcome, check_result.reason);
    }
    for (const core::Finding* first : orphans) {
      // The check's first finding in this domain (a check's findings may span domains).
      const auto& group = by_check.at(first->check_code);
      auto in_domain = std::find_if(group.begin(), group.end(),
                                    [&](const core::Finding* f) { return f->domain == domain; });
      if (in_domain == group.end()) continue;
      const core::Finding& finding = **in_domain;
      const audit::Outcome outcome = outcome_of(finding.check_code, result.findings);
      counts.add(outcome);
      total.add(outcome);
      cases +=
          testcase(finding.check_code, finding.slug, finding.title, domain, by_check, outcome, {});
    }
    if (counts.tests == 0) continue;  // a domain with no checks run says nothing
    suites += fmt::format(
        "  <testsuite name=\"{}\" id=\"{}\" package=\"hardock.{}\" hostname=\"{}\" tests=\"{}\" "
        "failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
        attr(core::domain_title(domain)), core::to_string(domain), core::to_string(domain),
        attr(input.host_name), counts.tests, counts.failures, counts.errors, counts.skipped);
    suites += "    <properties>\n";
    suites += fmt::format("      <property name=\"cobit.domain\" value=\"{}\"/>\n",
                          core::to_string(domain));
    suites += fmt::format("      <property name=\"engine.endpoint\" value=\"{}\"/>\n",
                          attr(input.endpoint));
    suites += fmt::format("      <property name=\"engine.version\" value=\"{}\"/>\n",
                          attr(input.engine_version));
    suites += fmt::format("      <property name=\"collected_at\" value=\"{}\"/>\n",
                          attr(input.collected_at));
    if (!input.started_at.empty()) {
      suites += fmt::format("      <property name=\"started_at\" value=\"{}\"/>\n",
                            attr(input.started_at));
    }
    suites += "    </properties>\n";
    suites += cases;
    suites += "  </testsuite>\n";
  }

  std::string& out = sink.text;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"hardock {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "skipped=\"{}\">\n",
      attr(input.tool_version), total.tests, total.failures, total.errors, total.skipped);
  out += suites;
  out += "</testsuites>\n";
}

}  // namespace hardock::report::detail
